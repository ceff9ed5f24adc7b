// The `claims.import` job's work: read an 837P (or JSON claims) file whole, match its parties,
// and store its new claims and lines in bulk, with a scrub job per new claim, in ONE
// transaction. A claim already known by its control number (CLM01) is not imported twice.
// A file that cannot be read is quarantined with its reason, and nothing of it is kept.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Claim } from '../../domain/claims/claim.js';
import { readClaimsJson } from '../../domain/claims/claims-json.js';
import { read837p } from '../../domain/x12/837p-reader.js';
import { BadInputError } from '../../errors.js';
import { loadFileContent, markFile } from '../edi-intake.service.js';
import { readFileOrQuarantine } from '../file-jobs.js';
import { matchParties } from './claim-parties.js';
import { checkStorable, lineRows, type ImportedClaim } from './claim-rows.js';
import { json, slices, sqlRunner, type Run } from '../../db/sql.js';

export interface ImportOutcome {
  fileId: number;
  status: 'imported' | 'rejected';
  claims: number;
  newClaims: number;
  chargeCents: number;
  error?: string;
}

export async function importClaimFile(em: EntityManager, fileId: number, options: { timezone: string }): Promise<ImportOutcome> {
  return readFileOrQuarantine(em, { fileId, fileLabel: 'claims file', timezone: options.timezone }, (tx) => importInTransaction(tx, fileId));
}

async function importInTransaction(tx: EntityManager, fileId: number): Promise<ImportOutcome> {
  const run = sqlRunner(tx);
  // The row lock makes a second delivery of this job wait for the first, then find it done.
  const [file] = await run<{ status: string; kind: string }>('select status, kind from edi_file where id = ? for update', [fileId]);
  if (!file) throw new BadInputError(`no file ${fileId}`);
  if (file.kind !== '837P' && file.kind !== 'claims-json') throw new BadInputError(`file ${fileId} is a ${file.kind}, not a claims file`);
  if (file.status !== 'received') return (await importOutcome(tx, fileId))!;

  const { file: row, content } = await loadFileContent(tx, fileId);
  const text = content.toString('latin1');
  const imported: ImportedClaim[] = file.kind === 'claims-json'
    ? readClaimsJson(text, { file: row.fileName }).map((claim, index) => ({ claim, where: `claims[${index}]` }))
    : read837p(text, { file: row.fileName }).claims.map(({ claim, source }) => ({ claim, where: `CLM at segment ${source.clmSegmentIndex}` }));
  const claims = firstOfEachControlNumber(imported);
  checkStorable(row.fileName, claims);

  const parties = await matchParties(run, fileId, claims.map((c) => c.claim));
  const newIds = new Map<string, number>();
  const claimRows = claims.map(({ claim }, i) => ({
    cn: claim.controlNumber, payer: parties[i].payerId, provider: parties[i].providerId, patient: parties[i].patientId,
    coverage: parties[i].coverageId, freq: claim.frequency, pcn: claim.payerClaimNumber ?? null, pos: claim.placeOfService,
    sd: claimServiceDate(claim), dx: claim.diagnoses, charge: claim.chargeCents,
  }));
  for (const slice of slices(claimRows)) {
    const inserted = await run<{ id: number; control_number: string }>(
      `insert into claim (control_number, payer_id, provider_id, patient_id, coverage_id, source_file_id, status, frequency,
         payer_claim_number, place_of_service, service_date, diagnoses, charge_cents, balance_cents, created_at, updated_at)
       select r.cn, r.payer, r.provider, r.patient, r.coverage, ?, 'draft', r.freq, r.pcn, r.pos, r.sd, r.dx, r.charge, r.charge, now(), now()
       from json_to_recordset(?::json) as r(cn text, payer int, provider int, patient int, coverage int, freq text, pcn text,
         pos text, sd date, dx jsonb, charge bigint)
       on conflict (control_number) do nothing
       returning id, control_number`,
      [fileId, json(slice)],
    );
    for (const r of inserted) newIds.set(r.control_number, r.id);
  }
  const fresh = claims.filter((c) => newIds.has(c.claim.controlNumber));
  await storeLines(run, row.fileName, fresh, newIds);
  await storeDetails(run, fresh, newIds);
  const ids = [...newIds.values()];
  for (const slice of slices(ids, 20000)) {
    await run(`insert into claim_event (claim_id, from_status, to_status, detail, at)
      select id, null, 'draft', ?::jsonb, now() from unnest(?::int[]) as id`, [json({ fileId }), slice]);
    // The producer's payload schema is { claimId: positive integer }; ids from the insert above
    // satisfy it by construction, so the fan-out skips per-row validation and goes in one statement.
    await run(`insert into outbox (queue, job_name, payload, delay_ms, created_at)
      select 'claims', 'scrub', json_build_object('claimId', id), 0, now() from unnest(?::int[]) as id`, [slice]);
  }
  const chargeCents = claims.reduce((sum, c) => sum + c.claim.chargeCents, 0);
  await run(`insert into claim_file_outcome (file_id, kind, claims, new_claims, charge_cents, created_at) values (?, ?, ?, ?, ?, now())`,
    [fileId, file.kind, claims.length, ids.length, chargeCents]);
  await markFile(tx, fileId, 'processed');
  return { fileId, status: 'imported', claims: claims.length, newClaims: ids.length, chargeCents };
}

async function storeLines(run: Run, fileName: string, fresh: ImportedClaim[], ids: Map<string, number>): Promise<void> {
  const rows = lineRows(fileName, fresh, ids);
  for (const slice of slices(rows)) {
    await run(
      `insert into claim_line (claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents,
         diagnosis_pointers, service_date, service_date_end)
       select r.claim, r.n, r.lcn, r.proc, r.mods, r.units, r.basis, r.charge, r.ptrs, r.sd, r.sde
       from json_to_recordset(?::json) as r(claim int, n int, lcn text, proc text, mods jsonb, units numeric, basis text,
         charge bigint, ptrs jsonb, sd date, sde date)`,
      [json(slice)],
    );
  }
}

async function storeDetails(run: Run, fresh: ImportedClaim[], ids: Map<string, number>): Promise<void> {
  const rows = fresh.map(({ claim }) => ({
    claim: ids.get(claim.controlNumber)!,
    detail: {
      billingProvider: claim.billingProvider, payerName: claim.payer.name, subscriber: claim.subscriber, patient: claim.patient,
      serviceDate: claim.serviceDate,
      lines: claim.lines.map((l) => ({ lineNumber: l.lineNumber, procedureQualifier: l.procedureQualifier, placeOfService: l.placeOfService })),
    },
  }));
  for (const slice of slices(rows)) {
    await run(`insert into claim_detail (claim_id, detail) select r.claim, r.detail from json_to_recordset(?::json) as r(claim int, detail jsonb)`, [json(slice)]);
  }
}

export async function importOutcome(em: EntityManager, fileId: number): Promise<ImportOutcome | undefined> {
  const run = sqlRunner(em);
  const [file] = await run<{ status: string; error: string | null; claims: number | null; new_claims: number | null; charge_cents: string | null }>(
    `select f.status, f.error, o.claims, o.new_claims, o.charge_cents from edi_file f left join claim_file_outcome o on o.file_id = f.id where f.id = ?`,
    [fileId],
  );
  if (!file || file.status === 'received' || file.status === 'processing') return undefined;
  if (file.status === 'quarantined') return { fileId, status: 'rejected', claims: 0, newClaims: 0, chargeCents: 0, error: file.error ?? 'rejected' };
  return { fileId, status: 'imported', claims: file.claims ?? 0, newClaims: file.new_claims ?? 0, chargeCents: Number(file.charge_cents ?? 0) };
}

/** The same CLM01 twice in one file: the first is imported, later copies are duplicates. */
function firstOfEachControlNumber(claims: ImportedClaim[]): ImportedClaim[] {
  const seen = new Set<string>();
  return claims.filter(({ claim }) => !seen.has(claim.controlNumber) && Boolean(seen.add(claim.controlNumber)));
}

function claimServiceDate(claim: Claim): string {
  return claim.serviceDate ?? claim.lines.map((l) => l.serviceDate).sort()[0];
}
