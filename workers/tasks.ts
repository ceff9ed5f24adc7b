// Handlers of the `tasks` queue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { recomputeTaskPriorities } from '../src/services/tasks.service.js';
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
};
