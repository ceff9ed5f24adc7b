// Handlers of the `tasks` queue: the daily priority recompute, assignment and the rebalance.
// SLA escalation arrives with its own part of the tasks issue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { recomputeTaskPriorities } from '../src/services/tasks.service.js';
import { assignOpenTasks, rebalanceTasks } from '../src/services/tasks/task-assignment.service.js';

export const tasksHandlers: QueueHandlers<typeof catalog, 'tasks'> = {
  // Daily (src/services/task-schedule.service.ts): waiting tasks rise as their deadlines near.
  // A second run the same day rewrites nothing: the service writes only changed scores.
  reprioritize: async (_payload, ctx) => {
    const changed = await ctx.em.transactional((tx) => recomputeTaskPriorities(tx, { timezone: ctx.config.timezone, clock: ctx.clock }));
    ctx.log.info({ changed }, 'task priorities recomputed');
  },
  // Assignment takes only open tasks, so a repeated job assigns nothing twice.
  assign: async ({ taskId }, ctx) => {
    const result = await assignOpenTasks(ctx.em, { fromTaskId: taskId, toTaskId: taskId }, { clock: ctx.clock });
    ctx.log.info({ taskId, ...result }, 'task offered');
  },
  'assign-batch': async ({ fromTaskId, toTaskId }, ctx) => {
    const result = await assignOpenTasks(ctx.em, { fromTaskId, toTaskId }, { clock: ctx.clock });
    ctx.log.info({ fromTaskId, toTaskId, ...result }, 'tasks offered');
  },
  // On an interval (task-schedule.service.ts); each step only moves tasks still in the state it looks for.
  rebalance: async (_payload, ctx) => {
    const result = await rebalanceTasks(ctx.em, { clock: ctx.clock });
    ctx.log.info({ ...result }, 'tasks rebalanced');
  },
};
