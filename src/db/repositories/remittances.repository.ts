// Remittances (one per 835 transaction), their staged chunks of claims and the remittance_claim
// rows that say which claim of ours each CLP paid. The row locks that make posting exactly once
// are taken here, by name: the 835 file's (staging), a chunk's (posting), a remittance's (finalize).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EarlierPayment, PlannedProviderAdjustment, PostingTotals, RemittanceClaim, RemittancePayee } from '../../domain/remittance/index.js';
import { json, sqlRunner } from '../sql.js';

export interface ClaimRange { from: number; to: number }

export type RemittanceStatus = 'staged' | 'posted' | 'duplicate' | 'conflict';

export interface StagedRemittanceRow {
  remittanceId: number;
  claimCount: number;
  status: RemittanceStatus;
  chunks: ClaimRange[];
}

export interface NewRemittance {
  fileId: number;
  transactionSequence: number;
  stControlNumber: string;
  remittanceKey: string;
  traceNumber: string;
  payerIdentifier: string;
  payerId: number | null;
  status: 'staged' | 'duplicate' | 'conflict';
  /** The remittance holding the trace already (duplicates and conflicts). */
  duplicateOfId: number | null;
  /** N1*PE: its NPI and tax id narrow which claim a CLP01 names. */
  payee: RemittancePayee;
  /** BPR02, negative for a debit. */
  paymentCents: number;
  paymentMethod: string;
  paymentDate: string | null;
  payeeIdentifier: string | null;
  /** Why a conflict was refused. */
  refusal: string | null;
}

export interface StagedChunk {
  id: number;
  /** The claims as staged: one JSON array text. */
  claims: string;
  postedAt: string | null;
  remittanceKey: string;
  payerId: number | null;
  payeeNpi: string | null;
  payeeTaxId: string | null;
  remittanceStatus: string;
  /** The date entries take effect: the payment date, else the staging date. */
  effectiveDate: string;
}

export interface RemittanceClaimRow {
  sequence: number;
  control_number: string;
  status_code: string;
  charge_cents: number;
  paid_cents: number;
  claim_id: number | null;
  /** The claim as sent, kept only when it matched no claim of ours. */
  detail: RemittanceClaim | null;
}

export interface RemittanceToFinalize {
  id: number;
  fileId: number;
  status: string;
  remittanceKey: string;
  payerId: number | null;
  paymentCents: number;
  paidCents: number;
  providerAdjustments: PlannedProviderAdjustment[];
  effectiveDate: string;
}

/** What one chunk posted, added to its remittance's counters. */
export interface ChunkCounts { posted: number; matched: number; unmatched: number; withDenial: number; tasksCreated: number }

/** The money of one remittance or of several summed: the claims' charges and where they went. */
export interface RemittanceMoney {
  paymentCents: number;
  claims: number;
  chargeCents: number;
  paidCents: number;
  contractualCents: number;
  deniedCents: number;
  patientRespCents: number;
  otherAdjustmentCents: number;
  providerAdjustmentCents: number;
}

/** One transaction (ST/SE) of a file, as its summary lists it. */
export interface EraTransactionRow extends RemittanceMoney {
  remittanceId: number;
  controlNumber: string;
  traceNumber: string;
  status: RemittanceStatus;
  /** The remittance holding the trace already (duplicates and conflicts). */
  duplicateOf: number | null;
  /** A duplicate whose content (payment, claims, PLB) equals the earlier one's; null when unknown. */
  sameContent: boolean | null;
  refusal: string | null;
}

/** A file's remittances: the staged and posted ones summed (what the file posts), and each one. */
export interface EraFileTotals extends RemittanceMoney {
  fileName: string;
  fileStatus: string;
  fileError: string | null;
  traceNumber: string | null;
  matched: number;
  unmatched: number;
  claimsWithDenial: number;
  tasksCreated: number;
  quarantineTasks: number;
  transactions: EraTransactionRow[];
}

export class RemittancesRepository {
  constructor(private readonly em: EntityManager) {}

  /** The job keys that name each remittance's posting flow in BullMQ (job-options.ts). */
  async jobKeys(remittanceIds: readonly number[]): Promise<Map<number, string>> {
    if (remittanceIds.length === 0) return new Map();
    const rows = await sqlRunner(this.em)<{ id: number; job_key: string }>(
      'select id, job_key from remittance where id = any(?::int[])', [remittanceIds],
    );
    return new Map(rows.map((r) => [r.id, r.job_key]));
  }

  // ---- staging (the `era` job) ----

  /** The file row lock: a second attempt of the era job waits for the first, then sees its work. */
  async lockFileForStaging(fileId: number): Promise<{ status: string; fileName: string; sizeBytes: number; kind: string } | undefined> {
    const [file] = await sqlRunner(this.em)<{ status: string; file_name: string; size_bytes: number; kind: string }>(
      'select status, file_name, size_bytes, kind from edi_file where id = ? for update', [fileId],
    );
    return file && { status: file.status, fileName: file.file_name, sizeBytes: Number(file.size_bytes), kind: file.kind };
  }

  /** The remittances an earlier attempt staged from the file, with their chunk ranges. */
  async stagedOfFile(fileId: number): Promise<StagedRemittanceRow[]> {
    const rows = await sqlRunner(this.em)<{ id: number; claim_count: number; status: RemittanceStatus; chunks: ClaimRange[] }>(
      `select r.id, r.claim_count, r.status, coalesce((select json_agg(json_build_object('from', c.first_sequence, 'to', c.last_sequence)
         order by c.first_sequence) from remittance_chunk c where c.remittance_id = r.id), '[]') as chunks
       from remittance r where r.file_id = ? order by r.transaction_sequence`, [fileId],
    );
    return rows.map((r) => ({ remittanceId: r.id, claimCount: r.claim_count, status: r.status, chunks: r.chunks }));
  }

  /** The remittance (staged or posted: the one holding the trace) that already carries this payer + trace key. */
  async earlierPayment(remittanceKey: string): Promise<EarlierPayment | undefined> {
    const [row] = await sqlRunner(this.em)<Record<string, any>>(
      `select id, file_id, payment_cents, payment_method, to_char(payment_date, 'YYYY-MM-DD') as payment_date, payee_identifier
       from remittance where remittance_key = ? and status in ('staged', 'posted')`, [remittanceKey]);
    return row && {
      remittanceId: row.id, fileId: row.file_id, remittanceKey, paymentCents: Number(row.payment_cents), method: row.payment_method,
      date: row.payment_date, payeeId: row.payee_identifier,
    };
  }

  /** Our payer for the identifiers a remittance names (REF*2U, N104, TRN03), the first that is known. */
  async payerIdOf(identifiers: readonly string[]): Promise<number | null> {
    const [payer] = await sqlRunner(this.em)<{ id: number }>(
      'select id from payer where payer_id in (select json_array_elements_text(?::json)) order by id limit 1', [json(identifiers)]);
    return payer?.id ?? null;
  }

  /** A remittance row: staged, a duplicate or a refused conflict; its totals come with recordTotals. */
  async addRemittance(r: NewRemittance): Promise<number> {
    const [row] = await sqlRunner(this.em)<{ id: number }>(
      `insert into remittance (file_id, transaction_sequence, st_control_number, remittance_key, trace_number, payer_identifier,
         payer_id, status, duplicate_of_id, payment_cents, payment_method, payment_date, payee_identifier, refusal, provider_adjustments,
         payee_npi, payee_tax_id, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, now()) returning id`,
      [r.fileId, r.transactionSequence, r.stControlNumber, r.remittanceKey, r.traceNumber, r.payerIdentifier, r.payerId,
        r.status, r.duplicateOfId, r.paymentCents, r.paymentMethod, r.paymentDate, r.payeeIdentifier, r.refusal,
        r.payee.npi ?? null, r.payee.taxId ?? null],
    );
    return row.id;
  }

  /** One chunk row: the claims of a range as one JSON array text, read back whole by its chunk job. */
  async addChunk(remittanceId: number, range: ClaimRange, claimsJson: string): Promise<void> {
    await sqlRunner(this.em)('insert into remittance_chunk (remittance_id, first_sequence, last_sequence, claims) values (?, ?, ?, ?)',
      [remittanceId, range.from, range.to, claimsJson]);
  }

  /** The transaction's totals as planned, its claims' charges and content digest, and its PLB amounts for finalize to post. */
  async recordTotals(
    remittanceId: number,
    transaction: { claimCount: number; chargeCents: number; contentSha256: string },
    totals: PostingTotals,
    providerAdjustments: readonly PlannedProviderAdjustment[],
  ): Promise<void> {
    await sqlRunner(this.em)(
      `update remittance set claim_count = ?, charge_cents = ?, content_sha256 = ?, paid_cents = ?, contractual_cents = ?, denied_cents = ?,
         patient_resp_cents = ?, other_adjustment_cents = ?, provider_adjustment_cents = ?, provider_adjustments = ?::jsonb where id = ?`,
      [transaction.claimCount, transaction.chargeCents, transaction.contentSha256, totals.paidCents, totals.contractualCents,
        totals.deniedCents, totals.patientRespCents, totals.otherAdjustmentCents, totals.providerAdjustmentCents, json(providerAdjustments),
        remittanceId],
    );
  }

  /** Counts a task the staging opened for a remittance (a conflict's), for the file's summary. */
  async addTasksCreated(remittanceId: number, count: number): Promise<void> {
    await sqlRunner(this.em)('update remittance set tasks_created = tasks_created + ? where id = ?', [count, remittanceId]);
  }

  // ---- posting a chunk ----

  /** The chunk row lock: a second run of this chunk waits for the first, then finds it posted. */
  async lockChunk(remittanceId: number, from: number, to: number): Promise<StagedChunk | undefined> {
    const [chunk] = await sqlRunner(this.em)<Record<string, any>>(
      `select c.id, c.claims, c.posted_at, r.remittance_key, r.payer_id, r.payee_npi, r.payee_tax_id, r.status,
         to_char(coalesce(r.payment_date, r.created_at::date), 'YYYY-MM-DD') as effective
       from remittance_chunk c join remittance r on r.id = c.remittance_id
       where c.remittance_id = ? and c.first_sequence = ? and c.last_sequence = ? for update of c`,
      [remittanceId, from, to],
    );
    return chunk && {
      id: chunk.id, claims: chunk.claims, postedAt: chunk.posted_at, remittanceKey: chunk.remittance_key, payerId: chunk.payer_id,
      payeeNpi: chunk.payee_npi, payeeTaxId: chunk.payee_tax_id, remittanceStatus: chunk.status, effectiveDate: chunk.effective,
    };
  }

  /** One remittance_claim row per CLP (19/20/21 marked forwarded); returns the row id per CLP ordinal. */
  async recordClaims(remittanceId: number, rows: readonly RemittanceClaimRow[]): Promise<Map<number, number>> {
    const ids = await sqlRunner(this.em)<{ id: number; sequence: number }>(
      `insert into remittance_claim (remittance_id, sequence, control_number, status_code, charge_cents, paid_cents, detail, claim_id, forwarded, posted_at)
       select ?, r.sequence, r.control_number, r.status_code, r.charge_cents, r.paid_cents, r.detail, r.claim_id, r.status_code in ('19', '20', '21'), now()
       from json_to_recordset(?::json) as r(sequence int, control_number text, status_code text, charge_cents bigint, paid_cents bigint, detail json, claim_id int)
       returning id, sequence`,
      [remittanceId, json(rows)],
    );
    return new Map(ids.map((r) => [r.sequence, r.id]));
  }

  async markChunkPosted(chunkId: number): Promise<void> {
    await sqlRunner(this.em)('update remittance_chunk set posted_at = now() where id = ?', [chunkId]);
  }

  /** Adds a chunk's counts to its remittance; returns the remittance's progress (claims posted of all). */
  async addChunkCounts(remittanceId: number, counts: ChunkCounts): Promise<{ postedClaims: number; claims: number }> {
    const [progress] = await sqlRunner(this.em)<{ posted_claims: number; claim_count: number }>(
      `update remittance set posted_claims = posted_claims + ?, matched_claims = matched_claims + ?, unmatched_claims = unmatched_claims + ?,
         claims_with_denial = claims_with_denial + ?, tasks_created = tasks_created + ? where id = ? returning posted_claims, claim_count`,
      [counts.posted, counts.matched, counts.unmatched, counts.withDenial, counts.tasksCreated, remittanceId],
    );
    return { postedClaims: progress.posted_claims, claims: progress.claim_count };
  }

  // ---- finalize ----

  /** The remittance row lock: its status changes in the same transaction as its PLB entries. */
  async lockForFinalize(remittanceId: number): Promise<RemittanceToFinalize | undefined> {
    const [r] = await sqlRunner(this.em)<Record<string, any>>(
      `select id, file_id, status, remittance_key, payer_id, payment_cents, paid_cents, provider_adjustments,
         to_char(coalesce(payment_date, created_at::date), 'YYYY-MM-DD') as effective
       from remittance where id = ? for update`, [remittanceId],
    );
    return r && {
      id: r.id, fileId: r.file_id, status: r.status, remittanceKey: r.remittance_key, payerId: r.payer_id,
      paymentCents: Number(r.payment_cents), paidCents: Number(r.paid_cents), providerAdjustments: r.provider_adjustments,
      effectiveDate: r.effective,
    };
  }

  async unpostedChunkCount(remittanceId: number): Promise<number> {
    const [{ open }] = await sqlRunner(this.em)<{ open: number }>(
      'select count(*)::int as open from remittance_chunk where remittance_id = ? and posted_at is null', [remittanceId]);
    return open;
  }

  async markPosted(remittanceId: number): Promise<void> {
    await sqlRunner(this.em)(`update remittance set status = 'posted', posted_at = now() where id = ?`, [remittanceId]);
  }

  /**
   * How many of the file's remittances are still staged, under the file row lock: two remittances
   * of one file finalizing at once would otherwise each still see the other as staged, and
   * neither would mark the file processed.
   */
  async stagedLeftInFile(fileId: number): Promise<number> {
    const run = sqlRunner(this.em);
    await run('select id from edi_file where id = ? for update', [fileId]);
    const [{ staged }] = await run<{ staged: number }>(
      `select count(*)::int as staged from remittance where file_id = ? and status = 'staged'`, [fileId]);
    return staged;
  }

  // ---- reading ----

  /**
   * The file with its staged and posted remittances summed (what it posts: duplicates and refused
   * conflicts are left out of the sums), each of its remittances, and its quarantine tasks.
   */
  async eraFileTotals(fileId: number): Promise<EraFileTotals | undefined> {
    const run = sqlRunner(this.em);
    const [file] = await run<{ file_name: string; status: string; error: string | null }>(
      'select file_name, status, error from edi_file where id = ?', [fileId]);
    if (!file) return undefined;
    const rows = await run<Record<string, any>>(
      `select r.id, r.st_control_number, r.trace_number, r.status, r.duplicate_of_id, r.refusal, r.payment_cents, r.claim_count,
         r.charge_cents, r.paid_cents, r.contractual_cents, r.denied_cents, r.patient_resp_cents, r.other_adjustment_cents,
         r.provider_adjustment_cents, r.matched_claims, r.unmatched_claims, r.claims_with_denial, r.tasks_created,
         case when r.status = 'duplicate' and r.content_sha256 is not null and e.content_sha256 is not null
           then r.content_sha256 = e.content_sha256 end as same_content
       from remittance r left join remittance e on e.id = r.duplicate_of_id
       where r.file_id = ? order by r.transaction_sequence`, [fileId],
    );
    const [quarantine] = await run<{ n: number }>(
      `select count(*)::int as n from task where type = 'quarantined-file' and subject_type = 'file' and subject_id = ?`, [fileId]);
    const transactions = rows.map((r): EraTransactionRow & { matched: number; unmatched: number; withDenial: number; tasks: number } => ({
      remittanceId: r.id, controlNumber: r.st_control_number, traceNumber: r.trace_number, status: r.status, duplicateOf: r.duplicate_of_id,
      sameContent: r.same_content, refusal: r.refusal, paymentCents: Number(r.payment_cents), claims: r.claim_count,
      chargeCents: Number(r.charge_cents), paidCents: Number(r.paid_cents), contractualCents: Number(r.contractual_cents),
      deniedCents: Number(r.denied_cents), patientRespCents: Number(r.patient_resp_cents), otherAdjustmentCents: Number(r.other_adjustment_cents),
      providerAdjustmentCents: Number(r.provider_adjustment_cents), matched: r.matched_claims, unmatched: r.unmatched_claims,
      withDenial: r.claims_with_denial, tasks: r.tasks_created,
    }));
    const posting = transactions.filter((t) => t.status === 'staged' || t.status === 'posted');
    const sum = (of: typeof transactions, key: keyof (typeof transactions)[number]) => of.reduce((total, t) => total + Number(t[key]), 0);
    return {
      fileName: file.file_name, fileStatus: file.status, fileError: file.error, traceNumber: transactions[0]?.traceNumber ?? null,
      paymentCents: sum(posting, 'paymentCents'), claims: sum(posting, 'claims'), matched: sum(posting, 'matched'),
      unmatched: sum(posting, 'unmatched'), chargeCents: sum(posting, 'chargeCents'), paidCents: sum(posting, 'paidCents'),
      contractualCents: sum(posting, 'contractualCents'), deniedCents: sum(posting, 'deniedCents'),
      patientRespCents: sum(posting, 'patientRespCents'), otherAdjustmentCents: sum(posting, 'otherAdjustmentCents'),
      providerAdjustmentCents: sum(posting, 'providerAdjustmentCents'), claimsWithDenial: sum(posting, 'withDenial'),
      // A conflict's task counts: it is work this file made.
      tasksCreated: sum(transactions, 'tasks'), quarantineTasks: quarantine.n,
      transactions: transactions.map(({ matched: _m, unmatched: _u, withDenial: _w, tasks: _t, ...row }) => row),
    };
  }

  /** Every remittance summed (the demo's narration): posted and duplicate counts, claims and money. */
  async overview(): Promise<{ posted: number; duplicates: number; rejectedFiles: number; claims: number; matched: number; unmatched: number;
    paidCents: number; deniedCents: number; patientRespCents: number; }> {
    const run = sqlRunner(this.em);
    const [r] = await run<Record<string, string>>(
      `select (select count(*) from remittance where status = 'duplicate') as duplicates, count(*) filter (where status = 'posted') as posted,
         coalesce(sum(claim_count), 0) as claims, coalesce(sum(matched_claims), 0) as matched, coalesce(sum(unmatched_claims), 0) as unmatched,
         coalesce(sum(paid_cents), 0) as paid, coalesce(sum(denied_cents), 0) as denied, coalesce(sum(patient_resp_cents), 0) as patient
       from remittance where status in ('staged', 'posted')`);
    const [files] = await run<{ rejected: number }>(`select count(*)::int as rejected from edi_file where kind = '835' and status = 'quarantined'`);
    return {
      posted: Number(r.posted), duplicates: Number(r.duplicates), rejectedFiles: files.rejected, claims: Number(r.claims),
      matched: Number(r.matched), unmatched: Number(r.unmatched), paidCents: Number(r.paid), deniedCents: Number(r.denied),
      patientRespCents: Number(r.patient),
    };
  }
}
