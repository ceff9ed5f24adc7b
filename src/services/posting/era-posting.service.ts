// The `posting.era` job: an 835 stored with its job in one transaction (receiveEra in
// src/services/intake.service.ts, for CLI, API and inbox) is staged and each remittance fanned
// out as a posting flow.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { CarcTable } from '../../domain/remittance/index.js';
import { stageEraFile, type StageOutcome } from './era-staging.service.js';
import { addPostingFlows } from './posting-flow.js';

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
