// Scheduled submission: one BullMQ job scheduler per payer, so each payer's ready claims go
// out on a fixed interval without anyone asking. The scheduler id is derived from the payer,
// so running this again updates rather than duplicates. Redis holds the schedules; they are
// rebuilt from Postgres (the payer list) by running `rcm claims schedule` again.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { sqlRunner } from '../../db/sql.js';

export function submitSchedulerId(payerId: number): string {
  return `claims-submit-payer-${payerId}`;
}

export async function scheduleSubmissions(em: EntityManager, claimsQueue: Queue, everyMs: number | undefined): Promise<{ everyMs: number | null; schedulers: string[] }> {
  const payers = await sqlRunner(em)<{ id: number }>('select id from payer order by id');
  const ids = payers.map((p) => submitSchedulerId(p.id));
  for (const [i, payer] of payers.entries()) {
    if (everyMs === undefined) await claimsQueue.removeJobScheduler(ids[i]);
    else await claimsQueue.upsertJobScheduler(ids[i], { every: everyMs }, { name: 'submit', data: { payerId: payer.id } });
  }
  return { everyMs: everyMs ?? null, schedulers: ids };
}
