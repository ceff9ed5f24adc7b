// The task schedules. The rebalance: a job scheduler that adds `tasks.rebalance` every
// TASKS_REBALANCE_EVERY_MS. The daily task-priority recompute: one BullMQ job scheduler that adds `tasks.reprioritize` at
// a time of day in the office's zone (a cron pattern with its zone, so the hour holds across
// daylight-saving changes). Created when a process with the tasks workers starts; saving the same
// schedule again updates it. It is also recorded in job_schedule, from which the repair sweep
// puts it back if Redis loses it.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { JobSchedulesRepository } from '../db/repositories/job-schedules.repository.js';
import { jobIds } from '../queues/job-options.js';
import { producer } from '../queues/producer.js';
import { putCronScheduler } from './schedules/scheduled-jobs.service.js';

export const reprioritizeSchedulerId = jobIds.tasksReprioritizeScheduler;

/** "02:30" → the cron pattern "30 2 * * *" (minute hour, every day). */
export function dailyPattern(timeOfDay: string): string {
  const [hours, minutes] = timeOfDay.split(':').map(Number);
  return `${minutes} ${hours} * * *`;
}

export async function scheduleDailyReprioritize(em: EntityManager, tasksQueue: Queue, options: { at: string; timezone: string }): Promise<{ schedulerId: string; pattern: string; tz: string }> {
  const pattern = dailyPattern(options.at);
  const job = producer.scheduledJob('tasks', 'reprioritize', {});
  await putCronScheduler(em, tasksQueue, { schedulerId: reprioritizeSchedulerId, queueName: 'tasks', job, pattern, timezone: options.timezone });
  return { schedulerId: reprioritizeSchedulerId, pattern, tz: options.timezone };
}

export const rebalanceSchedulerId = jobIds.tasksRebalanceScheduler;

/** The rebalance on an interval, recorded in job_schedule like the daily recompute (repair puts it back). */
export async function scheduleRebalance(em: EntityManager, tasksQueue: Queue, everyMs: number): Promise<{ schedulerId: string; everyMs: number }> {
  const job = producer.scheduledJob('tasks', 'rebalance', {});
  await new JobSchedulesRepository(em).save({ schedulerId: rebalanceSchedulerId, queue: 'tasks', jobName: job.name, payload: job.data, everyMs });
  await tasksQueue.upsertJobScheduler(rebalanceSchedulerId, { every: everyMs }, job);
  return { schedulerId: rebalanceSchedulerId, everyMs };
}
