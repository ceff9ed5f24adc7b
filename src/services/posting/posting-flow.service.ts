// An ERA fans out as a BullMQ flow per remittance: one `chunk` child per chunk the era job staged,
// under a `finalize` parent, which runs once every chunk has posted. Both are validated and added
// through the producer; their ids (job-options.ts) come from the remittance id and the claim
// range, so adding the flow again (the era job re-run) adds nothing twice.
import { Job, type Queue } from 'bullmq';
import { jobIds } from '../../queues/job-options.js';
import { producer } from '../../queues/producer.js';
import type { ChunkRange } from './era-staging.service.js';

export const finalizeJobId = jobIds.postingFinalize;
export const chunkJobId = jobIds.postingChunk;

/** Adds the posting flow of each remittance over the posting queue's own connection and prefix. */
export async function addPostingFlows(
  postingQueue: Queue, prefix: string, remittances: ReadonlyArray<{ remittanceId: number; chunks: readonly ChunkRange[] }>,
): Promise<void> {
  await producer.addFlows({ connection: postingQueue.opts.connection, prefix }, remittances.map(({ remittanceId, chunks }) => ({
    parent: producer.flowJob('posting', 'finalize', { remittanceId }, jobIds.postingFinalize(remittanceId)),
    children: chunks.map(({ from, to }) => producer.flowJob('posting', 'chunk', { remittanceId, from, to }, jobIds.postingChunk(remittanceId, from, to))),
  })));
}

/** Shows posting progress (claims posted of all) on the finalize job, which the board lists. */
export async function reportProgress(postingQueue: Queue, remittanceId: number, posted: number, total: number): Promise<void> {
  const parent = await Job.fromId(postingQueue, jobIds.postingFinalize(remittanceId));
  if (!parent) return;
  await parent.updateProgress({ postedClaims: posted, claims: total, percent: total ? Math.floor((posted * 100) / total) : 100 });
}
