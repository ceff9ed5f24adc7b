// An ERA fans out as a BullMQ flow per remittance: one `chunk` child per chunk the era job staged,
// under a `finalize` parent, which runs once every chunk has posted. Job ids come from the
// remittance id and the claim range, so adding the flow again (the era job re-run) adds nothing twice.
import { FlowProducer, Job, type Queue } from 'bullmq';
import { defaultJobOptions } from '../../queues/queue-set.js';
import type { ChunkRange } from './era-staging.service.js';

export function finalizeJobId(remittanceId: number): string {
  return `posting-rem-${remittanceId}-finalize`;
}

export function chunkJobId(remittanceId: number, from: number, to: number): string {
  return `posting-rem-${remittanceId}-chunk-${from}-${to}`;
}

/** Adds the posting flow of each remittance over the posting queue's own connection and prefix. */
export async function addPostingFlows(
  postingQueue: Queue, prefix: string, remittances: ReadonlyArray<{ remittanceId: number; chunks: readonly ChunkRange[] }>,
): Promise<void> {
  const flows = new FlowProducer({ connection: postingQueue.opts.connection, prefix });
  flows.on('error', () => undefined); // the add below rejects with the same error
  // FlowProducer does not apply the queue's defaults: attempts, backoff and retention come from config.
  const opts = defaultJobOptions('posting');
  try {
    for (const { remittanceId, chunks } of remittances) {
      await flows.add({
        name: 'finalize',
        queueName: 'posting',
        data: { remittanceId },
        opts: { ...opts, jobId: finalizeJobId(remittanceId) },
        children: chunks.map(({ from, to }) => ({
          name: 'chunk',
          queueName: 'posting',
          data: { remittanceId, from, to },
          opts: { ...opts, jobId: chunkJobId(remittanceId, from, to) },
        })),
      });
    }
  } finally {
    await flows.close();
  }
}

/** Shows posting progress (claims posted of all) on the finalize job, which the board lists. */
export async function reportProgress(postingQueue: Queue, remittanceId: number, posted: number, total: number): Promise<void> {
  const parent = await Job.fromId(postingQueue, finalizeJobId(remittanceId));
  if (!parent) return;
  await parent.updateProgress({ postedClaims: posted, claims: total, percent: total ? Math.floor((posted * 100) / total) : 100 });
}
