// The scheduled jobs of config/schedules.ts as BullMQ job schedulers: created (or updated) when a
// process with their queue's workers starts, so they show on the board; removed when disabled.
// Each is recorded in job_schedule first, so the repair sweep puts back one Redis has lost. Also
// what `rcm schedules list` shows and `rcm schedules run` does: one run now, through the outbox,
// for a given office day.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { SCHEDULES, type ScheduleDefinition } from '../../../config/schedules.js';
import { JobSchedulesRepository } from '../../db/repositories/job-schedules.repository.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { isCalendarDate } from '../../domain/calendar-date.js';
import { todayIn, type Clock } from '../../domain/clock.js';
import { nextRunOf, scheduleNamed, schedulesOf } from '../../domain/schedules.js';
import { BadInputError } from '../../errors.js';
import { jobIds } from '../../queues/job-options.js';
import { enqueue, producer, type ScheduledJob } from '../../queues/producer.js';
import type { QueueName } from '../../queues/registry.js';

/** A cron scheduler on record and in Redis. Saving it again updates it (same id). */
export async function putCronScheduler(
  em: EntityManager, queue: Queue, scheduler: { schedulerId: string; queueName: string; job: ScheduledJob; pattern: string; timezone: string },
): Promise<void> {
  const { schedulerId, queueName, job, pattern, timezone } = scheduler;
  // The record first: if Redis refuses now, the repair sweep still puts the scheduler in later.
  await new JobSchedulesRepository(em).save({ schedulerId, queue: queueName, jobName: job.name, payload: job.data, everyMs: null, pattern, tz: timezone });
  await queue.upsertJobScheduler(schedulerId, { pattern, tz: timezone }, job);
}

/** Off the record first (else the sweep would put it back), then out of Redis. */
export async function removeScheduler(em: EntityManager, queue: Queue, schedulerId: string): Promise<void> {
  await new JobSchedulesRepository(em).remove([schedulerId]);
  await queue.removeJobScheduler(schedulerId);
}

export interface ScheduledQueueJobs {
  created: string[];
  removed: string[];
}

/**
 * The schedulers of one queue's scheduled jobs, in the office's zone. Their runs leave `asOf`
 * out: each run is for the office's today when it runs (src/domain/as-of.ts).
 */
export async function scheduleQueueJobs(
  em: EntityManager, queue: Queue, queueName: string, timezone: string, schedules: readonly ScheduleDefinition[] = SCHEDULES,
): Promise<ScheduledQueueJobs> {
  const result: ScheduledQueueJobs = { created: [], removed: [] };
  for (const schedule of schedulesOf(queueName, schedules)) {
    const schedulerId = jobIds.configuredScheduler(schedule.name);
    if (!schedule.enabled) {
      await removeScheduler(em, queue, schedulerId);
      result.removed.push(schedule.name);
      continue;
    }
    const job = producer.scheduledJob(schedule.queue as QueueName, schedule.job as never, {} as never);
    await putCronScheduler(em, queue, { schedulerId, queueName, job, pattern: schedule.pattern, timezone });
    result.created.push(schedule.name);
  }
  return result;
}

export interface ScheduleView {
  name: string;
  queue: string;
  job: string;
  pattern: string;
  timezone: string;
  enabled: boolean;
  description: string;
  schedulerId: string;
  /** When it next runs (ISO, from the pattern in the zone); null when disabled. */
  nextRun: string | null;
  /** Whether Redis holds its scheduler now (false until a worker of its queue has started); null when Redis was not asked. */
  scheduled: boolean | null;
}

/** Every scheduled job with its next run; `isScheduled` asks Redis about a scheduler id (left out: not asked). */
export async function listSchedules(
  options: { timezone: string; clock: Clock; isScheduled?: (queue: string, schedulerId: string) => Promise<boolean> },
  schedules: readonly ScheduleDefinition[] = SCHEDULES,
): Promise<ScheduleView[]> {
  const now = options.clock.now();
  return Promise.all(schedules.map(async (s) => {
    const schedulerId = jobIds.configuredScheduler(s.name);
    return {
      name: s.name, queue: s.queue, job: s.job, pattern: s.pattern, timezone: options.timezone, enabled: s.enabled, description: s.description,
      schedulerId, nextRun: s.enabled ? nextRunOf(s.pattern, options.timezone, now).toISOString() : null,
      scheduled: options.isScheduled ? await options.isScheduled(s.queue, schedulerId) : null,
    };
  }));
}

export interface ScheduleRun {
  name: string;
  queue: string;
  job: string;
  asOf: string;
}

/**
 * One run of a scheduled job now, for the office day `asOf` (today in the office's zone when not
 * given), enqueued through the outbox in the caller's transaction and audited. The handlers are
 * idempotent for a day, so running one twice changes nothing the second time.
 */
export async function runScheduleNow(
  em: EntityManager, name: string, options: { asOf?: string; actor: string; timezone: string; clock: Clock },
): Promise<ScheduleRun> {
  const schedule = scheduleNamed(name);
  if (options.asOf !== undefined && !isCalendarDate(options.asOf)) {
    throw new BadInputError(`as-of date "${options.asOf}" is not a calendar date in YYYY-MM-DD form`);
  }
  const asOf = options.asOf ?? todayIn(options.clock, options.timezone);
  enqueue(em, schedule.queue as QueueName, schedule.job as never, { asOf } as never);
  await em.flush();
  await new AuditRepository(sqlRunner(em)).record({
    actor: options.actor, action: 'schedules.run', subjectType: 'schedule', subjectId: schedule.name, detail: { asOf },
  }, options.clock.now());
  return { name: schedule.name, queue: schedule.queue, job: schedule.job, asOf };
}
