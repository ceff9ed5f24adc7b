// Polls Postgres for what a CLI `--wait` or a test waits on: a claims file settled (imported
// or rejected, and none of its claims still a draft), an acknowledgment file applied, or a
// payer's ready claims all batched. Postgres, not Redis, is the record of what happened.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sleep } from '../../util/time.js';
import { RcmError } from '../../errors.js';
import { importOutcome, type ImportOutcome } from './claim-import.service.js';
import { ackOutcome, type AckOutcome } from './claim-ack.service.js';
import { sqlRunner } from '../../db/sql.js';

export class WaitTimeoutError extends RcmError {
  override name = 'WaitTimeoutError';
}

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
    const [row] = await sqlRunner(fork)<{ n: number }>(`select count(*)::int as n from claim where source_file_id = ? and status = 'draft'`, [fileId]);
    return row.n === 0 ? outcome : undefined;
  });
}

export function waitForAck(em: EntityManager, fileId: number, timeoutMs: number): Promise<AckOutcome> {
  return poll(`acknowledgment file ${fileId}`, timeoutMs, () => ackOutcome(em.fork(), fileId));
}

/** Until the outbox rows given were delivered and no claim of these payers is ready or in an unsent batch. */
export function waitForSubmission(em: EntityManager, payerIds: number[], timeoutMs: number): Promise<true> {
  return poll('claim submission', timeoutMs, async () => {
    const [row] = await sqlRunner(em.fork())<{ n: number }>(
      `select (select count(*) from claim where payer_id = any(?) and status = 'ready')
            + (select count(*) from submission where payer_id = any(?) and status = 'built')
            + (select count(*) from outbox where sent_at is null and queue = 'claims' and job_name = 'submit') as n`,
      [payerIds, payerIds],
    );
    return Number(row.n) === 0 ? true : undefined;
  });
}
