// Intake and the `posting.era` job: an 835 is stored and its job enqueued in one transaction
// (CLI, API and inbox all come through receiveEra); the job stages the file's remittances and
// fans each out as a posting flow.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { CarcTable } from '../../domain/remittance/index.js';
import { enqueue } from '../../queues/producer.js';
import { receiveEdiFile } from '../edi-intake.service.js';
import { stageEraFile, type StageOutcome } from './era-staging.service.js';
import { addPostingFlows } from './posting-flow.js';

export interface ReceivedEra {
  fileId: number;
  /** The same bytes arrived before: nothing is enqueued again. */
  duplicate: boolean;
}

/** Stores the file and enqueues `posting.era` in the caller's transaction. */
export async function receiveEra(em: EntityManager, input: { fileName: string; content: Buffer }): Promise<ReceivedEra> {
  const received = await receiveEdiFile(em, { kind: '835', fileName: input.fileName, content: input.content });
  if (!received.duplicate) {
    enqueue(em, 'posting', 'era', { fileId: received.fileId });
    await em.flush();
  }
  return received;
}

export interface EraJobDeps {
  postingQueue: Queue;
  queuePrefix: string;
  carcTable: CarcTable;
  timezone: string;
  chunkClaims?: number;
}

export async function postEraFile(em: EntityManager, fileId: number, deps: EraJobDeps): Promise<StageOutcome> {
  const outcome = await stageEraFile(em, fileId, deps);
  const toPost = outcome.remittances.filter((r) => r.status === 'staged');
  if (toPost.length > 0) await addPostingFlows(deps.postingQueue, deps.queuePrefix, toPost);
  return outcome;
}

/** Whether a file from a clearinghouse mailbox is an 835 (routed to posting, not to the ack reader). */
export function isEra835(content: Buffer): boolean {
  const head = content.subarray(0, 4096).toString('latin1');
  const separator = head.trimStart()[3] ?? '*';
  return head.includes(`ST${separator}835${separator}`);
}
