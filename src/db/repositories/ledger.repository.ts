// The ledger: entries written in bulk (one statement per chunk of claims or per remittance's PLB
// amounts), and a remittance's posted sums. Exactly once comes from the caller's lock (a chunk or
// remittance row, marked posted in the same transaction) and, underneath it, from the unique
// idempotency key every entry carries: a second posting of the same source is refused.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LedgerKind } from '../entities/index.js';
import { json, sqlRunner } from '../sql.js';

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

export class LedgerRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * One multi-row insert, no ON CONFLICT and no RETURNING: a key seen before fails the statement
   * (and the caller's transaction). References are checked once per statement by a trigger.
   */
  async addEntries(from: LedgerSource, rows: readonly LedgerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await sqlRunner(this.em)(
      `insert into ledger_entry (kind, amount_cents, claim_id, claim_line_id, account_id, payer_id, group_code, reason_code,
         remark_codes, source, idempotency_key, effective_date, posted_at)
       select r.kind, r.amount_cents, r.claim_id, r.claim_line_id, r.account_id, r.payer_id, r.group_code, r.reason_code,
         r.remark_codes, ?, r.idempotency_key, ?::date, now()
       from json_to_recordset(?::json) as r(kind text, amount_cents bigint, claim_id int, claim_line_id int, account_id int,
         payer_id int, group_code text, reason_code text, remark_codes jsonb, idempotency_key text)`,
      [from.source, from.effectiveDate, json(rows)],
    );
  }

  /** How many entries the ledger holds (benchmarks and checks). */
  async entryCount(): Promise<number> {
    const [{ n }] = await sqlRunner(this.em)<{ n: number }>('select count(*)::int as n from ledger_entry');
    return n;
  }

  /** Payments (unapplied money included) and PLB amounts posted from one source. */
  async postedTotalsOf(source: string): Promise<{ paidCents: number; providerAdjustmentCents: number }> {
    const [sums] = await sqlRunner(this.em)<{ paid: string; plb: string }>(
      `select coalesce(sum(amount_cents) filter (where kind in ('payment', 'unapplied')), 0) as paid,
         coalesce(sum(amount_cents) filter (where kind = 'provider-adjustment'), 0) as plb
       from ledger_entry where source = ?`, [source],
    );
    return { paidCents: Number(sums.paid), providerAdjustmentCents: Number(sums.plb) };
  }
}
