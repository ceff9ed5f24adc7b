// Bulk ledger writes for posting: one multi-row insert per chunk, then the money caches on claims
// and guarantors' accounts moved by exactly those rows (deltas, not a re-aggregation of the ledger,
// so the cost does not grow with a claim's history). Exactly once comes from the caller's lock
// (a chunk or remittance row, marked posted in the same transaction) and, underneath it, from the
// unique idempotency key every entry carries: a second posting of the same source is refused.
import type { LedgerKind } from '../../db/entities/index.js';
import type { Run } from '../../db/sql.js';

/** One ledger entry to write. Absent fields are null (and cost nothing in the statement's JSON). */
export interface LedgerRow {
  kind: LedgerKind;
  amount_cents: number;
  claim_id?: number;
  claim_line_id?: number;
  account_id?: number;
  payer_id?: number;
  group_code?: string;
  reason_code?: string;
  remark_codes?: string[];
  idempotency_key: string;
}

/** What every entry of one insert shares: where it came from and the date it takes effect. */
export interface LedgerSource {
  source: string;           // e.g. 'remittance:12'
  effectiveDate: string;    // YYYY-MM-DD
}

export async function insertLedgerRows(run: Run, from: LedgerSource, rows: readonly LedgerRow[]): Promise<void> {
  if (rows.length === 0) return;
  await run(
    `insert into ledger_entry (kind, amount_cents, claim_id, claim_line_id, account_id, payer_id, group_code, reason_code,
       remark_codes, source, idempotency_key, effective_date, posted_at)
     select r.kind, r.amount_cents, r.claim_id, r.claim_line_id, r.account_id, r.payer_id, r.group_code, r.reason_code,
       r.remark_codes, ?, r.idempotency_key, ?::date, now()
     from json_to_recordset(?::json) as r(kind text, amount_cents bigint, claim_id int, claim_line_id int, account_id int,
       payer_id int, group_code text, reason_code text, remark_codes jsonb, idempotency_key text)`,
    [from.source, from.effectiveDate, JSON.stringify(rows)],
  );
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

// Which cache column an entry kind moves. A denial does not lower the open balance: it stays open
// until a person resolves it. Patient responsibility leaves the claim for the guarantor's account.
const COLUMN: Partial<Record<LedgerKind, keyof MoneyDelta>> = {
  payment: 'paid',
  contractual: 'contractual',
  denial: 'denied',
  'patient-responsibility': 'patientResp',
  'other-adjustment': 'other',
  'write-off': 'other',
};

export interface LedgerDeltas {
  claims: Map<number, MoneyDelta>;
  /** Patient responsibility added to each guarantor's account. */
  accounts: Map<number, number>;
}

type Money = Pick<LedgerRow, 'kind' | 'amount_cents' | 'claim_id' | 'account_id'>;

/** Sums ledger rows into per-claim and per-account changes. Pure. */
export function ledgerDeltas(inserted: readonly Money[]): LedgerDeltas {
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

const asRows = (map: ReadonlyMap<number, MoneyDelta>) =>
  [...map].sort((a, b) => a[0] - b[0]).map(([id, d]) => ({ id, paid: d.paid, contractual: d.contractual, denied: d.denied, patient_resp: d.patientResp, other: d.other }));
const DELTA_COLUMNS = 'd(id int, paid bigint, contractual bigint, denied bigint, patient_resp bigint, other bigint)';

/**
 * Moves the caches by what was inserted. The caller holds the claims' row locks (taken in id
 * order when it read them), so concurrent chunks touching the same claim apply one after another.
 */
export async function applyLedgerDeltas(run: Run, inserted: readonly Money[]): Promise<void> {
  const { claims, accounts } = ledgerDeltas(inserted);
  if (claims.size > 0) {
    // The status follows the claim's money after this change.
    await run(
      `update claim c set paid_cents = c.paid_cents + d.paid, contractual_cents = c.contractual_cents + d.contractual,
         denied_cents = c.denied_cents + d.denied, patient_resp_cents = c.patient_resp_cents + d.patient_resp,
         balance_cents = c.balance_cents - d.paid - d.contractual - d.patient_resp - d.other,
         status = case
           when c.denied_cents + d.denied > 0 and c.paid_cents + d.paid <= 0 then 'denied'
           when c.balance_cents - d.paid - d.contractual - d.patient_resp - d.other <= 0 then 'paid'
           when c.paid_cents + d.paid > 0 then 'partially-paid'
           when c.status in ('paid', 'partially-paid', 'denied') then 'accepted'
           else c.status end,
         updated_at = now()
       from json_to_recordset(?::json) as ${DELTA_COLUMNS} where c.id = d.id`,
      [JSON.stringify(asRows(claims))],
    );
  }
  if (accounts.size > 0) {
    const changes = [...accounts].sort((a, b) => a[0] - b[0]).map(([account_id, cents]) => ({ account_id, cents }));
    // Locked in id order first, so two chunks touching the same accounts cannot deadlock.
    await run('select id from account where id = any(?::int[]) order by id for no key update', [changes.map((c) => c.account_id)]);
    await run(
      `update account a set patient_balance_cents = a.patient_balance_cents + d.cents
       from json_to_recordset(?::json) as d(account_id int, cents bigint) where a.id = d.account_id`,
      [JSON.stringify(changes)],
    );
  }
}
