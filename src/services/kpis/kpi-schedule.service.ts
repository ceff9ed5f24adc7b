// The daily KPI snapshot's schedule: one BullMQ job scheduler adding `reconciliation.kpi-snapshot`
// (no asOf: the day before) at config/kpis.ts's time in the office's zone. Created when a process
// with the reconciliation workers starts, and recorded in job_schedule first, so the repair sweep
// puts it back if Redis loses it. Saving it again updates it.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { JobSchedulesRepository } from '../../db/repositories/job-schedules.repository.js';
import { jobIds } from '../../queues/job-options.js';
import { producer } from '../../queues/producer.js';
import { dailyPattern } from '../task-schedule.service.js';

export const kpiSnapshotSchedulerId = jobIds.kpiSnapshotScheduler;

export async function scheduleDailyKpiSnapshot(em: EntityManager, reconciliationQueue: Queue, options: { at: string; timezone: string }): Promise<{ schedulerId: string; pattern: string; tz: string }> {
  const pattern = dailyPattern(options.at);
  const job = producer.scheduledJob('reconciliation', 'kpi-snapshot', {});
  await new JobSchedulesRepository(em).save({ schedulerId: kpiSnapshotSchedulerId, queue: 'reconciliation', jobName: job.name, payload: job.data, everyMs: null, pattern, tz: options.timezone });
  await reconciliationQueue.upsertJobScheduler(kpiSnapshotSchedulerId, { pattern, tz: options.timezone }, job);
  return { schedulerId: kpiSnapshotSchedulerId, pattern, tz: options.timezone };
}
