// The `posting.era` job's work: stream a stored 835, check it whole (envelopes and balancing at
// line, claim and transaction level), recognise payments seen before (payer + TRN02), and stage
// one remittance per transaction with its claims in chunks (one row per chunk job to come), all in
// one database transaction. A file that fails any check leaves nothing behind: it is quarantined
// with its reason and a task instead.
import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  classifyCarc, readEraStream, remittanceKeyOf, type CarcAction, type CarcTable,
  type RemittanceClaim as EraClaim, type RemittanceHeader, type RemittanceTransactionSummary,
} from '../../domain/remittance/index.js';
import { X12Error } from '../../domain/x12/x12-error.js';
import { BadInputError } from '../../errors.js';
import { markFile } from '../edi-intake.service.js';
import { readFileOrQuarantine } from '../file-jobs.js';
import { fileContentSlices } from './file-content.js';
import { sqlRunner } from '../../db/sql.js';

/** Claims per chunk job (one transaction each) unless the caller says otherwise. */
export const DEFAULT_CHUNK_CLAIMS = 1000;

export interface ChunkRange { from: number; to: number }

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

const TOTAL_OF: Record<CarcAction, keyof OpenRemittance['totals']> = {
  contractual: 'contractual', denial: 'denied', 'patient-responsibility': 'patientResp', 'other-adjustment': 'other',
};

interface OpenRemittance {
  id: number;
  duplicate: boolean;
  key: string;
  /** Claims of the chunk being filled, already serialized (the JSON array is built as it goes). */
  batch: string[];
  firstSequence: number;
  chunks: ChunkRange[];
  totals: { paid: number; contractual: number; denied: number; patientResp: number; other: number };
}

/**
 * Stages the file's remittances, or finds them staged by an earlier attempt of the same job.
 * Bad input is quarantined in a transaction of its own and rethrown as BadInputError.
 */
export async function stageEraFile(
  em: EntityManager, fileId: number, options: { carcTable: CarcTable; timezone: string; chunkClaims?: number },
): Promise<StageOutcome> {
  return readFileOrQuarantine(em, { fileId, fileLabel: '835 file', timezone: options.timezone },
    (tx) => stageInTransaction(tx, fileId, options.carcTable, options.chunkClaims ?? DEFAULT_CHUNK_CLAIMS));
}

async function stageInTransaction(tx: EntityManager, fileId: number, carcTable: CarcTable, chunkClaims: number): Promise<StageOutcome> {
  const run = sqlRunner(tx);
  // The row lock makes a second attempt of this job (a stalled one taken over) wait, then see our work.
  const [file] = await run<{ status: string; file_name: string; size_bytes: number; kind: string }>(
    'select status, file_name, size_bytes, kind from edi_file where id = ? for update', [fileId],
  );
  if (!file) throw new BadInputError(`no file ${fileId}`);
  if (file.kind !== '835') throw new BadInputError(`file ${fileId} is not an 835`);
  if (file.status !== 'received') {
    const rows = await run<{ id: number; claim_count: number; status: string; chunks: ChunkRange[] }>(
      `select r.id, r.claim_count, r.status, coalesce((select json_agg(json_build_object('from', c.first_sequence, 'to', c.last_sequence)
         order by c.first_sequence) from remittance_chunk c where c.remittance_id = r.id), '[]') as chunks
       from remittance r where r.file_id = ? order by r.transaction_sequence`, [fileId],
    );
    const remittances = rows.map((r) => ({
      remittanceId: r.id, claimCount: r.claim_count, status: r.status as StagedRemittance['status'], chunks: r.chunks,
    }));
    return { status: file.status === 'quarantined' ? 'quarantined' : 'already-done', remittances };
  }

  const staged: StagedRemittance[] = [];
  let open: OpenRemittance | undefined;
  let sequence = 0;

  const openRemittance = async (header: RemittanceHeader): Promise<OpenRemittance> => {
    sequence += 1;
    const key = remittanceKeyOf(header);
    const [earlier] = await run<{ id: number }>(`select id from remittance where remittance_key = ? and status <> 'duplicate'`, [key]);
    const [payer] = await run<{ id: number }>('select id from payer where payer_id in (select json_array_elements_text(?::json)) order by id limit 1', [
      JSON.stringify([header.payer.payerId, header.payer.id, header.originatingCompanyId].filter(Boolean)),
    ]);
    const signed = header.payment.creditDebit === 'D' ? -header.payment.amountCents : header.payment.amountCents;
    const [row] = await run<{ id: number }>(
      `insert into remittance (file_id, transaction_sequence, st_control_number, remittance_key, trace_number, payer_identifier,
         payer_id, status, duplicate_of_id, payment_cents, payment_method, payment_date, provider_adjustments, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', now()) returning id`,
      [fileId, sequence, header.controlNumber, key, header.traceNumber, header.originatingCompanyId, payer?.id ?? null,
        earlier ? 'duplicate' : 'staged', earlier?.id ?? null, signed, header.payment.method,
        header.payment.date ?? header.productionDate ?? null],
    );
    return {
      id: row.id, duplicate: Boolean(earlier), key, batch: [], firstSequence: 1, chunks: [],
      totals: { paid: 0, contractual: 0, denied: 0, patientResp: 0, other: 0 },
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
    writing = run('insert into remittance_chunk (remittance_id, first_sequence, last_sequence, claims) values (?, ?, ?, ?)',
      [remittance.id, range.from, range.to, `[${remittance.batch.join(',')}]`]).then(() => undefined);
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
    // The file's totals as the posting plan will classify them (same CARC table), without planning
    // every entry twice: the chunk plans them when it posts.
    remittance.totals.paid += claim.paidCents;
    const count = (adjustment: EraClaim['adjustments'][number]) => {
      const action = classifyCarc(carcTable, adjustment.group, adjustment.reason).action;
      remittance.totals[TOTAL_OF[action]] += adjustment.amountCents;
    };
    claim.adjustments.forEach(count);
    for (const line of claim.lines) line.adjustments.forEach(count);
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
    const plb = summary.providerAdjustments.map((a) => ({ sequence: a.sequence, reason: a.reason, amountCents: a.amountCents, position: a.position }));
    const t = remittance.totals;
    await run(
      `update remittance set claim_count = ?, paid_cents = ?, contractual_cents = ?, denied_cents = ?, patient_resp_cents = ?,
         other_adjustment_cents = ?, provider_adjustment_cents = ?, provider_adjustments = ?::jsonb where id = ?`,
      [summary.claimCount, t.paid, t.contractual, t.denied, t.patientResp, t.other,
        plb.reduce((sum, a) => sum + a.amountCents, 0), JSON.stringify(plb), remittance.id],
    );
    staged.push({
      remittanceId: remittance.id, claimCount: summary.claimCount, status: remittance.duplicate ? 'duplicate' : 'staged', chunks: remittance.chunks,
    });
  };

  const bytes = Readable.from(fileContentSlices(tx, fileId, file.size_bytes));
  try {
    await readEraStream(bytes, { file: file.file_name, onClaim, onTransaction });
    await drain();
  } finally {
    await writing?.catch(() => undefined); // never leave a write running when the transaction ends
  }
  if (staged.length === 0) throw new X12Error({ rule: 'no-transactions', message: 'the file holds no 835 transaction', file: file.file_name });

  const allDuplicates = staged.every((r) => r.status === 'duplicate');
  await markFile(tx, fileId, allDuplicates ? 'duplicate' : 'processing');
  return { status: allDuplicates ? 'duplicate' : 'staged', remittances: staged };
}

/** The claim as posting needs it: names and member ids from NM1 are left out. */
function withoutPatientData(claim: EraClaim): EraClaim {
  const { patient: _patient, insuredId: _insured, ...rest } = claim;
  return rest;
}
