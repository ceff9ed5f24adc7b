// Which of our claim lines an 835 service line pays. Pure, so the rules are tested without a
// database: REF*6R (our line control number) first, because payers echo it exactly; otherwise
// the procedure, the same set of modifiers and the service date, each of our lines used once.
import type { ServiceLine } from './remittance.js';

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
