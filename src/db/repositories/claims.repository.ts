// Claims in the database: the draft claims an import stores (with lines, details and their
// first event, in one statement per chunk), the stored claims read back as domain Claims for the
// scrubber and the 837P writer, and the scrub decisions applied in bulk.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Claim, ServiceLine } from '../../domain/claims/claim.js';
import type { ClaimIdentity } from '../../domain/claims/claim-identity.js';
import type { ScrubDecision } from '../../domain/claims/scrub-decision.js';
import type { ClaimLineRow, DraftClaimRow } from '../../domain/claims/storable-claims.js';
import { json, slices, sqlRunner, type Run } from '../sql.js';

export interface StoredClaim {
  id: number;
  status: string;
  payerDbId: number;
  timelyFilingDays: number;
  claim: Claim;
}

export interface ClaimFileRow { status: string; kind: string; fileName: string; sizeBytes: number }

export interface ImportRecord {
  status: string; error: string | null; claims: number | null; newClaims: number | null; duplicates: number | null; conflicts: number | null;
  chargeCents: number | null;
}

/**
 * A draft claim to store: its place in the chunk (k), its own columns, its fingerprint, its
 * parties' ids, and the snapshot of the billed parties.
 */
export type NewClaimRow = DraftClaimRow & { k: number; fp: string; payer: number; provider: number; patient: number; coverage: number; detail: unknown };

/** A stored claim found by identity; fingerprint null when it was imported before fingerprints. */
export interface KnownClaimRow extends ClaimIdentity { claimId: number; fingerprint: string | null }

/** A claim of a file that collides with a known claim (same identity, other content): not stored as a claim. */
export interface NewClaimConflict {
  position: string; controlNumber: string; existingClaimId: number; reasons: string[]; fingerprint: string; chargeCents: number;
}

export interface RecordedConflict { conflictId: number; position: string; payerDbId: number; timelyFilingDays: number }

export interface FileConflict { position: string; controlNumber: string; existingClaimId: number; reasons: string[] }

interface ClaimRow {
  id: number; control_number: string; status: string; payer_id: number; payer_code: string; timely_filing_days: number;
  frequency: string; payer_claim_number: string | null; place_of_service: string; diagnoses: Claim['diagnoses'];
  charge_cents: string | number; detail: Record<string, any>;
}

interface LineRow {
  claim_id: number; line_number: number; line_control_number: string; procedure: string; modifiers: string[]; units: string;
  unit_basis: string; charge_cents: string | number; diagnosis_pointers: number[]; service_date: string; service_date_end: string | null;
}

const CLAIM_COLUMNS = `c.id, c.control_number, c.status, c.payer_id, p.payer_id as payer_code, p.timely_filing_days, c.frequency,
  c.payer_claim_number, c.place_of_service, c.diagnoses, c.charge_cents, d.detail`;
const CLAIM_FROM = 'from claim c join payer p on p.id = c.payer_id join claim_detail d on d.claim_id = c.id';

export class ClaimsRepository {
  readonly #run: Run;

  constructor(em: EntityManager) {
    this.#run = sqlRunner(em);
  }

  /** The claims file, locked for this transaction: a second delivery of its import waits for the first, then finds it done. */
  async lockClaimFile(fileId: number): Promise<ClaimFileRow | undefined> {
    const [row] = await this.#run<{ status: string; kind: string; file_name: string; size_bytes: number }>(
      'select status, kind, file_name, size_bytes from edi_file where id = ? for update', [fileId]);
    return row && { status: row.status, kind: row.kind, fileName: row.file_name, sizeBytes: Number(row.size_bytes) };
  }

  /**
   * Stores draft claims with their lines, billed-party details, fingerprint and 'draft' event, in
   * one statement. `k` is each claim's place in the chunk (its lines carry it too). A claim whose
   * identity (billing provider + payer + CLM01) was stored meanwhile by another import is skipped,
   * so the caller compares what it gets back with what it sent. Returns each new claim's id by k.
   */
  async storeDraftClaims(fileId: number, claims: readonly NewClaimRow[], lines: readonly ClaimLineRow[]): Promise<Map<number, number>> {
    if (claims.length === 0) return new Map();
    const rows = await this.#run<{ id: number; k: number }>(
      `with r as (select * from json_to_recordset(?::json) as r(k int, cn text, payer int, provider int, patient int, coverage int, freq text,
           pcn text, pos text, sd date, dx jsonb, charge bigint, fp text, detail jsonb)),
       c as (
         insert into claim (control_number, payer_id, provider_id, patient_id, coverage_id, source_file_id, status, frequency,
           payer_claim_number, place_of_service, service_date, diagnoses, charge_cents, balance_cents, fingerprint, created_at, updated_at)
         select r.cn, r.payer, r.provider, r.patient, r.coverage, ?, 'draft', r.freq, r.pcn, r.pos, r.sd, r.dx, r.charge, r.charge, r.fp, now(), now()
         from r order by r.k
         on conflict (provider_id, payer_id, control_number) do nothing
         returning id, control_number, provider_id, payer_id),
       k as (select c.id, r.k, r.detail from c join r on r.cn = c.control_number and r.provider = c.provider_id and r.payer = c.payer_id),
       l as (
         insert into claim_line (claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents,
           diagnosis_pointers, service_date, service_date_end)
         select k.id, l.n, l.lcn, l.proc, l.mods, l.units, l.basis, l.charge, l.ptrs, l.sd, l.sde
         from json_to_recordset(?::json) as l(k int, n int, lcn text, proc text, mods jsonb, units numeric, basis text,
           charge bigint, ptrs jsonb, sd date, sde date)
         join k on k.k = l.k),
       d as (insert into claim_detail (claim_id, detail) select id, detail from k),
       e as (insert into claim_event (claim_id, from_status, to_status, detail, at) select id, null, 'draft', ?::jsonb, now() from c)
       select id, k from k order by id`,
      [json(claims), fileId, json(lines), json({ fileId })],
    );
    return new Map(rows.map((r) => [r.k, r.id]));
  }

  /**
   * The stored claims with these identities (billing NPI + X12 payer id + CLM01), with their
   * fingerprints (null for claims imported before fingerprints): one statement for a chunk. The
   * claims are found by control number alone (the identity index's leading column), then kept
   * when NPI and payer agree: joined on provider and payer ids as well, the planner, with no
   * statistics yet for the rows a large import inserts in its own transaction, scanned every
   * claim of the provider per lookup (70 s for 30,000 claims). Without statistics this is one
   * scan of the table per chunk (20 ms at 100,000 claims); with them, the index.
   */
  async knownClaims(identities: readonly ClaimIdentity[]): Promise<KnownClaimRow[]> {
    if (identities.length === 0) return [];
    const rows = await this.#run<{ id: number; npi: string; payer: string; cn: string; fingerprint: string | null }>(
      `select c.id, v.npi, y.payer_id as payer, c.control_number as cn, c.fingerprint
       from claim c join provider v on v.id = c.provider_id join payer y on y.id = c.payer_id
       where c.control_number = any(?::text[])`,
      [[...new Set(identities.map((i) => i.controlNumber))]],
    );
    const wanted = new Set(identities.map((i) => `${i.npi}|${i.payerId}|${i.controlNumber}`));
    return rows.filter((r) => wanted.has(`${r.npi}|${r.payer}|${r.cn}`))
      .map((r) => ({ claimId: r.id, npi: r.npi, payerId: r.payer, controlNumber: r.cn, fingerprint: r.fingerprint }));
  }

  /** Fingerprints computed for claims stored without one (or with an older recipe's). */
  async recordFingerprints(rows: ReadonlyArray<{ claimId: number; fingerprint: string }>): Promise<void> {
    if (rows.length === 0) return;
    await this.#run(`update claim c set fingerprint = r.fp from json_to_recordset(?::json) as r(id int, fp text) where c.id = r.id`,
      [json(rows.map((r) => ({ id: r.claimId, fp: r.fingerprint })))]);
  }

  /**
   * A file's conflicting claims, each with the claim it collides with; a row already recorded for
   * the same file and position is left as it is. Returns the new rows with what their tasks need.
   */
  async recordConflicts(fileId: number, conflicts: readonly NewClaimConflict[]): Promise<RecordedConflict[]> {
    if (conflicts.length === 0) return [];
    const rows = await this.#run<{ id: number; position: string; payer_id: number; timely_filing_days: number }>(
      `with i as (
         insert into claim_conflict (file_id, position, control_number, existing_claim_id, reasons, fingerprint, charge_cents, created_at)
         select ?, r.position, r.cn, r.existing, r.reasons, r.fp, r.charge, now()
         from json_to_recordset(?::json) as r(position text, cn text, existing int, reasons jsonb, fp text, charge bigint)
         on conflict (file_id, position) do nothing
         returning id, position, existing_claim_id)
       select i.id, i.position, c.payer_id, y.timely_filing_days from i join claim c on c.id = i.existing_claim_id join payer y on y.id = c.payer_id
       order by i.id`,
      [fileId, json(conflicts.map((c) => ({ position: c.position, cn: c.controlNumber, existing: c.existingClaimId, reasons: c.reasons,
        fp: c.fingerprint, charge: c.chargeCents })))],
    );
    return rows.map((r) => ({ conflictId: r.id, position: r.position, payerDbId: r.payer_id, timelyFilingDays: r.timely_filing_days }));
  }

  /** The first `limit` conflicts of a file, in file order, for its outcome. */
  async conflictsOfFile(fileId: number, limit: number): Promise<FileConflict[]> {
    const rows = await this.#run<{ position: string; control_number: string; existing_claim_id: number; reasons: string[] }>(
      `select position, control_number, existing_claim_id, reasons from claim_conflict where file_id = ? order by id limit ?`, [fileId, limit]);
    return rows.map((r) => ({ position: r.position, controlNumber: r.control_number, existingClaimId: r.existing_claim_id, reasons: r.reasons }));
  }

  async recordImport(fileId: number, outcome: { kind: string; claims: number; newClaims: number; duplicates: number; conflicts: number; chargeCents: number }): Promise<void> {
    await this.#run(`insert into claim_file_outcome (file_id, kind, claims, new_claims, duplicates, conflicts, charge_cents, created_at)
      values (?, ?, ?, ?, ?, ?, ?, now())`,
      [fileId, outcome.kind, outcome.claims, outcome.newClaims, outcome.duplicates, outcome.conflicts, outcome.chargeCents]);
  }

  /** The file's status with its import counts (none until imported). */
  async importRecord(fileId: number): Promise<ImportRecord | undefined> {
    const [row] = await this.#run<{
      status: string; error: string | null; claims: number | null; new_claims: number | null; duplicates: number | null; conflicts: number | null;
      charge_cents: string | null;
    }>(
      `select f.status, f.error, o.claims, o.new_claims, o.duplicates, o.conflicts, o.charge_cents
       from edi_file f left join claim_file_outcome o on o.file_id = f.id where f.id = ?`,
      [fileId],
    );
    return row && {
      status: row.status, error: row.error, claims: row.claims, newClaims: row.new_claims, duplicates: row.duplicates, conflicts: row.conflicts,
      chargeCents: row.charge_cents === null ? null : Number(row.charge_cents),
    };
  }

  /** How many of a file's claims are in each status (benchmarks and waits). */
  async statusCounts(fileId: number): Promise<Record<string, number>> {
    const rows = await this.#run<{ status: string; n: number }>(
      'select status, count(*)::int as n from claim where source_file_id = ? group by status', [fileId]);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** How many error edits of each code are stored, most frequent first (the demo's summary). */
  async errorEditCounts(): Promise<Array<{ code: string; edits: number }>> {
    return this.#run<{ code: string; edits: number }>(
      `select code, count(*)::int as edits from claim_edit where severity = 'error' group by code order by edits desc, code`);
  }

  /** Stored claims as domain Claims, in id order (the 837P writer's input). */
  async loadClaims(claimIds: readonly number[]): Promise<StoredClaim[]> {
    if (claimIds.length === 0) return [];
    const claims = await this.#run<ClaimRow>(`select ${CLAIM_COLUMNS} ${CLAIM_FROM} where c.id = any(?) order by c.id`, [claimIds]);
    return this.#withLines(claims);
  }

  /**
   * The drafts among one import batch's claims (a range of ids of one file), locked for this
   * transaction, with their lines: two statements for the whole batch. A redelivered batch finds
   * no drafts left.
   */
  async lockDraftClaims(batch: { fileId: number; fromClaimId: number; toClaimId: number }): Promise<StoredClaim[]> {
    const claims = await this.#run<ClaimRow>(
      `select ${CLAIM_COLUMNS} ${CLAIM_FROM}
       where c.source_file_id = ? and c.id between ? and ? and c.status = 'draft' order by c.id for update of c`,
      [batch.fileId, batch.fromClaimId, batch.toClaimId],
    );
    return this.#withLines(claims);
  }

  /** One claim, whatever its status, locked for this transaction, with its lines. */
  async lockClaim(claimId: number): Promise<StoredClaim | undefined> {
    const claims = await this.#run<ClaimRow>(`select ${CLAIM_COLUMNS} ${CLAIM_FROM} where c.id = ? for update of c`, [claimId]);
    return (await this.#withLines(claims))[0];
  }

  /**
   * Scrub decisions applied: earlier edits out, these in, each draft moved to ready or edits with
   * its event, in one statement per slice. A claim no longer a draft is left as it is.
   */
  async applyScrubDecisions(decisions: readonly ScrubDecision[]): Promise<void> {
    for (const slice of slices(decisions, 2000)) {
      const edits = slice.flatMap((d) => d.edits.map((e) => ({ claim: d.claimId, ...e })));
      await this.#run(
        `with d as (select * from json_to_recordset(?::json) as r(id int, status text, errors int, warnings int)),
              gone as (delete from claim_edit where claim_id in (select id from d)),
              added as (insert into claim_edit (claim_id, code, severity, field, line, message, created_at)
                select r.claim, r.code, r.severity, left(r.field, 20), r.line, r.message, now()
                from json_to_recordset(?::json) as r(claim int, code text, severity text, field text, line int, message text)),
              moved as (update claim c set status = d.status, updated_at = now() from d where c.id = d.id and c.status = 'draft'
                returning c.id, d.status, d.errors, d.warnings)
         insert into claim_event (claim_id, from_status, to_status, detail, at)
         select id, 'draft', status, jsonb_build_object('errors', errors, 'warnings', warnings), now() from moved`,
        [json(slice.map((d) => ({ id: d.claimId, status: d.status, errors: d.errors, warnings: d.warnings }))), json(edits)],
      );
    }
  }

  async #withLines(claims: ClaimRow[]): Promise<StoredClaim[]> {
    if (claims.length === 0) return [];
    const lines = await this.#run<LineRow>(
      `select claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents, diagnosis_pointers,
         to_char(service_date, 'YYYY-MM-DD') as service_date, to_char(service_date_end, 'YYYY-MM-DD') as service_date_end
       from claim_line where claim_id = any(?) order by claim_id, line_number`,
      [claims.map((c) => c.id)],
    );
    const byClaim = new Map<number, LineRow[]>();
    for (const line of lines) {
      const list = byClaim.get(line.claim_id);
      if (list) list.push(line);
      else byClaim.set(line.claim_id, [line]);
    }
    return claims.map((row) => toStoredClaim(row, byClaim.get(row.id) ?? []));
  }
}

function toStoredClaim(row: ClaimRow, rows: LineRow[]): StoredClaim {
  const d = row.detail;
  const extras = new Map<number, { procedureQualifier?: string; placeOfService?: string }>(
    (d.lines ?? []).map((l: { lineNumber: number }) => [l.lineNumber, l]),
  );
  const serviceLines: ServiceLine[] = rows.map((l) => {
    const extra = extras.get(l.line_number) ?? {};
    const line: ServiceLine = {
      lineNumber: l.line_number, lineControlNumber: l.line_control_number, procedureQualifier: extra.procedureQualifier ?? 'HC',
      procedure: l.procedure, modifiers: l.modifiers, chargeCents: Number(l.charge_cents), unitBasis: l.unit_basis,
      units: Number(l.units), diagnosisPointers: l.diagnosis_pointers, serviceDate: l.service_date,
    };
    if (extra.placeOfService) line.placeOfService = extra.placeOfService;
    if (l.service_date_end) line.serviceDateEnd = l.service_date_end;
    return line;
  });
  const claim: Claim = {
    controlNumber: row.control_number, chargeCents: Number(row.charge_cents), placeOfService: row.place_of_service,
    frequency: row.frequency as Claim['frequency'], billingProvider: d.billingProvider,
    payer: { payerId: row.payer_code, name: d.payerName ?? row.payer_code }, subscriber: d.subscriber,
    diagnoses: row.diagnoses, lines: serviceLines,
  };
  if (row.payer_claim_number) claim.payerClaimNumber = row.payer_claim_number;
  if (d.serviceDate) claim.serviceDate = d.serviceDate;
  if (d.patient) claim.patient = d.patient;
  return { id: row.id, status: row.status, payerDbId: row.payer_id, timelyFilingDays: row.timely_filing_days, claim };
}
