// Handlers of the `tasks` queue: the daily priority recompute, assignment and the rebalance, SLA
// escalation, and the appeal follow-up an outcome schedules.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { recomputeTaskPriorities } from '../src/services/tasks.service.js';
import { assignOpenTasks, rebalanceTasks } from '../src/services/tasks/task-assignment.service.js';
import { checkTaskSla } from '../src/services/tasks/task-sla.service.js';
import { defaultOfficeCalendar } from '../config/office-calendar.js';
import { followUpAppeal } from '../src/services/tasks/appeal-follow-up.service.js';

export const tasksHandlers: QueueHandlers<typeof catalog, 'tasks'> = {
  // Daily (src/services/task-schedule.service.ts): waiting tasks rise as their deadlines near.
  // A second run the same day rewrites nothing: the service writes only changed scores.
  reprioritize: async (_payload, ctx) => {
    const changed = await ctx.em.transactional((tx) => recomputeTaskPriorities(tx, { timezone: ctx.config.timezone, clock: ctx.clock }));
    ctx.log.info({ changed }, 'task priorities recomputed');
  },
  // At a task's due time (and one SLA later): escalates it up the chain if still open. Idempotent:
  // the task row is locked and its escalation level only rises (src/services/tasks/task-sla.service.ts).
  sla: async ({ taskId }, ctx) => {
    const calendar = { ...defaultOfficeCalendar, timezone: ctx.config.timezone };
    const result = await ctx.em.transactional((tx) => checkTaskSla(tx, taskId, ctx.clock.now(), calendar));
    ctx.log.info({ taskId, ...result }, 'task sla checked');
  },
  // Delayed from an `appealed` outcome; the service locks the appeal, so a redelivery opens nothing twice.
  'appeal-follow-up': async ({ taskId }, ctx) => {
    const outcome = await ctx.em.transactional((tx) => followUpAppeal(tx, taskId, { timezone: ctx.config.timezone, clock: ctx.clock }));
    ctx.log.info({ taskId, result: outcome.result, inquiryTaskId: outcome.inquiryTaskId }, 'appeal followed up');
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
