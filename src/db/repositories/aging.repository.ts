// Aging snapshots: taken for the whole office in one statement (every billed claim's open balance
// and every guarantor's open patient balance, aged and bucketed as of a day, from the ledger) and
// read back for the report. The buckets' first days and what each ledger kind does to a balance
// are the domain's, handed in as parameters, so SQL and domain cannot drift apart.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgingBasis } from '../../../config/aging.js';
import { AGING_BUCKET_STARTS } from '../../domain/collections/aging-buckets.js';
import { ledgerEffectRows } from '../../domain/reconciliation/ledger-balances.js';
import type { AgingResponsibility } from '../entities/books.js';
import { json, sqlRunner } from '../sql.js';

export interface AgingSnapshotHead {
  id: number;
  asOf: string;
  basis: AgingBasis;
  takenAt: Date;
}

export interface AgingRowRecord {
  responsibility: AgingResponsibility;
  payerId: number | null;
  /** The payer's X12 id and name (null for the patient line). */
  payerCode: string | null;
  payerName: string | null;
  items: number;
  /** Cents per bucket, in AGING_BUCKETS order. */
  buckets: number[];
  totalCents: number;
  creditItems: number;
  creditCents: number;
}

/**
 * The snapshot's rows, bucketed in one statement.
 * - Insurance: each claim first billed (its first 837P batch, sent_at else created_at, as an office
 *   date) on or before as-of and not closed; open = charge + ledger entries dated on or before
 *   as-of (CLAIM_BALANCE_EFFECT). Aged from its date of service or first bill date. Claims with a
 *   negative open amount (overpaid) are credits, outside the buckets.
 * - Patient: each guarantor account's ledger entries dated on or before as-of (ACCOUNT_BALANCE_EFFECT);
 *   amounts that raise the balance are aged from their claim's date (the entry's own date when it
 *   names no claim); whatever lowers it (payments, write-offs, reversals) pays the oldest amounts
 *   first. An account that paid more than it owed is a credit, outside the buckets.
 */
const AGING_ROWS_SQL = `
  with params as (select ?::date as as_of, ?::text as basis, ?::text as zone, ?::int[] as starts),
  effect as (select * from json_to_recordset(?::json) as w(kind text, claim int, account int)),
  billed as (
    select sc.claim_id, min((coalesce(s.sent_at, s.created_at) at time zone p.zone)::date) as first_billed
    from submission_claim sc join submission s on s.id = sc.submission_id cross join params p
    group by sc.claim_id),
  claim_moved as (
    select e.claim_id, sum(e.amount_cents * w.claim) as moved
    from ledger_entry e join effect w on w.kind = e.kind and w.claim <> 0 cross join params p
    where e.claim_id is not null and e.effective_date <= p.as_of
    group by e.claim_id),
  claim_open as (
    select c.payer_id, c.charge_cents + coalesce(m.moved, 0) as open_cents,
      width_bucket(greatest(0, p.as_of - (case when p.basis = 'service-date' then c.service_date else b.first_billed end)), p.starts) as bucket
    from claim c join billed b on b.claim_id = c.id left join claim_moved m on m.claim_id = c.id cross join params p
    where b.first_billed <= p.as_of and c.status <> 'closed'),
  insurance as (
    select 'insurance' as responsibility, payer_id,
      count(*) filter (where open_cents > 0) as items,
      coalesce(sum(open_cents) filter (where open_cents > 0 and bucket = 0), 0) as b0,
      coalesce(sum(open_cents) filter (where open_cents > 0 and bucket = 1), 0) as b1,
      coalesce(sum(open_cents) filter (where open_cents > 0 and bucket = 2), 0) as b2,
      coalesce(sum(open_cents) filter (where open_cents > 0 and bucket = 3), 0) as b3,
      coalesce(sum(open_cents) filter (where open_cents > 0 and bucket = 4), 0) as b4,
      count(*) filter (where open_cents < 0) as credit_items,
      coalesce(-sum(open_cents) filter (where open_cents < 0), 0) as credit
    from claim_open group by payer_id having count(*) filter (where open_cents <> 0) > 0),
  patient_entries as (
    select e.account_id, e.amount_cents * w.account as signed,
      width_bucket(greatest(0, p.as_of - coalesce(case when p.basis = 'service-date' then c.service_date else b.first_billed end, e.effective_date)), p.starts) as bucket
    from ledger_entry e join effect w on w.kind = e.kind and w.account <> 0 cross join params p
      left join claim c on c.id = e.claim_id left join billed b on b.claim_id = e.claim_id
    where e.account_id is not null and e.effective_date <= p.as_of),
  account_net as (
    select account_id, sum(signed) as net, coalesce(-sum(signed) filter (where signed < 0), 0) as lowered
    from patient_entries group by account_id),
  raised as (
    select r.account_id, r.bucket, r.signed, n.lowered,
      sum(r.signed) over (partition by r.account_id order by r.bucket desc, r.signed rows unbounded preceding) as through
    from patient_entries r join account_net n on n.account_id = r.account_id
    where r.signed > 0),
  still_open as (
    select account_id, bucket, greatest(0, least(signed, through - lowered)) as open_cents from raised),
  patient as (
    select 'patient' as responsibility, null::int as payer_id,
      (select count(*) from account_net where net > 0) as items,
      coalesce(sum(open_cents) filter (where bucket = 0), 0) as b0,
      coalesce(sum(open_cents) filter (where bucket = 1), 0) as b1,
      coalesce(sum(open_cents) filter (where bucket = 2), 0) as b2,
      coalesce(sum(open_cents) filter (where bucket = 3), 0) as b3,
      coalesce(sum(open_cents) filter (where bucket = 4), 0) as b4,
      (select count(*) from account_net where net < 0) as credit_items,
      (select coalesce(-sum(net), 0) from account_net where net < 0) as credit
    from still_open)
  select responsibility, payer_id, items, b0, b1, b2, b3, b4, credit_items, credit from insurance
  union all
  select * from patient where items > 0 or credit_items > 0`;

export class AgingRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Takes the snapshot of `asOf`, replacing the day's earlier one (same as-of, one row): the
   * snapshot row is upserted first, so two runs for the same day queue on its lock and the later
   * one's rows are what remain. Returns its head and how many rows it holds.
   */
  async take(asOf: string, basis: AgingBasis, timezone: string, takenAt: Date): Promise<{ snapshot: AgingSnapshotHead; rows: number }> {
    const run = sqlRunner(this.em);
    const [head] = await run<{ id: number }>(
      `insert into aging_snapshot (as_of, basis, taken_at) values (?::date, ?, ?::timestamptz)
       on conflict (as_of) do update set basis = excluded.basis, taken_at = excluded.taken_at returning id`,
      [asOf, basis, takenAt],
    );
    await run('delete from aging_snapshot_row where snapshot_id = ?', [head.id]);
    const inserted = await run<{ id: number }>(
      `insert into aging_snapshot_row (snapshot_id, responsibility, payer_id, items, days_0_30_cents, days_31_60_cents, days_61_90_cents,
         days_91_120_cents, over_120_cents, total_cents, credit_items, credit_cents)
       select ?, responsibility, payer_id, items, b0, b1, b2, b3, b4, b0 + b1 + b2 + b3 + b4, credit_items, credit
       from (${AGING_ROWS_SQL}) aged
       returning id`,
      [head.id, asOf, basis, timezone, [...AGING_BUCKET_STARTS], json(ledgerEffectRows())],
    );
    return { snapshot: { id: head.id, asOf, basis, takenAt }, rows: inserted.length };
  }

  async find(asOf: string): Promise<AgingSnapshotHead | undefined> {
    const [row] = await sqlRunner(this.em)<{ id: number; as_of: string; basis: AgingBasis; taken_at: Date }>(
      `select id, to_char(as_of, 'YYYY-MM-DD') as as_of, basis, taken_at from aging_snapshot where as_of = ?::date`, [asOf]);
    return row ? { id: row.id, asOf: row.as_of, basis: row.basis, takenAt: new Date(row.taken_at) } : undefined;
  }

  /** A snapshot's rows: payers by X12 id, the patient line last. */
  async rowsOf(snapshotId: number): Promise<AgingRowRecord[]> {
    const rows = await sqlRunner(this.em)<Record<string, any>>(
      `select r.responsibility, r.payer_id, p.payer_id as payer_code, p.name as payer_name, r.items, r.days_0_30_cents, r.days_31_60_cents,
         r.days_61_90_cents, r.days_91_120_cents, r.over_120_cents, r.total_cents, r.credit_items, r.credit_cents
       from aging_snapshot_row r left join payer p on p.id = r.payer_id
       where r.snapshot_id = ? order by r.responsibility, p.payer_id`, [snapshotId]);
    return rows.map((r) => ({
      responsibility: r.responsibility, payerId: r.payer_id === null ? null : Number(r.payer_id),
      payerCode: r.payer_code ?? null, payerName: r.payer_name ?? null, items: Number(r.items),
      buckets: [r.days_0_30_cents, r.days_31_60_cents, r.days_61_90_cents, r.days_91_120_cents, r.over_120_cents].map(Number),
      totalCents: Number(r.total_cents), creditItems: Number(r.credit_items), creditCents: Number(r.credit_cents),
    }));
  }
}
