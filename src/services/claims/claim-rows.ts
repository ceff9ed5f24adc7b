// What the database can hold of an imported claim, checked before any insert so a file that
// does not fit is rejected with the claim's position rather than a database error.
import { InputError } from '../../domain/input-error.js';
import type { Claim } from '../../domain/claims/claim.js';

export interface ImportedClaim {
  claim: Claim;
  /** Where the claim is in its file, e.g. 'CLM at segment 19' or 'claims[3]'. */
  where: string;
}

export class ClaimFileError extends InputError {
  override name = 'ClaimFileError';
  constructor(file: string, where: string, detail: string) {
    super(`${file}: ${where}: ${detail}`);
  }
}

const LIMITS: Array<[string, (c: Claim) => string | undefined, number]> = [
  ['CLM01 (claim control number)', (c) => c.controlNumber, 38],
  ['NM109 of NM1*85 (billing NPI)', (c) => c.billingProvider.npi, 10],
  ['NM109 of NM1*PR (payer id)', (c) => c.payer.payerId, 80],
  ['NM109 of NM1*IL (member id)', (c) => c.subscriber.memberId, 80],
  ['CLM05-1 (place of service)', (c) => c.placeOfService, 2],
  ['REF*F8 (payer claim number)', (c) => c.payerClaimNumber, 50],
];

export function checkStorable(file: string, claims: readonly ImportedClaim[]): void {
  for (const { claim, where } of claims) {
    for (const [field, value, max] of LIMITS) {
      const v = value(claim);
      if (v !== undefined && v.length > max) throw new ClaimFileError(file, where, `${field} is longer than ${max} characters`);
    }
    const seen = new Set<string>();
    for (const line of claim.lines) {
      if (line.procedure.length > 5) throw new ClaimFileError(file, where, `line ${line.lineNumber}: SV101-2 (procedure) is longer than 5 characters`);
      if ((line.lineControlNumber ?? '').length > 50) throw new ClaimFileError(file, where, `line ${line.lineNumber}: REF*6R is longer than 50 characters`);
      if (seen.has(String(line.lineNumber))) throw new ClaimFileError(file, where, `line number ${line.lineNumber} (LX01) appears twice`);
      seen.add(String(line.lineNumber));
    }
  }
}

/**
 * A line keeps the REF*6R it came with; otherwise it is assigned `<CLM01>-<LX01>`. Either is
 * unique within its claim, which is where remittance lines are matched (after CLP01).
 */
export function lineControlNumber(claim: Claim, lineNumber: number, given?: string): string {
  return given ?? `${claim.controlNumber}-${lineNumber}`;
}

export function lineRows(file: string, claims: readonly ImportedClaim[], ids: Map<string, number>) {
  const rows = claims.flatMap(({ claim, where }) => claim.lines.map((l) => ({
    where, claim: ids.get(claim.controlNumber)!, n: l.lineNumber, lcn: lineControlNumber(claim, l.lineNumber, l.lineControlNumber),
    proc: l.procedure, mods: l.modifiers, units: String(l.units), basis: l.unitBasis.slice(0, 2), charge: l.chargeCents,
    ptrs: l.diagnosisPointers, sd: l.serviceDate, sde: l.serviceDateEnd ?? null,
  })));
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.claim}|${row.lcn}`;
    if (seen.has(key)) throw new ClaimFileError(file, row.where, `line ${row.n}: its line control number (REF*6R) repeats one of an earlier line of the claim`);
    seen.add(key);
  }
  return rows;
}
