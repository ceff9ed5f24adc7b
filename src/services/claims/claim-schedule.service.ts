// Scheduled submission: one BullMQ job scheduler per payer, so each payer's ready claims go
// out on a fixed interval without anyone asking. The scheduler id is derived from the payer,
// so running this again updates rather than duplicates. Redis runs the schedules; each is also
// saved in job_schedule, from which the repair sweep puts back a scheduler Redis has lost.
// A scheduler is something the outbox cannot express; the producer validates its payload.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { SubmissionsRepository } from '../../db/repositories/submissions.repository.js';
import { JobSchedulesRepository } from '../../db/repositories/job-schedules.repository.js';
import { jobIds } from '../../queues/job-options.js';
import { producer } from '../../queues/producer.js';

export const submitSchedulerId = jobIds.claimsSubmitScheduler;

export async function scheduleSubmissions(em: EntityManager, claimsQueue: Queue, everyMs: number | undefined): Promise<{ everyMs: number | null; schedulers: string[] }> {
  const payerIds = await new SubmissionsRepository(em).allPayerIds();
  const schedules = new JobSchedulesRepository(em);
  const schedulers = payerIds.map(submitSchedulerId);
  for (const [i, payerId] of payerIds.entries()) {
    if (everyMs === undefined) {
      // The record first: a scheduler removed from Redis but still on record would come back.
      await schedules.remove([schedulers[i]]);
      await claimsQueue.removeJobScheduler(schedulers[i]);
    } else {
      const job = producer.scheduledJob('claims', 'submit', { payerId });
      await claimsQueue.upsertJobScheduler(schedulers[i], { every: everyMs }, job);
      await schedules.save({ schedulerId: schedulers[i], queue: 'claims', jobName: job.name, payload: job.data, everyMs });
    }
  }
  return { everyMs: everyMs ?? null, schedulers };
}
