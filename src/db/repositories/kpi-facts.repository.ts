// The counts behind the KPIs (docs/kpis.md), read set-based from claims, their events, remittances,
// the ledger and the task history, for a window of time [from, to) and grouped by the office's
// calendar day (in `timezone`) and by payer or by person. Each query places a row in a day by the
// date its KPI is placed by; the time indexes of migration 20261206080000 keep a one-day window
// to that day's rows. Sums come back from Postgres as text (bigint) and are read as numbers.
import type { Run } from '../sql.js';

export interface KpiWindow {
  from: Date;
  to: Date;
  timezone: string;
}

const dayOf = (column: string) => `to_char(${column} at time zone ?, 'YYYY-MM-DD')`;

/** Ledger kinds that lower a claim's open balance (a transfer lowers it by its negative amount on the claim). */
const BALANCE_REDUCING = ['payment', 'contractual', 'patient-responsibility', 'other-adjustment', 'write-off'];
/** Task types whose outcome resolves a claim's edits, rejection or denial ("claims processed"). */
export const CLAIM_RESOLVING_TASK_TYPES = ['claim-edit', 'claim-rejection', 'denial'];
/** Task types whose outcome pursues money the payer has not paid: later payments are "recovered". */
export const RECOVERY_TASK_TYPES = ['denial', 'underpayment', 'claim-rejection', 'claim-status-inquiry', 'filing-deadline'];

type Key = number | null;
const n = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const key = (value: unknown): Key => (value === null || value === undefined ? null : Number(value));

export class KpiFactsRepository {
  constructor(private readonly run: Run) {}

  /** Claims whose first scrub decision fell in the window, and those that went out with no person's touch. */
  async scrubs(w: KpiWindow): Promise<Array<{ day: string; payerId: Key; scrubbed: number; clean: number }>> {
    const rows = await this.run(
      `with first_scrub as (
         select e.id, e.claim_id, e.to_status, e.at from claim_event e
         where e.at >= ? and e.at < ? and e.from_status = 'draft' and e.to_status in ('ready', 'edits')
           and not exists (select 1 from claim_event p where p.claim_id = e.claim_id and p.from_status = 'draft'
                           and p.to_status in ('ready', 'edits') and p.id < e.id))
       select ${dayOf('s.at')} as day, c.payer_id, count(*) as scrubbed,
         count(*) filter (where s.to_status = 'ready' and not exists (
           select 1 from claim_event x where x.claim_id = s.claim_id and x.id > s.id and x.to_status = 'edits'
             and x.id < coalesce((select min(y.id) from claim_event y where y.claim_id = s.claim_id and y.to_status = 'submitted'), 9223372036854775807))) as clean
       from first_scrub s join claim c on c.id = s.claim_id group by 1, 2`,
      [w.from, w.to, w.timezone]);
    return rows.map((r) => ({ day: r.day, payerId: key(r.payer_id), scrubbed: n(r.scrubbed), clean: n(r.clean) }));
  }

  /** Claims sent in the window (each once a day), and the charges of those sent for the first time. */
  async submissions(w: KpiWindow): Promise<Array<{ day: string; payerId: Key; submitted: number; chargesCents: number }>> {
    const rows = await this.run(
      `with sent as (
         select e.claim_id, e.at,
           not exists (select 1 from claim_event p where p.claim_id = e.claim_id and p.to_status = 'submitted' and p.id < e.id) as first
         from claim_event e where e.at >= ? and e.at < ? and e.to_status = 'submitted')
       select ${dayOf('s.at')} as day, c.payer_id, count(distinct s.claim_id) as submitted,
         coalesce(sum(c.charge_cents) filter (where s.first), 0) as charges
       from sent s join claim c on c.id = s.claim_id group by 1, 2`,
      [w.from, w.to, w.timezone]);
    return rows.map((r) => ({ day: r.day, payerId: key(r.payer_id), submitted: n(r.submitted), chargesCents: n(r.charges) }));
  }

  /** Claims whose first acknowledgment (TA1, 999 or 277CA) came in the window, and those it accepted. */
  async firstAcknowledgments(w: KpiWindow): Promise<Array<{ day: string; payerId: Key; acknowledged: number; accepted: number }>> {
    const rows = await this.run(
      `select ${dayOf('e.at')} as day, c.payer_id, count(*) as acknowledged, count(*) filter (where e.to_status = 'accepted') as accepted
       from claim_event e join claim c on c.id = e.claim_id
       where e.at >= ? and e.at < ? and e.from_status = 'submitted' and e.to_status in ('accepted', 'rejected')
         and not exists (select 1 from claim_event p where p.claim_id = e.claim_id and p.from_status = 'submitted'
                         and p.to_status in ('accepted', 'rejected') and p.id < e.id)
       group by 1, 2`,
      [w.timezone, w.from, w.to]);
    return rows.map((r) => ({ day: r.day, payerId: key(r.payer_id), acknowledged: n(r.acknowledged), accepted: n(r.accepted) }));
  }

  /**
   * Claims whose first remittance posted in the window: their billed charges (CLP03), and the denials
   * that remittance posted on them, per CARC (group-reason).
   */
  async firstRemittances(w: KpiWindow): Promise<Array<{ day: string; payerId: Key; carc: string | null; claims: number; chargeCents: number; deniedClaims: number; deniedCents: number }>> {
    const rows = await this.run(
      `with firsts as (
         select rc.id, rc.claim_id, rc.remittance_id, rc.charge_cents, rc.posted_at from remittance_claim rc
         where rc.posted_at >= ? and rc.posted_at < ? and rc.claim_id is not null
           and not exists (select 1 from remittance_claim p where p.claim_id = rc.claim_id and p.posted_at is not null
                           and (p.posted_at < rc.posted_at or (p.posted_at = rc.posted_at and p.id < rc.id)))),
       denied as (
         select f.id, l.group_code || '-' || l.reason_code as carc, sum(l.amount_cents) as cents
         from firsts f join ledger_entry l on l.claim_id = f.claim_id and l.source = 'remittance:' || f.remittance_id and l.kind = 'denial'
         group by 1, 2 having sum(l.amount_cents) > 0)
       select ${dayOf('f.posted_at')} as day, c.payer_id, null as carc, count(*) as claims, sum(f.charge_cents) as charges,
         coalesce(sum((select sum(d.cents) from denied d where d.id = f.id)), 0) as denied,
         count(*) filter (where exists (select 1 from denied d where d.id = f.id)) as denied_claims
       from firsts f join claim c on c.id = f.claim_id group by 1, 2
       union all
       select ${dayOf('f.posted_at')}, c.payer_id, d.carc, count(*), 0, sum(d.cents), count(*)
       from firsts f join claim c on c.id = f.claim_id join denied d on d.id = f.id group by 1, 2, 3`,
      [w.from, w.to, w.timezone, w.timezone]);
    // A row without a CARC totals the day's first remittances of a payer; a row with one, its denials.
    return rows.map((r) => ({
      day: r.day, payerId: key(r.payer_id), carc: r.carc, claims: n(r.claims), chargeCents: n(r.charges), deniedClaims: n(r.denied_claims), deniedCents: n(r.denied),
    }));
  }

  /** Payments (insurance and patient, reversals netted) and contractual adjustments posted in the window. */
  async ledgerMoney(w: KpiWindow): Promise<Array<{ day: string; payerId: Key; paymentsCents: number; contractualCents: number }>> {
    const rows = await this.run(
      `select ${dayOf('l.posted_at')} as day, coalesce(c.payer_id, l.payer_id) as payer_id,
         coalesce(sum(l.amount_cents) filter (where l.kind in ('payment', 'patient-payment')), 0) as payments,
         coalesce(sum(l.amount_cents) filter (where l.kind = 'contractual'), 0) as contractual
       from ledger_entry l left join claim c on c.id = l.claim_id
       where l.posted_at >= ? and l.posted_at < ? and l.kind in ('payment', 'patient-payment', 'contractual') group by 1, 2`,
      [w.timezone, w.from, w.to]);
    return rows.map((r) => ({ day: r.day, payerId: key(r.payer_id), paymentsCents: n(r.payments), contractualCents: n(r.contractual) }));
  }

  /** Remittances whose posting finished in the window: ERA received → posted, and their claims matched by the machine. */
  async postings(w: KpiWindow): Promise<Array<{ day: string; payerId: Key; eras: number; lagSeconds: number[]; claims: number; matched: number }>> {
    const rows = await this.run(
      `select ${dayOf('r.posted_at')} as day, r.payer_id, count(*) as eras,
         array_agg(greatest(0, round(extract(epoch from (r.posted_at - f.received_at))))::bigint order by r.id) as lags,
         sum(k.claims) as claims, sum(k.matched) as matched
       from remittance r join edi_file f on f.id = r.file_id
       cross join lateral (select count(*) as claims, count(rc.claim_id) as matched from remittance_claim rc where rc.remittance_id = r.id) k
       where r.posted_at >= ? and r.posted_at < ? and r.status = 'posted' group by 1, 2`,
      [w.timezone, w.from, w.to]);
    return rows.map((r) => ({ day: r.day, payerId: key(r.payer_id), eras: n(r.eras), lagSeconds: (r.lags as unknown[]).map(Number), claims: n(r.claims), matched: n(r.matched) }));
  }

  /**
   * Insurance A/R at a moment, per payer: every claim sent before it, its charge less what the ledger
   * had taken off it by then; claims with an open (positive) balance count. Over 90: service date
   * more than 90 days before `asOf`.
   */
  async receivables(before: Date, asOf: string): Promise<Array<{ payerId: Key; arCents: number; arOver90Cents: number }>> {
    const rows = await this.run(
      `with billed as (
         select distinct e.claim_id from claim_event e where e.to_status = 'submitted' and e.at < ?),
       taken as (
         select l.claim_id, sum(case when l.kind = 'transfer' then -l.amount_cents else l.amount_cents end) as cents
         from ledger_entry l where l.claim_id is not null and l.posted_at < ? and l.kind = any(?::text[]) group by l.claim_id),
       open as (
         select c.payer_id, c.service_date, c.charge_cents - coalesce(t.cents, 0) as balance
         from billed b join claim c on c.id = b.claim_id left join taken t on t.claim_id = b.claim_id)
       select payer_id, coalesce(sum(balance), 0) as ar, coalesce(sum(balance) filter (where service_date < ?::date - 90), 0) as over90
       from open where balance > 0 group by payer_id`,
      [before, before, [...BALANCE_REDUCING, 'transfer'], asOf]);
    return rows.map((r) => ({ payerId: key(r.payer_id), arCents: n(r.ar), arOver90Cents: n(r.over90) }));
  }

  /** Outcomes recorded in the window per person: tasks done, handle time (latest lease taken → outcome), claims resolved. */
  async outcomes(w: KpiWindow): Promise<Array<{ day: string; personId: Key; tasksDone: number; handleSeconds: number; handled: number; claimsResolved: number }>> {
    const rows = await this.run(
      `select ${dayOf('o.recorded_at')} as day, o.recorded_by_id as person_id, count(*) as done,
         coalesce(sum(h.seconds), 0) as handle_seconds, count(h.seconds) as handled,
         count(distinct t.subject_id) filter (where t.subject_type = 'claim' and t.type = any(?::text[])) as claims
       from task_outcome o join task t on t.id = o.task_id
       left join lateral (
         select round(extract(epoch from (o.recorded_at - c.at)))::bigint as seconds from task_event c
         where c.task_id = o.task_id and c.kind = 'claimed' and c.at <= o.recorded_at order by c.at desc, c.id desc limit 1) h on true
       where o.recorded_at >= ? and o.recorded_at < ? group by 1, 2`,
      [w.timezone, CLAIM_RESOLVING_TASK_TYPES, w.from, w.to]);
    return rows.map((r) => ({ day: r.day, personId: key(r.person_id), tasksDone: n(r.done), handleSeconds: n(r.handle_seconds), handled: n(r.handled), claimsResolved: n(r.claims) }));
  }

  /** Denial tasks resolved in the window (a rejected write-off is not a resolution): opened and resolved times. */
  async denialResolutions(w: KpiWindow): Promise<Array<{ day: string; personId: Key; openedAt: Date; resolvedAt: Date }>> {
    const rows = await this.run(
      `select ${dayOf('o.recorded_at')} as day, o.recorded_by_id as person_id, t.created_at, o.recorded_at
       from task_outcome o join task t on t.id = o.task_id
       where o.recorded_at >= ? and o.recorded_at < ? and t.type = 'denial' and o.state <> 'rejected' order by o.id`,
      [w.timezone, w.from, w.to]);
    return rows.map((r) => ({ day: r.day, personId: key(r.person_id), openedAt: new Date(r.created_at), resolvedAt: new Date(r.recorded_at) }));
  }

  /**
   * Payments posted in the window on claims a person pursued: each payment entry (reversals netted)
   * goes to whoever recorded the latest outcome, before the payment posted, on a recovery task of its claim.
   */
  async recoveries(w: KpiWindow): Promise<Array<{ day: string; personId: Key; cents: number }>> {
    const rows = await this.run(
      `select ${dayOf('l.posted_at')} as day, p.recorded_by_id as person_id, sum(l.amount_cents) as cents
       from ledger_entry l
       cross join lateral (
         select o.recorded_by_id from task t join task_outcome o on o.task_id = t.id
         where t.subject_type = 'claim' and t.subject_id = l.claim_id and t.type = any(?::text[]) and o.state <> 'rejected' and o.recorded_at < l.posted_at
         order by o.recorded_at desc, o.id desc limit 1) p
       where l.posted_at >= ? and l.posted_at < ? and l.kind = 'payment' and l.claim_id is not null group by 1, 2`,
      [w.timezone, RECOVERY_TASK_TYPES, w.from, w.to]);
    return rows.map((r) => ({ day: r.day, personId: key(r.person_id), cents: n(r.cents) }));
  }

  /** Tasks that fell due in the window (and before `now`) without being done by then, per assignee. */
  async slaMisses(w: KpiWindow, now: Date): Promise<Array<{ day: string; personId: Key; misses: number }>> {
    const end = new Date(Math.min(w.to.getTime(), now.getTime()));
    const rows = await this.run(
      `select ${dayOf('t.due_at')} as day, t.assignee_id as person_id, count(*) as misses from task t
       where t.due_at >= ? and t.due_at < ? and t.status <> 'cancelled' and (t.closed_at is null or t.closed_at > t.due_at)
       group by 1, 2`,
      [w.timezone, w.from, end]);
    return rows.map((r) => ({ day: r.day, personId: key(r.person_id), misses: n(r.misses) }));
  }

  /** Escalations in the window, per person they went to. */
  async escalations(w: KpiWindow): Promise<Array<{ day: string; personId: Key; received: number }>> {
    const rows = await this.run(
      `select ${dayOf('e.at')} as day, s.id as person_id, count(*) as received
       from task_event e join specialist s on s.login = e.detail ->> 'to'
       where e.kind = 'escalated' and e.at >= ? and e.at < ? group by 1, 2`,
      [w.timezone, w.from, w.to]);
    return rows.map((r) => ({ day: r.day, personId: key(r.person_id), received: n(r.received) }));
  }
}
