// The `posting.era` job's work: stream a stored 835, check it whole (envelopes and balancing at
// line, claim and transaction level), recognise payments seen before (payer + TRN02), and stage
// one remittance per transaction with its claims in chunks (one row per chunk job to come). It runs
// in the transaction it is given (the era job's, opened by readFileOrQuarantine): a file that fails
// any check rolls back whole and is quarantined with its reason and a task instead.
import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  addPostingTotals, NO_POSTING, planProviderAdjustments, planRemittancePosting, readEraStream, remittanceKeyOf, summarizePosting,
  type CarcTable, type PlannedProviderAdjustment, type PostingTotals, type RemittanceClaim as EraClaim, type RemittanceHeader,
  type RemittanceTransactionSummary,
} from '../../domain/remittance/index.js';
import { X12Error } from '../../domain/x12/x12-error.js';
import { BadInputError } from '../../errors.js';
import { markFile } from '../edi-intake.service.js';
import { fileContentSlices } from '../../db/repositories/files.repository.js';
import { RemittancesRepository, type ClaimRange } from '../../db/repositories/remittances.repository.js';

/** Claims per chunk job (one transaction each) unless the caller says otherwise. */
export const DEFAULT_CHUNK_CLAIMS = 1000;

export type ChunkRange = ClaimRange;

export interface StagedRemittance {
  remittanceId: number;
  claimCount: number;
  status: 'staged' | 'posted' | 'duplicate';
  /** Claim sequence ranges of the chunks staged for posting (none for a duplicate). */
  chunks: ChunkRange[];
}

export interface StageOutcome {
  status: 'staged' | 'duplicate' | 'already-done' | 'quarantined';
  remittances: StagedRemittance[];
}

interface OpenRemittance {
  id: number;
  duplicate: boolean;
  key: string;
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
export async function stageEraFile(
  tx: EntityManager, fileId: number, options: { carcTable: CarcTable; chunkClaims?: number },
): Promise<StageOutcome> {
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
    const earlier = await remittances.originalWithKey(key);
    const payerId = await remittances.payerIdOf([header.payer.payerId, header.payer.id, header.originatingCompanyId].filter((id): id is string => Boolean(id)));
    const id = await remittances.addRemittance({
      fileId, transactionSequence: sequence, stControlNumber: header.controlNumber, remittanceKey: key, traceNumber: header.traceNumber,
      payerIdentifier: header.originatingCompanyId, payerId, duplicateOfId: earlier ?? null,
      paymentCents: header.payment.creditDebit === 'D' ? -header.payment.amountCents : header.payment.amountCents,
      paymentMethod: header.payment.method, paymentDate: header.payment.date ?? header.productionDate ?? null,
    });
    return { id, duplicate: earlier !== undefined, key, batch: [], firstSequence: 1, chunks: [], totals: NO_POSTING };
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
    if (remittance.duplicate) return undefined; // checked like the rest, but a payment seen before is not staged again
    remittance.batch.push(JSON.stringify(withoutPatientData(claim)));
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
    await remittances.recordTotals(remittance.id, summary.claimCount, totals, plb);
    staged.push({
      remittanceId: remittance.id, claimCount: summary.claimCount, status: remittance.duplicate ? 'duplicate' : 'staged', chunks: remittance.chunks,
    });
  };

  const bytes = Readable.from(fileContentSlices(tx, fileId, file.sizeBytes));
  try {
    await readEraStream(bytes, { file: String(fileId), onClaim, onTransaction }); // errors name the file by id, never its sender's name
    await drain();
  } finally {
    await writing?.catch(() => undefined); // never leave a write running when the transaction ends
  }
  if (staged.length === 0) throw new X12Error({ rule: 'no-transactions', message: 'the file holds no 835 transaction', file: String(fileId) });

  const allDuplicates = staged.every((r) => r.status === 'duplicate');
  await markFile(tx, fileId, allDuplicates ? 'duplicate' : 'processing');
  return { status: allDuplicates ? 'duplicate' : 'staged', remittances: staged };
}

/** The claim as posting needs it: names and member ids from NM1 are left out. */
function withoutPatientData(claim: EraClaim): EraClaim {
  const { patient: _patient, insuredId: _insured, ...rest } = claim;
  return rest;
}
