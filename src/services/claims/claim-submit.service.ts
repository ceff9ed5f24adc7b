// The `claims.submit` job's work for one payer: group its ready claims into 837P batches, write
// each with fresh ISA/GS/ST control numbers, record the batch and move its claims to submitted,
// then hand the file to the clearinghouse adapter. Each batch is recorded before it is sent, so
// a batch built but not sent (the process died in between) is sent by the next attempt. Every
// send passes the submission gate first (circuit breaker, rate limits: README "Operations:
// throttles, circuit breaker, pausing queues, health"), which throws RetryLaterError to wait.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClearinghouseConfig } from '../../../config/clearinghouse.js';
import { createClearinghouse, type ClearinghouseAdapter, type OutgoingBatch, type SendResult } from '../../clearinghouse/adapter.js';
import { ClaimHistoryRepository } from '../../db/repositories/claim-history.repository.js';
import { SubmissionsRepository, type PayerRef } from '../../db/repositories/submissions.repository.js';
import { CLAIM_MOVES } from '../../domain/claims/claim-status.js';
import {
  WRITE_837P_CODE, submissionFileName, unwritableClaimEdit, unwritableClaimTask,
} from '../../domain/claims/submission.js';
import type { Clock } from '../../domain/clock.js';
import { write837p } from '../../domain/x12/837p-writer.js';
import { X12Error } from '../../domain/x12/x12-error.js';
import { BadInputError, RetryLaterError } from '../../errors.js';
import { enqueue } from '../../queues/producer.js';
import { loadFileContent, receiveEdiFile } from '../edi-intake.service.js';
import { isEra835, receiveAckFile, receiveEra } from '../intake.service.js';
import { createFollowUpTask } from '../tasks.service.js';
import { ClaimsRepository, type StoredClaim } from '../../db/repositories/claims.repository.js';
import type { SendPass, SubmissionGate, SubmissionGuards } from '../operations/submission-gate.js';

/**
 * How the caller runs one step in a transaction of its own (the job handler: a fork of its
 * EntityManager). Submission takes several: each batch commits before it is sent.
 */
export type InTransaction = <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>;

export interface SubmitOptions {
  timezone: string;
  /** The clearinghouse to send through (AppConfig.clearinghouse). */
  clearinghouse: ClearinghouseConfig;
  /** Dates the batches (ISA09/GS04, submission rows) and the claims' events. */
  clock: Clock;
  /** The circuit breaker and rate limits every send passes (shared through Redis). */
  guards: SubmissionGuards;
  /** Defaults to the adapter the clearinghouse config names. */
  adapter?: ClearinghouseAdapter;
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
  /** More ready claims remain; a follow-up submit job was enqueued (this job's batch cap). */
  deferred: boolean;
}

interface BuiltBatch extends SubmittedBatch { content: string }

export async function submitReadyClaims(inTransaction: InTransaction, payerId: number, options: SubmitOptions): Promise<SubmitOutcome> {
  const adapter = options.adapter ?? createClearinghouse(options.clearinghouse, options.clock);
  const outcome: SubmitOutcome = { submissions: [], claims: 0, deferred: false };
  const gate = await options.guards.gateFor(inTransaction, options.clearinghouse, payerId);
  for (const unsent of await inTransaction((tx) => unsentBatches(tx, payerId))) await sendBatch(inTransaction, adapter, unsent, options.clock, gate);

  for (let built = 0; ; built += 1) {
    // The gate is asked before building, so a batch is not built only to wait unsent; a wait
    // with nothing left to send is no wait at all.
    let pass: SendPass;
    try {
      pass = await gate.pass();
    } catch (error) {
      if (error instanceof RetryLaterError && !(await inTransaction((tx) => new ClaimHistoryRepository(tx).hasReadyClaims(payerId)))) break;
      throw error;
    }
    let step: Awaited<ReturnType<typeof buildNextBatch>>;
    try {
      step = await inTransaction((tx) => buildNextBatch(tx, payerId, built, options));
    } catch (error) {
      await gate.unused(pass);
      throw error;
    }
    if (step === 'done' || step === 'deferred') {
      await gate.unused(pass);
      outcome.deferred = step === 'deferred';
      break;
    }
    await sendBatch(inTransaction, adapter, step, options.clock, gate, pass);
    outcome.submissions.push({ submissionId: step.submissionId, controlNumber: step.controlNumber, claims: step.claims, chargeCents: step.chargeCents, fileName: step.fileName });
    outcome.claims += step.claims;
  }
  return outcome;
}

/**
 * One batch, in the caller's transaction: 'deferred' when this job's share (`maxBatchesPerJob`)
 * is built and ready claims remain (a submit job is enqueued for them), 'done' when nothing is
 * left to send. Rate limits are the gate's business (src/services/operations/submission-gate.ts).
 */
export async function buildNextBatch(tx: EntityManager, payerId: number, batchesBuilt: number, options: Omit<SubmitOptions, 'guards'>): Promise<BuiltBatch | 'deferred' | 'done'> {
  const config = options.clearinghouse;
  const submissions = new SubmissionsRepository(tx);
  const now = options.clock.now();
  if (batchesBuilt >= config.maxBatchesPerJob) {
    if (!(await new ClaimHistoryRepository(tx).hasReadyClaims(payerId))) return 'done';
    enqueue(tx, 'claims', 'submit', { payerId });
    await tx.flush();
    return 'deferred';
  }
  const payer = await submissions.findPayer(payerId);
  if (!payer) throw new BadInputError(`no payer ${payerId}`);
  return (await buildBatch(tx, payer, options, now)) ?? 'done';
}

async function buildBatch(tx: EntityManager, payer: PayerRef, options: Omit<SubmitOptions, 'guards'>, createdAt: Date): Promise<BuiltBatch | undefined> {
  const config = options.clearinghouse;
  const claimHistory = new ClaimHistoryRepository(tx);
  const submissions = new SubmissionsRepository(tx);
  let claims = await new ClaimsRepository(tx).loadClaims(await claimHistory.lockReadyClaims(payer.id, config.batchSize));
  if (claims.length === 0) return undefined;
  const controlNumber = await submissions.nextControlNumber();
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
      await holdUnwritableClaim(tx, culprit, error as X12Error, options.timezone, createdAt);
      claims = claims.filter((c) => c !== culprit);
    }
  }
  if (!content) return undefined;
  const fileName = submissionFileName(payer.payerCode, controlNumber);
  const file = await receiveEdiFile(tx, { kind: '837P', direction: 'outbound', fileName, content: Buffer.from(content, 'latin1') });
  const chargeCents = claims.reduce((s, c) => s + c.claim.chargeCents, 0);
  const claimIds = claims.map((c) => c.id);
  const submissionId = await submissions.recordBatch({
    payerId: payer.id, clearinghouse: config.name, controlNumber, fileId: file.fileId, claimIds, chargeCents, createdAt,
  });
  await claimHistory.moveAll(CLAIM_MOVES.batched, claimIds, { submissionId, controlNumber }, createdAt);
  return { submissionId, controlNumber, claims: claims.length, chargeCents, fileName, content };
}

/** The claim goes back to edits with the writer's reason and a claim-edit task, instead of blocking its batch. */
async function holdUnwritableClaim(tx: EntityManager, stored: StoredClaim, error: X12Error, timezone: string, at: Date): Promise<void> {
  const claimHistory = new ClaimHistoryRepository(tx);
  await claimHistory.addEdit(stored.id, unwritableClaimEdit(error), at);
  await claimHistory.moveAll(CLAIM_MOVES.heldUnwritable, [stored.id], { reason: WRITE_837P_CODE }, at);
  await createFollowUpTask(tx, unwritableClaimTask(stored), { timezone, clock: { now: () => at } });
}

/**
 * Sends outside any transaction (the adapter may be slow), then records the send and stores the
 * replies. The gate is passed first (unless the caller already has a pass) and hears the outcome.
 */
async function sendBatch(inTransaction: InTransaction, adapter: ClearinghouseAdapter, batch: OutgoingBatch, clock: Clock,
  gate: SubmissionGate, pass?: unknown): Promise<void> {
  if (!pass) await gate.pass();
  let result: SendResult;
  try {
    result = await adapter.send(batch);
  } catch (error) {
    await gate.failed(clock.now());
    throw error;
  }
  await inTransaction((tx) => recordSend(tx, batch, result, clock.now()));
  await gate.sent(clock.now());
}

/** In the caller's transaction: marks the batch sent and stores the clearinghouse's replies for their jobs. */
export async function recordSend(tx: EntityManager, batch: OutgoingBatch, result: SendResult, sentAt: Date): Promise<void> {
  const marked = await new SubmissionsRepository(tx).markSent(batch.submissionId, result.reference, sentAt);
  if (!marked) return; // another attempt recorded this send already
  // 835s go to payment posting; 999/277CA/TA1 to the ack reader.
  for (const reply of result.replies) await (isEra835(reply.content) ? receiveEra(tx, reply) : receiveAckFile(tx, reply));
}

/** The payer's batches built but not sent, with their files, in the caller's transaction. */
export async function unsentBatches(tx: EntityManager, payerId: number): Promise<OutgoingBatch[]> {
  const batches: OutgoingBatch[] = [];
  for (const row of await new SubmissionsRepository(tx).unsentBatches(payerId)) {
    const { file, content } = await loadFileContent(tx, row.fileId);
    batches.push({ submissionId: row.submissionId, controlNumber: row.controlNumber, fileName: file.fileName, content: content.toString('latin1') });
  }
  return batches;
}

/**
 * Asks for a submit job per payer with ready claims (or for the one payer named by its X12 id),
 * in the caller's transaction. Returns the payers' database ids.
 */
export async function requestSubmission(em: EntityManager, payerCode?: string): Promise<Array<{ id: number; payerId: string }>> {
  const submissions = new SubmissionsRepository(em);
  let payers: PayerRef[];
  if (payerCode === undefined) {
    payers = await submissions.payersWithReadyClaims();
  } else {
    const payer = await submissions.findPayerByCode(payerCode);
    if (!payer) throw new BadInputError(`no payer with id ${payerCode}`);
    payers = [payer];
  }
  for (const payer of payers) enqueue(em, 'claims', 'submit', { payerId: payer.id });
  await em.flush();
  return payers.map((p) => ({ id: p.id, payerId: p.payerCode }));
}
