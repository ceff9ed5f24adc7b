// Bulk ledger writes for posting: one multi-row insert per chunk that skips keys already posted,
// then the money caches on claims and lines recomputed from the ledger, and patients' balances
// moved only by the rows this call really inserted, so running a chunk again changes nothing.
import type { LedgerKind } from '../../db/entities/index.js';
import type { Run } from '../../db/sql.js';

export interface LedgerRow {
  kind: LedgerKind;
  amount_cents: number;
  claim_id: number | null;
  claim_line_id: number | null;
  account_id: number | null;
  payer_id: number | null;
  group_code: string | null;
  reason_code: string | null;
  remark_codes: string[] | null;
  source: string;
  idempotency_key: string;
  effective_date: string;
}

export interface InsertedRow {
  kind: LedgerKind;
  amount_cents: string | number;
  claim_id: number | null;
  account_id: number | null;
}

export async function insertLedgerRows(run: Run, rows: readonly LedgerRow[]): Promise<InsertedRow[]> {
  if (rows.length === 0) return [];
  return run<InsertedRow>(
    `insert into ledger_entry (kind, amount_cents, claim_id, claim_line_id, account_id, payer_id, group_code, reason_code,
       remark_codes, source, idempotency_key, effective_date, posted_at)
     select r.kind, r.amount_cents, r.claim_id, r.claim_line_id, r.account_id, r.payer_id, r.group_code, r.reason_code,
       r.remark_codes, r.source, r.idempotency_key, r.effective_date, now()
     from json_to_recordset(?::json) as r(kind text, amount_cents bigint, claim_id int, claim_line_id int, account_id int,
       payer_id int, group_code text, reason_code text, remark_codes jsonb, source text, idempotency_key text, effective_date date)
     on conflict (idempotency_key) do nothing
     returning kind, amount_cents, claim_id, account_id`,
    [JSON.stringify(rows)],
  );
}

// What lowers a claim's open insurance balance. A denial does not: it stays open until a person
// resolves it. Patient responsibility leaves the claim for the guarantor's account.
const SUMS = `
  coalesce(sum(amount_cents) filter (where kind = 'payment'), 0) as paid,
  coalesce(sum(amount_cents) filter (where kind = 'contractual'), 0) as contractual,
  coalesce(sum(amount_cents) filter (where kind = 'denial'), 0) as denied,
  coalesce(sum(amount_cents) filter (where kind = 'patient-responsibility'), 0) as patient_resp,
  coalesce(sum(amount_cents) filter (where kind in ('other-adjustment', 'write-off')), 0) as other`;

/** Claim and line caches from the ledger, and each claim's status from its money. */
export async function recomputeClaimCaches(run: Run, claimIds: readonly number[]): Promise<void> {
  if (claimIds.length === 0) return;
  const ids = [...claimIds]; // sent as one Postgres array, so the claim_id index is used
  await run(
    `with sums as (select claim_id, ${SUMS} from ledger_entry
       where claim_id = any(?::int[]) group by claim_id)
     update claim c set paid_cents = s.paid, contractual_cents = s.contractual, denied_cents = s.denied,
       patient_resp_cents = s.patient_resp,
       balance_cents = c.charge_cents - s.paid - s.contractual - s.patient_resp - s.other,
       status = case
         when s.denied > 0 and s.paid <= 0 then 'denied'
         when c.charge_cents - s.paid - s.contractual - s.patient_resp - s.other <= 0 then 'paid'
         when s.paid > 0 then 'partially-paid'
         when c.status in ('paid', 'partially-paid', 'denied') then 'accepted'
         else c.status end,
       updated_at = now()
     from sums s where c.id = s.claim_id`,
    [ids],
  );
  await run(
    `with sums as (select claim_line_id, ${SUMS} from ledger_entry
       where claim_id = any(?::int[]) and claim_line_id is not null
       group by claim_line_id)
     update claim_line l set paid_cents = s.paid, contractual_cents = s.contractual, denied_cents = s.denied,
       patient_resp_cents = s.patient_resp
     from sums s where l.id = s.claim_line_id`,
    [ids],
  );
}

/** Adds the patient responsibility this chunk inserted to each guarantor's balance. */
export async function addPatientResponsibility(run: Run, inserted: readonly InsertedRow[]): Promise<void> {
  const delta = new Map<number, number>();
  for (const row of inserted) {
    if (row.kind !== 'patient-responsibility' || row.account_id === null) continue;
    delta.set(row.account_id, (delta.get(row.account_id) ?? 0) + Number(row.amount_cents));
  }
  if (delta.size === 0) return;
  const changes = [...delta].sort((a, b) => a[0] - b[0]).map(([account_id, cents]) => ({ account_id, cents }));
  // Locked in id order first, so two chunks touching the same accounts cannot deadlock. NO KEY
  // UPDATE, not UPDATE: other chunks' ledger inserts hold KEY SHARE locks (foreign key checks) on
  // these accounts, which must not block a balance change.
  await run('select id from account where id = any(?::int[]) order by id for no key update',
    [changes.map((c) => c.account_id)]);
  await run(
    `update account a set patient_balance_cents = a.patient_balance_cents + d.cents
     from json_to_recordset(?::json) as d(account_id int, cents bigint) where a.id = d.account_id`,
    [JSON.stringify(changes)],
  );
}
