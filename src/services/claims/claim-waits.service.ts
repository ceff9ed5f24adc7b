// Polls Postgres for what a CLI `--wait` or a test waits on: a claims file settled (imported
// or rejected, and none of its claims still a draft), an acknowledgment file applied, or a
// payer's ready claims all batched. Postgres, not Redis, is the record of what happened.
// Each poll reads in a fresh fork, so it sees what other processes committed since.
import type { EntityManager } from '@mikro-orm/postgresql';
import { ClaimHistoryRepository } from '../../db/repositories/claim-history.repository.js';
import { SubmissionsRepository } from '../../db/repositories/submissions.repository.js';
import { RcmError } from '../../errors.js';
import { sleep } from '../../util/time.js';
import { ackOutcome, type AckOutcome } from './claim-ack.service.js';
import { importOutcome, type ImportOutcome } from './claim-import.service.js';

export class WaitTimeoutError extends RcmError {
  override name = 'WaitTimeoutError';
}

// Wall-clock polling, not business time: how long a person at the terminal waits.
async function poll<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new WaitTimeoutError(`${what} did not finish within ${Math.round(timeoutMs / 1000)} s; is the engine running (npm start)?`);
    await sleep(200);
  }
}

export function waitForImport(em: EntityManager, fileId: number, timeoutMs: number): Promise<ImportOutcome> {
  return poll(`claims file ${fileId}`, timeoutMs, async () => {
    const fork = em.fork();
    const outcome = await importOutcome(fork, fileId);
    if (!outcome) return undefined;
    return (await new ClaimHistoryRepository(fork).countDraftsFromFile(fileId)) === 0 ? outcome : undefined;
  });
}

export function waitForAck(em: EntityManager, fileId: number, timeoutMs: number): Promise<AckOutcome> {
  return poll(`acknowledgment file ${fileId}`, timeoutMs, () => ackOutcome(em.fork(), fileId));
}

/** Until no claim of these payers is ready or in an unsent batch, and no submit job waits in the outbox. */
export function waitForSubmission(em: EntityManager, payerIds: number[], timeoutMs: number): Promise<true> {
  return poll('claim submission', timeoutMs, async () => ((await new SubmissionsRepository(em.fork()).countPendingWork(payerIds)) === 0 ? true : undefined));
}
