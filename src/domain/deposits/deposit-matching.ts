// Deposit-to-ERA reassociation, the way CAQH CORE 370 means it: a deposit belongs to the 835
// whose TRN02 trace number it carries. Among the 835s of that trace whose payment date lies within
// the window of the deposit date, one with the same amount is a match; otherwise the nearest in
// date is a variance (same trace, another amount), which a person must explain. What is left
// over after the configured days becomes work: a deposit with no ERA, an EFT ERA with no deposit.
import { daysBetween } from '../calendar-date.js';

export interface UnmatchedDeposit {
  id: number;
  depositDate: string;
  amountCents: number;
  traceNumber: string | null;
}

/** A remittance (one 835 payment) that no deposit has been matched to yet. */
export interface OpenRemittance {
  id: number;
  traceNumber: string;
  paymentCents: number;
  /** BPR04: ACH, FWT, BOP, CHK, NON. */
  paymentMethod: string;
  /** BPR16 (else the 835's production date, else the day it was received): when the money should move. */
  eraDate: string;
  payerId: number | null;
}

export interface DepositMatchingRules {
  /** A deposit and an ERA match only if their dates are at most this many days apart (either way). */
  matchWindowDays: number;
  /** A deposit still unmatched this many days after its date opens a task. */
  depositWithoutEraDays: number;
  /** An EFT ERA with no deposit this many days after its date opens a task. */
  eraWithoutDepositDays: number;
  /** BPR04 methods that put money in the bank by EFT: only these are missed when no deposit comes. */
  eftPaymentMethods: readonly string[];
}

export interface DepositMatch {
  depositId: number;
  remittanceId: number;
  status: 'matched' | 'variance';
  depositCents: number;
  eraCents: number;
  payerId: number | null;
}

export interface DepositMatching {
  matches: DepositMatch[];
  /** Unmatched deposits old enough to need a person. */
  depositsWithoutEra: UnmatchedDeposit[];
  /** EFT remittances with a payment, old enough, that no deposit carries. */
  erasWithoutDeposit: OpenRemittance[];
}

/** Trace numbers compare without surrounding blanks or case (banks upper-case references). */
export function traceKey(trace: string): string {
  return trace.trim().toUpperCase();
}

export function matchDeposits(
  deposits: readonly UnmatchedDeposit[], remittances: readonly OpenRemittance[], asOf: string, rules: DepositMatchingRules,
): DepositMatching {
  const byTrace = new Map<string, OpenRemittance[]>();
  for (const remittance of remittances) {
    const key = traceKey(remittance.traceNumber);
    const list = byTrace.get(key);
    if (list) list.push(remittance);
    else byTrace.set(key, [remittance]);
  }
  const taken = new Set<number>();
  const matched = new Set<number>();
  const matches: DepositMatch[] = [];
  // Oldest deposits first, so the same input always pairs the same way.
  const ordered = [...deposits].sort((a, b) => (a.depositDate < b.depositDate ? -1 : a.depositDate > b.depositDate ? 1 : a.id - b.id));
  for (const deposit of ordered) {
    if (!deposit.traceNumber) continue;
    const candidates = (byTrace.get(traceKey(deposit.traceNumber)) ?? [])
      .filter((r) => !taken.has(r.id) && Math.abs(daysBetween(r.eraDate, deposit.depositDate)) <= rules.matchWindowDays);
    const chosen = best(candidates.filter((r) => r.paymentCents === deposit.amountCents), deposit) ?? best(candidates, deposit);
    if (!chosen) continue;
    taken.add(chosen.id);
    matched.add(deposit.id);
    matches.push({
      depositId: deposit.id, remittanceId: chosen.id, status: chosen.paymentCents === deposit.amountCents ? 'matched' : 'variance',
      depositCents: deposit.amountCents, eraCents: chosen.paymentCents, payerId: chosen.payerId,
    });
  }
  const eft = new Set(rules.eftPaymentMethods);
  return {
    matches,
    depositsWithoutEra: ordered.filter((d) => !matched.has(d.id) && daysBetween(d.depositDate, asOf) >= rules.depositWithoutEraDays),
    erasWithoutDeposit: remittances.filter((r) => !taken.has(r.id) && eft.has(r.paymentMethod) && r.paymentCents > 0
      && daysBetween(r.eraDate, asOf) >= rules.eraWithoutDepositDays),
  };
}

/** The candidate nearest the deposit's date; the older remittance on a tie. */
function best(candidates: readonly OpenRemittance[], deposit: UnmatchedDeposit): OpenRemittance | undefined {
  let chosen: OpenRemittance | undefined;
  let distance = Infinity;
  for (const r of candidates) {
    const d = Math.abs(daysBetween(r.eraDate, deposit.depositDate));
    if (d < distance || (d === distance && chosen && r.id < chosen.id)) {
      chosen = r;
      distance = d;
    }
  }
  return chosen;
}

/** "1250.50": dollars for a task's reason codes (no thousands separator: reason codes are comma-joined). */
export function plainDollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
