// What the ledger says a balance is: how each kind of ledger entry moves a claim's open balance and
// a guarantor account's patient balance. Pure, and the one statement of the rule: the balance
// check (reconciliation.accounts) and the aging snapshot hand these tables to their SQL, and the
// unit tests hold them to what posting and task outcomes write (src/domain/claims/claim-money-status.ts,
// src/services/tasks/outcome-follow-ups.ts).
import type { FollowUpTaskInput } from '../tasks/follow-up.js';

/**
 * The ledger's entry kinds (ledger_entry.kind). Kept here so the domain imports nothing from the
 * database layer; a unit test holds this list to the entity's LEDGER_KINDS.
 */
export const BALANCE_LEDGER_KINDS = [
  'charge', 'payment', 'contractual', 'denial', 'patient-responsibility', 'transfer',
  'write-off', 'refund', 'provider-adjustment', 'patient-payment', 'other-adjustment', 'unapplied',
] as const;
export type LedgerKind = (typeof BALANCE_LEDGER_KINDS)[number];

/**
 * A claim's balance = its billed charge (claim.charge_cents: intake writes no `charge` entries)
 * + the sum of amount x effect over the entries on the claim. Payments and every adjustment that
 * leaves the payer's side lower it; a denial does not (it stays open until a person resolves it);
 * a transfer to the patient is written negative on the claim, so it lowers it as written; a refund
 * to the payer gives money back and reopens the amount.
 */
export const CLAIM_BALANCE_EFFECT: Readonly<Record<LedgerKind, -1 | 0 | 1>> = {
  charge: 0, payment: -1, contractual: -1, denial: 0, 'patient-responsibility': -1, transfer: 1, 'write-off': -1, refund: 1,
  'provider-adjustment': 0, 'patient-payment': 0, 'other-adjustment': -1, unapplied: 0,
};

/**
 * A guarantor account's patient balance = the sum of amount x effect over the entries on the
 * account: patient responsibility and transfers from claims raise it; a patient payment and a
 * small-balance write-off (the statement cycle's) are written as they move the balance (negative:
 * `rcm payments post`, collections.dunning), so they count as written; a refund to the patient
 * raises it back. An account's entries therefore add up to its balance.
 */
export const ACCOUNT_BALANCE_EFFECT: Readonly<Record<LedgerKind, -1 | 0 | 1>> = {
  charge: 0, payment: 0, contractual: 0, denial: 0, 'patient-responsibility': 1, transfer: 1, 'write-off': 1, refund: 1,
  'provider-adjustment': 0, 'patient-payment': 1, 'other-adjustment': 0, unapplied: 0,
};

/** The tables as rows, for a SQL statement to join (kind, claim effect, account effect). */
export function ledgerEffectRows(): Array<{ kind: LedgerKind; claim: number; account: number }> {
  return (Object.keys(CLAIM_BALANCE_EFFECT) as LedgerKind[]).map((kind) => ({
    kind, claim: CLAIM_BALANCE_EFFECT[kind], account: ACCOUNT_BALANCE_EFFECT[kind],
  }));
}

export interface LedgerAmount {
  kind: LedgerKind;
  amountCents: number;
}

export function claimLedgerBalance(chargeCents: number, entries: readonly LedgerAmount[]): number {
  return entries.reduce((balance, e) => balance + e.amountCents * CLAIM_BALANCE_EFFECT[e.kind], chargeCents);
}

export function accountLedgerBalance(entries: readonly LedgerAmount[]): number {
  return entries.reduce((balance, e) => balance + e.amountCents * ACCOUNT_BALANCE_EFFECT[e.kind], 0);
}

/** One cached figure next to what the ledger says it should be. */
export interface FigurePair {
  stored: number;
  ledger: number;
}

/** The claim's cached totals (claim columns) and the same figures summed from its ledger entries. */
export interface ClaimFigures {
  paid: FigurePair;
  contractual: FigurePair;
  denied: FigurePair;
  patientResp: FigurePair;
  balance: FigurePair;
}

/**
 * A claim line has no cached money, so there is no stored figure to compare: the check is that
 * the ledger never takes more off a line than it charged (its charge + the entries posted to the
 * line, by CLAIM_BALANCE_EFFECT, is not below zero). A line below zero was paid or adjusted twice,
 * or is a payer's overpayment to refund: either way a person looks.
 */
export interface LineOverposted {
  lineNumber: number;
  chargeCents: number;
  ledgerBalanceCents: number;
}

/** Only the figures that disagree (what the task shows); empty when the claim agrees with its ledger. */
export function differingFigures<F extends object>(figures: F): Partial<F> {
  const differing: Partial<F> = {};
  for (const [name, pair] of Object.entries(figures) as Array<[keyof F, FigurePair]>) {
    if (pair.stored !== pair.ledger) differing[name] = pair as F[keyof F];
  }
  return differing;
}

/**
 * How much the discrepancy puts at risk: the largest gap between a stored figure and the ledger,
 * or the deepest overposted line. Drives the task's priority (dollars at risk).
 */
export function discrepancyCents(figures: Readonly<Record<string, FigurePair>>, lines: readonly LineOverposted[] = []): number {
  const gaps = Object.values(figures).map((f) => Math.abs(f.stored - f.ledger));
  const overposted = lines.map((l) => Math.abs(l.ledgerBalanceCents));
  return Math.max(0, ...gaps, ...overposted);
}

/** Reason code of every balance-discrepancy task: one task per claim or account while it is open. */
export const LEDGER_MISMATCH = 'LEDGER-MISMATCH';

/** What the check found for one subject: the figures that differ (stored and ledger) and the money at stake. */
export interface BalanceFinding {
  figures: Record<string, unknown>;
  amountAtRiskCents: number;
}

type ClaimTotals = Record<keyof ClaimFigures, number>;

/** A claim's finding, or undefined when its caches equal its ledger and no line is overposted. */
export function claimFinding(stored: ClaimTotals, ledger: ClaimTotals, overpostedLines: readonly LineOverposted[]): BalanceFinding | undefined {
  const pairs = Object.fromEntries((Object.keys(stored) as Array<keyof ClaimFigures>).map((name) => [name, { stored: stored[name], ledger: ledger[name] }]));
  const differing = differingFigures(pairs as Record<string, FigurePair>);
  if (Object.keys(differing).length === 0 && overpostedLines.length === 0) return undefined;
  const figures: Record<string, unknown> = { ...differing };
  if (overpostedLines.length > 0) figures.overpostedLines = overpostedLines;
  return { figures, amountAtRiskCents: discrepancyCents(differing as Record<string, FigurePair>, overpostedLines) };
}

/** An account's finding, or undefined when its patient balance equals its ledger. */
export function accountFinding(stored: number, ledger: number): BalanceFinding | undefined {
  if (stored === ledger) return undefined;
  const patientBalance = { stored, ledger };
  return { figures: { patientBalance }, amountAtRiskCents: discrepancyCents({ patientBalance }) };
}

export function balanceDiscrepancyTask(subjectType: 'claim' | 'account', subjectId: number, finding: BalanceFinding, payerId: number | null): FollowUpTaskInput {
  return {
    type: 'balance-discrepancy', subjectType, subjectId, reasonCodes: [LEDGER_MISMATCH],
    amountAtRiskCents: finding.amountAtRiskCents, deadline: null, payerId,
  };
}
