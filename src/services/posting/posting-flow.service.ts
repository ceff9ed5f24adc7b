// An ERA fans out as a BullMQ flow per remittance: one `chunk` child per chunk the era job staged,
// under a `finalize` parent, which runs once every chunk has posted. Both are validated and added
// through the producer; their ids (job-options.ts) come from the remittance's job key and the
// claim range, so adding the flow again (the era job re-run, a repair) adds nothing twice, and a
// remittance of a recreated or restored database never meets another remittance's finished flow.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Job, type Queue } from 'bullmq';
import { jobIds } from '../../queues/job-options.js';
import { producer } from '../../queues/producer.js';
import { RemittancesRepository } from '../../db/repositories/remittances.repository.js';
import type { ChunkRange } from './era-staging.service.js';

/** Adds the posting flow of each remittance over the posting queue's own connection and prefix. */
export async function addPostingFlows(
  em: EntityManager, postingQueue: Queue, prefix: string, remittances: ReadonlyArray<{ remittanceId: number; chunks: readonly ChunkRange[] }>,
): Promise<void> {
  const keys = await new RemittancesRepository(em).jobKeys(remittances.map((r) => r.remittanceId));
  await producer.addFlows({ connection: postingQueue.opts.connection, prefix }, remittances.map(({ remittanceId, chunks }) => {
    const key = keys.get(remittanceId);
    if (!key) throw new Error(`remittance ${remittanceId} is not in the database`);
    return {
      parent: producer.flowJob('posting', 'finalize', { remittanceId }, jobIds.postingFinalize(key)),
      children: chunks.map(({ from, to }) => producer.flowJob('posting', 'chunk', { remittanceId, from, to }, jobIds.postingChunk(key, from, to))),
    };
  }));
}

/** The id of a remittance's finalize job, which carries its progress. */
export async function finalizeJobId(em: EntityManager, remittanceId: number): Promise<string | undefined> {
  const key = (await new RemittancesRepository(em).jobKeys([remittanceId])).get(remittanceId);
  return key && jobIds.postingFinalize(key);
}

/** Shows posting progress (claims posted of all) on the finalize job, which the board lists. */
export async function reportProgress(em: EntityManager, postingQueue: Queue, remittanceId: number, posted: number, total: number): Promise<void> {
  const id = await finalizeJobId(em, remittanceId);
  const parent = id && (await Job.fromId(postingQueue, id));
  if (!parent) return;
  await parent.updateProgress({ postedClaims: posted, claims: total, percent: total ? Math.floor((posted * 100) / total) : 100 });
}
