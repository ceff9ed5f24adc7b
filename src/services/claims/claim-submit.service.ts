// The `claims.submit` job's work for one payer: group its ready claims into 837P batches, write
// each with fresh ISA/GS/ST control numbers, record the batch and move its claims to submitted
// (one transaction per batch), then hand the file to the clearinghouse adapter. A batch that
// was built but not sent (the process died in between) is sent by the next attempt.
import type { EntityManager } from '@mikro-orm/postgresql';
import { clearinghouseConfig as defaultConfig, type ClearinghouseConfig } from '../../../config/clearinghouse.js';
import { createClearinghouse, type ClearinghouseAdapter } from '../../clearinghouse/adapter.js';
import { write837p } from '../../domain/x12/837p-writer.js';
import { X12Error } from '../../domain/x12/x12-error.js';
import { BadInputError } from '../../errors.js';
import { enqueue } from '../../queues/producer.js';
import { loadFileContent, receiveEdiFile } from '../edi-intake.service.js';
import { receiveAckFile } from './claim-ack.service.js';
import { ClaimsRepository, type StoredClaim } from '../../db/repositories/claims.repository.js';
import { moveClaims } from './claim-status.js';
import { holdUnwritableClaim } from './claim-hold.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { isEra835, receiveEra } from '../posting/era-posting.service.js';

export interface SubmitOptions {
  timezone: string;
  clearinghouse?: ClearinghouseConfig;
  adapter?: ClearinghouseAdapter;
  now?: () => Date;
}

export interface SubmittedBatch {
  submissionId: number;
  controlNumber: number;
  claims: number;
  chargeCents: number;
  fileName: string;
}

export interface SubmitOutcome {
  submissions: SubmittedBatch[];
  claims: number;
  /** More ready claims remain; a follow-up submit job was enqueued (rate limit or batch cap). */
  deferred: boolean;
}

interface BuiltBatch extends SubmittedBatch { content: string }

export async function submitReadyClaims(em: EntityManager, payerId: number, options: SubmitOptions): Promise<SubmitOutcome> {
  const config = options.clearinghouse ?? defaultConfig;
  const adapter = options.adapter ?? createClearinghouse(config);
  const now = options.now ?? (() => new Date());
  const outcome: SubmitOutcome = { submissions: [], claims: 0, deferred: false };
  for (const unsent of await builtButUnsent(em, payerId)) await send(em, adapter, unsent);

  for (let n = 0; ; n += 1) {
    const built = await em.fork().transactional(async (tx) => {
      const wait = await rateLimitWait(sqlRunner(tx), config);
      if (wait > 0 || n >= config.maxBatchesPerJob) {
        if (!(await hasReady(sqlRunner(tx), payerId))) return 'done' as const;
        // Over the clearinghouse's limit (or this job's share): the rest goes in a later job.
        enqueue(tx, 'claims', 'submit', { payerId }, { delayMs: wait });
        await tx.flush();
        return 'deferred' as const;
      }
      return buildBatch(tx, payerId, config, options.timezone, now());
    });
    if (built === 'done' || built === undefined) break;
    if (built === 'deferred') {
      outcome.deferred = true;
      break;
    }
    await send(em, adapter, built);
    outcome.submissions.push({ submissionId: built.submissionId, controlNumber: built.controlNumber, claims: built.claims, chargeCents: built.chargeCents, fileName: built.fileName });
    outcome.claims += built.claims;
  }
  return outcome;
}

async function buildBatch(tx: EntityManager, payerId: number, config: ClearinghouseConfig, timezone: string, createdAt: Date): Promise<BuiltBatch | undefined> {
  const run = sqlRunner(tx);
  const [payer] = await run<{ payer_id: string }>('select payer_id from payer where id = ?', [payerId]);
  if (!payer) throw new BadInputError(`no payer ${payerId}`);
  const ready = await run<{ id: number }>(
    `select id from claim where payer_id = ? and status = 'ready' order by id limit ? for update skip locked`, [payerId, config.batchSize],
  );
  let claims = await new ClaimsRepository(tx).loadClaims(ready.map((r) => r.id));
  const [{ n: controlNumber }] = await run<{ n: number }>(`select nextval('x12_control_number_seq')::int as n`);
  let content: string | undefined;
  while (!content && claims.length > 0) {
    try {
      content = write837p({
        claims: claims.map((c) => c.claim), sender: config.sender, receiver: config.receiver, usage: config.usage, createdAt,
        interchangeControlNumber: controlNumber, groupControlNumber: controlNumber, transactionControlNumber: controlNumber,
      });
    } catch (error) {
      // A claim the scrubber passed but X12 cannot carry (e.g. no SBR09) is held back with an edit.
      const culprit = error instanceof X12Error ? claims.find((c) => c.claim.controlNumber === error.controlNumber) : undefined;
      if (!culprit) throw error;
      await holdUnwritableClaim(tx, culprit, error as X12Error, timezone);
      claims = claims.filter((c) => c !== culprit);
    }
  }
  if (!content) return undefined;
  const fileName = `837P-${payer.payer_id.replace(/[^A-Za-z0-9]/g, '')}-${controlNumber}.837`;
  const file = await receiveEdiFile(tx, { kind: '837P', direction: 'outbound', fileName, content: Buffer.from(content, 'latin1') });
  const chargeCents = claims.reduce((s, c) => s + c.claim.chargeCents, 0);
  const [submission] = await run<{ id: number }>(
    `insert into submission (payer_id, clearinghouse, control_number, file_id, claim_count, charge_cents, status, created_at)
     values (?, ?, ?, ?, ?, ?, 'built', now()) returning id`,
    [payerId, config.name, controlNumber, file.fileId, claims.length, chargeCents],
  );
  const ids = claims.map((c: StoredClaim) => c.id);
  await run(`insert into submission_claim (submission_id, claim_id) select ?, id from unnest(?::int[]) as id`, [submission.id, ids]);
  await moveClaims(run, ids, ['ready'], 'submitted', { submissionId: submission.id, controlNumber });
  return { submissionId: submission.id, controlNumber, claims: claims.length, chargeCents, fileName, content };
}

async function send(em: EntityManager, adapter: ClearinghouseAdapter, batch: Pick<BuiltBatch, 'submissionId' | 'controlNumber' | 'fileName' | 'content'>): Promise<void> {
  const result = await adapter.send(batch);
  await em.fork().transactional(async (tx) => {
    const run = sqlRunner(tx);
    const marked = await run(`update submission set status = 'sent', sent_at = now(), reference = ? where id = ? and status = 'built' returning id`,
      [result.reference.slice(0, 120), batch.submissionId]);
    if (marked.length === 0) return; // another attempt recorded this send already
    // 835s go to payment posting; 999/277CA/TA1 to the ack reader.
    for (const reply of result.replies) await (isEra835(reply.content) ? receiveEra(tx, reply) : receiveAckFile(tx, reply));
  });
}

async function builtButUnsent(em: EntityManager, payerId: number): Promise<Array<Pick<BuiltBatch, 'submissionId' | 'controlNumber' | 'fileName' | 'content'>>> {
  const fork = em.fork();
  const rows = await sqlRunner(fork)<{ id: number; control_number: number; file_id: number }>(
    `select id, control_number, file_id from submission where payer_id = ? and status = 'built' order by id`, [payerId],
  );
  const batches = [];
  for (const row of rows) {
    const { file, content } = await loadFileContent(fork, row.file_id);
    batches.push({ submissionId: row.id, controlNumber: row.control_number, fileName: file.fileName, content: content.toString('latin1') });
  }
  return batches;
}

/** Milliseconds until the clearinghouse takes another batch; 0 when it may be sent now. */
async function rateLimitWait(run: Run, config: ClearinghouseConfig): Promise<number> {
  // One holder at a time per clearinghouse, so two processes cannot both take the last slot.
  await run(`select pg_advisory_xact_lock(hashtext(?))`, [`clearinghouse:${config.name}`]);
  const recent = await run<{ created_at: Date }>(
    `select created_at from submission where clearinghouse = ? and created_at > now() - (? * interval '1 millisecond') order by created_at desc limit ?`,
    [config.name, config.rateLimit.perMs, config.rateLimit.maxBatches],
  );
  if (recent.length < config.rateLimit.maxBatches) return 0;
  const oldest = new Date(recent[recent.length - 1].created_at).getTime();
  return Math.max(1, oldest + config.rateLimit.perMs - Date.now());
}

async function hasReady(run: Run, payerId: number): Promise<boolean> {
  const rows = await run(`select 1 from claim where payer_id = ? and status = 'ready' limit 1`, [payerId]);
  return rows.length > 0;
}

/**
 * Asks for a submit job per payer with ready claims (or for the one payer named by its X12 id),
 * in the caller's transaction. Returns the payers' database ids.
 */
export async function requestSubmission(em: EntityManager, payerCode?: string): Promise<Array<{ id: number; payerId: string }>> {
  const payers = await sqlRunner(em)<{ id: number; payer_id: string }>(
    payerCode === undefined
      ? `select distinct p.id, p.payer_id from payer p join claim c on c.payer_id = p.id and c.status = 'ready' order by p.id`
      : 'select id, payer_id from payer where payer_id = ?',
    payerCode === undefined ? [] : [payerCode],
  );
  if (payerCode !== undefined && payers.length === 0) throw new BadInputError(`no payer with id ${payerCode}`);
  for (const payer of payers) enqueue(em, 'claims', 'submit', { payerId: payer.id });
  await em.flush();
  return payers.map((p) => ({ id: p.id, payerId: p.payer_id }));
}
