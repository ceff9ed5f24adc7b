// Which of our claims an 835 claim payment pays, and which of its lines each service line pays.
// Pure, so the rules are tested without a database. Claims: CLP01 is our CLM01, which is unique
// only per billing provider and payer (src/domain/claims/claim-identity.ts), so the payer and the
// payee the 835 names narrow the candidates; when more than one is left, none is picked. Lines:
// REF*6R (our line control number) first, because payers echo it exactly; otherwise the
// procedure, the same set of modifiers and the service date, each of our lines used once.
import type { ServiceLine } from './remittance.js';

/** Who a remittance is from and to, as far as the 835 says: our payer (when its ids name one we know) and N1*PE. */
export interface RemittanceParties {
  payerId: number | null;
  payeeNpi: string | null;
  payeeTaxId: string | null;
}

/** One of our claims that carries a CLP01: its payer and its billing provider's NPI and tax id. */
export interface ClaimCandidate {
  id: number;
  controlNumber: string;
  payerId: number;
  providerNpi: string;
  providerTaxId: string | null;
}

/** `no-claim`: no claim of ours has this CLM01 for this payer and payee; `ambiguous`: several have. */
export type ClaimMatch<T> = { claim: T } | { unmatched: 'no-claim' | 'ambiguous' };

/**
 * The claim a CLP pays: the candidates with its CLP01, narrowed by the payer when the 835 names
 * one of ours, and by the payee's NPI (else tax id) when the 835 gives one. A candidate whose
 * provider has no tax id stored is not excluded by a tax id. Exactly one left is the match.
 */
export function matchRemittanceClaim<T extends ClaimCandidate>(
  controlNumber: string, candidates: readonly T[], parties: RemittanceParties,
): ClaimMatch<T> {
  const payeeTaxId = digits(parties.payeeTaxId);
  const left = candidates.filter((c) => c.controlNumber === controlNumber
    && (parties.payerId === null || c.payerId === parties.payerId)
    && (!parties.payeeNpi || c.providerNpi === parties.payeeNpi.trim())
    && (parties.payeeNpi || !payeeTaxId || !c.providerTaxId || digits(c.providerTaxId) === payeeTaxId));
  if (left.length === 1) return { claim: left[0] };
  return { unmatched: left.length === 0 ? 'no-claim' : 'ambiguous' };
}

/** Tax ids are written with or without their hyphen (99-0000001, 990000001). */
function digits(value: string | null | undefined): string {
  return (value ?? '').replace(/\D/g, '');
}

export interface OurClaimLine {
  id: number;
  lineControlNumber: string;
  procedure: string;
  modifiers: string[];
  serviceDate: string; // YYYY-MM-DD
  units: string;
}

/** Remittance line sequence -> our claim line, for the lines that match. */
export function matchClaimLines(remitted: readonly ServiceLine[], ours: readonly OurClaimLine[]): Map<number, OurClaimLine> {
  const matched = new Map<number, OurClaimLine>();
  const used = new Set<number>();
  const byControl = new Map(ours.map((line) => [line.lineControlNumber, line]));
  for (const line of remitted) {
    const candidate = line.lineControlNumber ? byControl.get(line.lineControlNumber) : undefined;
    if (candidate && !used.has(candidate.id)) {
      matched.set(line.sequence, candidate);
      used.add(candidate.id);
    }
  }
  for (const line of remitted) {
    if (matched.has(line.sequence)) continue;
    // A re-coded line (SVC06) was billed as the original procedure.
    const billed = line.originalProcedure ?? line.procedure;
    const date = line.serviceDate ?? line.periodStart;
    const candidate = ours.find((our) => !used.has(our.id)
      && our.procedure === billed.code
      && sameModifiers(our.modifiers, billed.modifiers)
      && (date === undefined || our.serviceDate === date));
    if (candidate) {
      matched.set(line.sequence, candidate);
      used.add(candidate.id);
    }
  }
  return matched;
}

function sameModifiers(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((m, i) => m === sorted[i]);
}

/** A payer's allowed amount for a line: the fee schedule's per-unit amount times whole units. */
export function expectedAllowedCents(perUnitCents: number, units: string | undefined): number {
  const count = units && /^\d+(\.0*)?$/.test(units.trim()) ? Number.parseInt(units, 10) : 1;
  return perUnitCents * Math.max(1, count);
}
