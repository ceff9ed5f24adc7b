// Repair of job schedulers Redis has lost: each schedule on record (job_schedule) whose scheduler
// Redis no longer holds is put back, with the payload validated against the catalogue again.
import { JobSchedulesRepository } from '../../db/repositories/job-schedules.repository.js';
import { hasJobScheduler } from '../../queues/job-lookup.js';
import { producer } from '../../queues/producer.js';
import { inRedis, type RepairContext } from './repair-context.js';

export async function repairSchedulers(ctx: RepairContext): Promise<number> {
  const schedules = await new JobSchedulesRepository(ctx.tx).savedBefore(ctx.graceMs);
  for (const schedule of schedules) {
    if (!(schedule.queue in ctx.queues.catalog)) continue;
    const queue = ctx.queues.get(schedule.queue);
    if (await inRedis(ctx, 'looking a scheduler up', hasJobScheduler(queue, schedule.schedulerId))) continue;
    const job = producer.scheduledJob(schedule.queue as never, schedule.jobName as never, schedule.payload as never);
    const repeat = schedule.pattern ? { pattern: schedule.pattern, ...(schedule.tz ? { tz: schedule.tz } : {}) } : { every: schedule.everyMs ?? undefined };
    await inRedis(ctx, 'putting a scheduler back', queue.upsertJobScheduler(schedule.schedulerId, repeat, job));
    const when = schedule.pattern ? `at "${schedule.pattern}" ${schedule.tz ?? 'UTC'}` : `every ${schedule.everyMs} ms`;
    ctx.repaired({ kind: 'scheduler', subject: `scheduler ${schedule.schedulerId} (${when})`, jobId: schedule.schedulerId });
  }
  return schedules.length;
}
