// The `posting.era` job's work: stream a stored 835, check it whole (envelopes and balancing at
// line, claim and transaction level), recognise payments seen before (payer + TRN02 with the same
// payment: a duplicate) and traces reused for another payment (a conflict: refused, with a task),
// and stage one remittance per transaction with its claims in chunks (one row per chunk job to
// come). It runs in the transaction it is given (the era job's, opened by readFileOrQuarantine): a
// file that fails any check rolls back whole and is quarantined with its reason and a task instead.
import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  addPostingTotals, conflictReason, NO_POSTING, paymentIdentityOf, paymentVerdict, planProviderAdjustments, planRemittancePosting,
  readEraStream, remittanceKeyOf, summarizePosting,
  type CarcTable, type PlannedProviderAdjustment, type PostingTotals, type RemittanceClaim as EraClaim, type RemittanceHeader,
  type RemittanceTransactionSummary,
} from '../../domain/remittance/index.js';
import type { Clock } from '../../domain/clock.js';
import { createFollowUpTask } from '../tasks.service.js';
import { X12Error } from '../../domain/x12/x12-error.js';
import { BadInputError } from '../../errors.js';
import { markFile } from '../edi-intake.service.js';
import { fileContentSlices } from '../../db/repositories/files.repository.js';
import { RemittancesRepository, type ClaimRange } from '../../db/repositories/remittances.repository.js';

/** Claims per chunk job (one transaction each) unless the caller says otherwise. */
export const DEFAULT_CHUNK_CLAIMS = 1000;

export type ChunkRange = ClaimRange;

const SEGMENT_POSITIONS = /"position":\d+,?/g;

export interface StagedRemittance {
  remittanceId: number;
  claimCount: number;
  status: 'staged' | 'posted' | 'duplicate' | 'conflict';
  /** Claim sequence ranges of the chunks staged for posting (none for a duplicate or a conflict). */
  chunks: ChunkRange[];
}

export interface StageOutcome {
  /** staged: something to post; duplicate: every transaction a copy; refused: nothing to post and a conflict among them. */
  status: 'staged' | 'duplicate' | 'refused' | 'already-done' | 'quarantined';
  remittances: StagedRemittance[];
}

export interface StageOptions {
  carcTable: CarcTable;
  /** The office's zone and "now", for the priority of a conflict's task. */
  timezone: string;
  clock?: Clock;
  chunkClaims?: number;
}

interface OpenRemittance {
  id: number;
  verdict: 'staged' | 'duplicate' | 'conflict';
  key: string;
  paymentCents: number;
  payerId: number | null;
  chargeCents: number;
  /** Digest of the transaction as posting reads it: payment, claims (without patient data), PLB. */
  content: Hash;
  /** Claims of the chunk being filled, already serialized (the JSON array is built as it goes). */
  batch: string[];
  firstSequence: number;
  chunks: ChunkRange[];
  /** The posting plan's totals, summed claim by claim as the file is read. */
  totals: PostingTotals;
}

/**
 * Stages the file's remittances in `tx`, or finds them staged by an earlier attempt of the same
 * job. Bad input throws an InputError (X12Error, AmountFormatError): the caller rolls back and
 * quarantines.
 */
export async function stageEraFile(tx: EntityManager, fileId: number, options: StageOptions): Promise<StageOutcome> {
  const { carcTable } = options;
  const chunkClaims = options.chunkClaims ?? DEFAULT_CHUNK_CLAIMS;
  const remittances = new RemittancesRepository(tx);
  const file = await remittances.lockFileForStaging(fileId);
  if (!file) throw new BadInputError(`no file ${fileId}`);
  if (file.kind !== '835') throw new BadInputError(`file ${fileId} is not an 835`);
  if (file.status !== 'received') {
    return { status: file.status === 'quarantined' ? 'quarantined' : 'already-done', remittances: await remittances.stagedOfFile(fileId) };
  }

  const staged: StagedRemittance[] = [];
  let open: OpenRemittance | undefined;
  let sequence = 0;

  const openRemittance = async (header: RemittanceHeader): Promise<OpenRemittance> => {
    sequence += 1;
    const key = remittanceKeyOf(header);
    // A trace already held (by an earlier file, or a transaction before this one in the file) is
    // a copy when the payment is the same, a conflict when it is another payment.
    const identity = paymentIdentityOf(header, key);
    const verdict = paymentVerdict(identity, await remittances.earlierPayment(key));
    const payerId = await remittances.payerIdOf([header.payer.payerId, header.payer.id, header.originatingCompanyId].filter((id): id is string => Boolean(id)));
    const status = verdict.kind === 'new' ? 'staged' : verdict.kind;
    const id = await remittances.addRemittance({
      fileId, transactionSequence: sequence, stControlNumber: header.controlNumber, remittanceKey: key, traceNumber: header.traceNumber,
      payerIdentifier: header.originatingCompanyId, payerId, status, payee: header.payee, duplicateOfId: verdict.kind === 'new' ? null : verdict.earlier.remittanceId,
      paymentCents: identity.paymentCents, paymentMethod: identity.method, paymentDate: identity.date, payeeIdentifier: identity.payeeId,
      refusal: verdict.kind === 'conflict'
        ? conflictReason({ fileId, controlNumber: header.controlNumber, position: header.position, traceNumber: header.traceNumber }, verdict)
        : null,
    });
    const content = createHash('sha256').update(JSON.stringify(identity));
    return {
      id, verdict: status, key, paymentCents: identity.paymentCents, payerId, chargeCents: 0, content,
      batch: [], firstSequence: 1, chunks: [], totals: NO_POSTING,
    };
  };

  // One row per chunk: the chunk job reads it back whole, so the claims travel as one text value
  // (a JSON array) rather than thousands of rows the database would have to take apart. The reader
  // goes on while a chunk is written; it waits only if the chunk before is still being written,
  // so at most two chunks are held in memory.
  let writing: Promise<void> | undefined;
  const flush = (remittance: OpenRemittance): Promise<void> | undefined => {
    if (remittance.batch.length === 0) return undefined;
    const range = { from: remittance.firstSequence, to: remittance.firstSequence + remittance.batch.length - 1 };
    const previous = writing;
    writing = remittances.addChunk(remittance.id, range, `[${remittance.batch.join(',')}]`);
    writing.catch(() => undefined); // its error surfaces where it is awaited (drain, or the next flush)
    remittance.chunks.push(range);
    remittance.firstSequence = range.to + 1;
    remittance.batch = [];
    return previous;
  };
  const drain = async () => {
    const last = writing;
    writing = undefined;
    await last;
  };

  // Synchronous for most claims (no promise per claim for the reader to await).
  const addClaim = (remittance: OpenRemittance, claim: EraClaim): Promise<void> | undefined => {
    // The file's totals are the posting plan's (same CARC table), summed claim by claim: the chunk
    // plans the same entries again when it posts them, with our claim lines matched.
    remittance.totals = addPostingTotals(remittance.totals, summarizePosting(planRemittancePosting(claim, { remittanceKey: remittance.key, carcTable })));
    remittance.chargeCents += claim.chargeCents;
    const staged = JSON.stringify(withoutPatientData(claim));
    // Segment positions depend on what comes before the transaction in its file: left out, so a
    // copy of the same transaction in another file digests the same.
    remittance.content.update(staged.replace(SEGMENT_POSITIONS, ''));
    // Checked like the rest, but a payment seen before (or refused) is not staged.
    if (remittance.verdict !== 'staged') return undefined;
    remittance.batch.push(staged);
    return remittance.batch.length >= chunkClaims ? flush(remittance) : undefined;
  };
  const onClaim = (claim: EraClaim, header: RemittanceHeader): Promise<void> | undefined => {
    if (open) return addClaim(open, claim);
    return openRemittance(header).then((remittance) => {
      open = remittance;
      return addClaim(remittance, claim);
    });
  };

  const onTransaction = async (summary: RemittanceTransactionSummary) => {
    const remittance = open ?? (await openRemittance(summary)); // a transaction with no claims (PLB only)
    open = undefined;
    await flush(remittance);
    await drain();
    // PLB amounts post when the remittance finalizes (planned there with the same function); the
    // totals take them from the plan now.
    const plb: PlannedProviderAdjustment[] = summary.providerAdjustments.map((a) => ({ sequence: a.sequence, reason: a.reason, amountCents: a.amountCents, position: a.position }));
    const totals = addPostingTotals(remittance.totals, summarizePosting(planProviderAdjustments(plb, remittance.key)));
    const contentSha256 = remittance.content.update(JSON.stringify(plb.map(({ position: _p, ...amount }) => amount))).digest('hex');
    await remittances.recordTotals(remittance.id, { claimCount: summary.claimCount, chargeCents: remittance.chargeCents, contentSha256 }, totals, plb);
    if (remittance.verdict === 'conflict') await openConflictTask(tx, remittances, remittance, options);
    staged.push({ remittanceId: remittance.id, claimCount: summary.claimCount, status: remittance.verdict, chunks: remittance.chunks });
  };

  const bytes = Readable.from(fileContentSlices(tx, fileId, file.sizeBytes));
  try {
    await readEraStream(bytes, { file: String(fileId), onClaim, onTransaction }); // errors name the file by id, never its sender's name
    await drain();
  } finally {
    await writing?.catch(() => undefined); // never leave a write running when the transaction ends
  }
  if (staged.length === 0) throw new X12Error({ rule: 'no-transactions', message: 'the file holds no 835 transaction', file: String(fileId) });

  // Nothing to post (every transaction a copy or refused): the file is done now; else finalize of
  // its last remittance marks it processed.
  const status = staged.some((r) => r.status === 'staged') ? 'staged' : staged.every((r) => r.status === 'duplicate') ? 'duplicate' : 'refused';
  await markFile(tx, fileId, status === 'staged' ? 'processing' : status === 'duplicate' ? 'duplicate' : 'processed');
  return { status, remittances: staged };
}

/**
 * The follow-up task of a refused conflict, in the staging transaction: it exists exactly when the
 * refusal commits, and a second attempt of the job finds the file staged and opens nothing again.
 */
async function openConflictTask(tx: EntityManager, remittances: RemittancesRepository, remittance: OpenRemittance, options: StageOptions): Promise<void> {
  const task = await createFollowUpTask(tx, {
    type: 'remittance-conflict', subjectType: 'remittance', subjectId: remittance.id, reasonCodes: ['SAME-TRACE-OTHER-PAYMENT'],
    amountAtRiskCents: Math.abs(remittance.paymentCents), payerId: remittance.payerId,
  }, { timezone: options.timezone, clock: options.clock });
  if (task.created) await remittances.addTasksCreated(remittance.id, 1);
}

/** The claim as posting needs it: names and member ids from NM1 are left out. */
function withoutPatientData(claim: EraClaim): EraClaim {
  const { patient: _patient, insuredId: _insured, ...rest } = claim;
  return rest;
}
