// What the database can hold of an imported claim, and the rows it becomes. Checked before any
// insert so a file that does not fit is rejected with the claim's position, not a database error.
import { InputError } from '../input-error.js';
import type { Claim } from './claim.js';

export interface ImportedClaim {
  claim: Claim;
  /** Where the claim is in its file, e.g. 'CLM at segment 19' or 'claims[3]'. */
  where: string;
}

export class ClaimFileError extends InputError {
  override name = 'ClaimFileError';
  /** `file` names the file as errors do everywhere: in jobs, the stored file's id, never the sender's name. */
  constructor(file: string, where: string, detail: string) {
    super(`file ${file}: ${where}: ${detail}`);
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

/** The claim row's own columns (parties are matched separately and come in as ids). */
export function draftClaimRow(claim: Claim) {
  return {
    cn: claim.controlNumber, freq: claim.frequency, pcn: claim.payerClaimNumber ?? null, pos: claim.placeOfService,
    sd: claimServiceDate(claim), dx: claim.diagnoses, charge: claim.chargeCents,
  };
}

export type DraftClaimRow = ReturnType<typeof draftClaimRow>;

/** The first service date: the claim's own DTP*472, else its earliest line's. */
export function claimServiceDate(claim: Claim): string {
  return claim.serviceDate ?? claim.lines.map((l) => l.serviceDate).sort()[0];
}

/**
 * A chunk's lines as rows keyed by their claim's place in the chunk (`k`: one CLM01 can be billed
 * to several payers in one chunk); a repeated line control number within a claim is refused.
 */
export function lineRows(file: string, claims: readonly ImportedClaim[]) {
  const rows = claims.flatMap(({ claim, where }, k) => claim.lines.map((l) => ({
    where, k, n: l.lineNumber, lcn: lineControlNumber(claim, l.lineNumber, l.lineControlNumber),
    proc: l.procedure, mods: l.modifiers, units: String(l.units), basis: l.unitBasis.slice(0, 2), charge: l.chargeCents,
    ptrs: l.diagnosisPointers, sd: l.serviceDate, sde: l.serviceDateEnd ?? null,
  })));
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.k}|${row.lcn}`;
    if (seen.has(key)) throw new ClaimFileError(file, row.where, `line ${row.n}: its line control number (REF*6R) repeats one of an earlier line of the claim`);
    seen.add(key);
  }
  return rows.map(({ where: _where, ...row }) => row);
}

export type ClaimLineRow = ReturnType<typeof lineRows>[number];

/** What the claim row does not hold but the 837P writer needs back: the billed parties as sent. */
export function claimDetail(claim: Claim) {
  return {
    billingProvider: claim.billingProvider, payerName: claim.payer.name, subscriber: claim.subscriber, patient: claim.patient,
    serviceDate: claim.serviceDate,
    lines: claim.lines.map((l) => ({ lineNumber: l.lineNumber, procedureQualifier: l.procedureQualifier, placeOfService: l.placeOfService })),
  };
}
