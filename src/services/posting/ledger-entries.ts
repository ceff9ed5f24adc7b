// Planned ledger entries (the domain's plan) as the ledger rows the repository writes: the one place
// that says which ledger kind a planned kind posts as and which of our ids an entry carries.
import type { PlannedLedgerEntry } from '../../domain/remittance/index.js';
import type { LedgerKind } from '../../db/entities/index.js';
import type { LedgerRow } from '../../db/repositories/ledger.repository.js';

const KIND: Record<PlannedLedgerEntry['kind'], LedgerKind> = {
  payment: 'payment',
  reversal: 'payment', // negative as written: backs out the earlier payment
  contractual: 'contractual',
  denial: 'denial',
  'patient-responsibility': 'patient-responsibility',
  'other-adjustment': 'other-adjustment',
  'provider-adjustment': 'provider-adjustment',
  unapplied: 'unapplied',
};

/** Our ids an entry posts against: none for PLB or unapplied money, a claim (and its guarantor) otherwise. */
export interface EntryOwner {
  claimId?: number;
  /** The guarantor's account: patient responsibility lands there as well as on the claim. */
  accountId?: number | null;
  payerId?: number | null;
}

export function ledgerRowOf(entry: PlannedLedgerEntry, owner: EntryOwner): LedgerRow {
  const kind = KIND[entry.kind];
  return {
    kind,
    amount_cents: entry.amountCents,
    claim_id: owner.claimId,
    claim_line_id: entry.line?.claimLineId ? Number(entry.line.claimLineId) : undefined,
    account_id: kind === 'patient-responsibility' ? owner.accountId ?? undefined : undefined,
    payer_id: owner.payerId ?? undefined,
    group_code: entry.group,
    // A CARC as read (X12 allows 5 characters, as the column); a PLB03-1 reason cut to the column.
    reason_code: kind === 'provider-adjustment' ? entry.reason?.slice(0, 5) : entry.reason,
    remark_codes: entry.remarkCodes.length ? entry.remarkCodes : undefined,
    idempotency_key: entry.idempotencyKey,
  };
}
