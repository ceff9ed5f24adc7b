// A claim's money after posting, and the status that money means. Pure: posting computes the new
// caches and the status here, from the rows a chunk writes and the caches it read under the claims'
// row locks; the database only applies the decision.

/** The ledger fields that move money caches (a ledger row as the repository writes it). */
export interface LedgerMoney {
  kind: string;
  amount_cents: number;
  claim_id?: number;
  account_id?: number;
}

/** How much one claim's cached money moves. */
export interface MoneyDelta {
  paid: number;
  contractual: number;
  denied: number;
  patientResp: number;
  /** Other adjustments and write-offs: not cached by column, but they lower the balance. */
  other: number;
}

export interface LedgerDeltas {
  claims: Map<number, MoneyDelta>;
  /** Patient responsibility added to each guarantor's account. */
  accounts: Map<number, number>;
}

// Which cache an entry kind moves. A denial does not lower the open balance: it stays open until
// a person resolves it. Patient responsibility leaves the claim for the guarantor's account.
const COLUMN: Readonly<Record<string, keyof MoneyDelta | undefined>> = {
  payment: 'paid',
  contractual: 'contractual',
  denial: 'denied',
  'patient-responsibility': 'patientResp',
  'other-adjustment': 'other',
  'write-off': 'other',
};

/** Sums ledger rows into per-claim and per-account changes. */
export function ledgerDeltas(inserted: readonly LedgerMoney[]): LedgerDeltas {
  const deltas: LedgerDeltas = { claims: new Map(), accounts: new Map() };
  for (const row of inserted) {
    const cents = row.amount_cents;
    const column = COLUMN[row.kind];
    if (column && row.claim_id !== undefined) {
      let delta = deltas.claims.get(row.claim_id);
      if (!delta) deltas.claims.set(row.claim_id, (delta = { paid: 0, contractual: 0, denied: 0, patientResp: 0, other: 0 }));
      delta[column] += cents;
    }
    if (row.kind === 'patient-responsibility' && row.account_id !== undefined) {
      deltas.accounts.set(row.account_id, (deltas.accounts.get(row.account_id) ?? 0) + cents);
    }
  }
  return deltas;
}

/** The statuses money decides; any other status (submitted, closed, ...) is left as it is. */
export type MoneyStatus = 'denied' | 'paid' | 'partially-paid' | 'accepted';

/**
 * Why posting moved a claim to a status, in the office's words: the `reason` on the claim_event
 * row a posted chunk writes for every claim whose status its money changed.
 */
export const MONEY_STATUS_REASONS: Readonly<Record<MoneyStatus, string>> = {
  paid: 'paid',
  'partially-paid': 'partially paid',
  denied: 'denied',
  accepted: 'payment reversed',
};

/** What a claim's status is decided from: its caches after the change. */
export interface ClaimMoney {
  paidCents: number;
  deniedCents: number;
  balanceCents: number;
}

/**
 * `denied`: something denied and nothing paid; `paid`: nothing open; `partially-paid`: paid with
 * something open; back to `accepted` when a reversal took every payment back. Otherwise unchanged.
 */
export function claimStatusFromMoney<S extends string>(money: ClaimMoney, current: S): S | MoneyStatus {
  if (money.deniedCents > 0 && money.paidCents <= 0) return 'denied';
  if (money.balanceCents <= 0) return 'paid';
  if (money.paidCents > 0) return 'partially-paid';
  if (current === 'paid' || current === 'partially-paid' || current === 'denied') return 'accepted';
  return current;
}

/** A claim's caches and status after a delta: the balance drops by everything but denials. */
export function claimMoneyAfter<S extends string>(
  before: ClaimMoney & { status: S }, delta: MoneyDelta,
): ClaimMoney & { status: S | MoneyStatus } {
  const money = {
    paidCents: before.paidCents + delta.paid,
    deniedCents: before.deniedCents + delta.denied,
    balanceCents: before.balanceCents - delta.paid - delta.contractual - delta.patientResp - delta.other,
  };
  return { ...money, status: claimStatusFromMoney(money, before.status) };
}

/**
 * The reason to record when posting moved a claim from one status to another; null when it stayed.
 * Money only ever moves a claim to a MoneyStatus; any other status would be named as itself, so a
 * change is never left unrecorded.
 */
export function moneyStatusReason<S extends string>(from: S, to: S | MoneyStatus): string | null {
  if (to === from) return null;
  return (MONEY_STATUS_REASONS as Readonly<Record<string, string>>)[to] ?? to;
}
