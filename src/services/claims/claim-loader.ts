// Rebuilds domain Claims from their stored rows (claim, lines, billed-party snapshot, payer),
// so the scrubber and the 837P writer see exactly what was imported.
import type { Claim, ServiceLine } from '../../domain/claims/claim.js';
import type { Run } from '../../db/sql.js';

export interface StoredClaim {
  id: number;
  status: string;
  payerDbId: number;
  timelyFilingDays: number;
  claim: Claim;
}

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

export async function loadClaims(run: Run, claimIds: readonly number[]): Promise<StoredClaim[]> {
  if (claimIds.length === 0) return [];
  const claims = await run<ClaimRow>(`select ${CLAIM_COLUMNS} ${CLAIM_FROM} where c.id = any(?) order by c.id`, [claimIds]);
  const lines = await run<LineRow>(
    `select claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents, diagnosis_pointers,
       to_char(service_date, 'YYYY-MM-DD') as service_date, to_char(service_date_end, 'YYYY-MM-DD') as service_date_end
     from claim_line where claim_id = any(?) order by claim_id, line_number`,
    [claimIds],
  );
  const byClaim = new Map<number, LineRow[]>();
  for (const line of lines) byClaim.set(line.claim_id, [...(byClaim.get(line.claim_id) ?? []), line]);
  return claims.map((row) => toStoredClaim(row, byClaim.get(row.id) ?? []));
}

/**
 * One claim, locked for this transaction, read in a single statement (its lines as JSON): the
 * scrub job runs once per claim, so its round trips are what limits the scrub rate.
 */
export async function loadClaimForUpdate(run: Run, claimId: number): Promise<StoredClaim | undefined> {
  const [row] = await run<ClaimRow & { lines: LineRow[] | null }>(
    `select ${CLAIM_COLUMNS},
       (select json_agg(json_build_object('claim_id', l.claim_id, 'line_number', l.line_number, 'line_control_number', l.line_control_number,
          'procedure', l.procedure, 'modifiers', l.modifiers, 'units', l.units::text, 'unit_basis', l.unit_basis, 'charge_cents', l.charge_cents,
          'diagnosis_pointers', l.diagnosis_pointers, 'service_date', to_char(l.service_date, 'YYYY-MM-DD'),
          'service_date_end', to_char(l.service_date_end, 'YYYY-MM-DD')) order by l.line_number)
        from claim_line l where l.claim_id = c.id) as lines
     ${CLAIM_FROM} where c.id = ? for update of c`,
    [claimId],
  );
  return row ? toStoredClaim(row, row.lines ?? []) : undefined;
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
