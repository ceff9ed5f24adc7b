// Scheduled submission: one BullMQ job scheduler per payer, so each payer's ready claims go
// out on a fixed interval without anyone asking. The scheduler id is derived from the payer,
// so running this again updates rather than duplicates. Redis holds the schedules; they are
// rebuilt from Postgres (the payer list) by running `rcm claims schedule` again. A scheduler is
// something the outbox cannot express; the producer validates its payload against the catalogue.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { SubmissionsRepository } from '../../db/repositories/submissions.repository.js';
import { jobIds } from '../../queues/job-options.js';
import { producer } from '../../queues/producer.js';

export const submitSchedulerId = jobIds.claimsSubmitScheduler;

export async function scheduleSubmissions(em: EntityManager, claimsQueue: Queue, everyMs: number | undefined): Promise<{ everyMs: number | null; schedulers: string[] }> {
  const payerIds = await new SubmissionsRepository(em).allPayerIds();
  const schedulers = payerIds.map(submitSchedulerId);
  for (const [i, payerId] of payerIds.entries()) {
    if (everyMs === undefined) await claimsQueue.removeJobScheduler(schedulers[i]);
    else await claimsQueue.upsertJobScheduler(schedulers[i], { every: everyMs }, producer.scheduledJob('claims', 'submit', { payerId }));
  }
  return { everyMs: everyMs ?? null, schedulers };
}
