// The insurance follow-up job's candidates, each one set-based statement over the office: submitted
// claims with no answer from the payer, claims the payer has not accepted whose filing deadline is
// near, and denial tasks that lack their appeal deadline. The statements narrow; the domain
// (src/domain/collections/insurance-follow-up.ts) decides.
import type { EntityManager } from '@mikro-orm/postgresql';
import { NO_RESPONSE, type UnansweredClaim } from '../../domain/collections/insurance-follow-up.js';
import { OPEN_TASK_STATUSES } from '../entities/work.js';
import { json, sqlRunner } from '../sql.js';

/** The domain's unanswered claim, as the statement reads it. */
export type UnansweredCandidate = UnansweredClaim;

export interface UnacceptedCandidate {
  claimId: number;
  payerId: number;
  payerCode: string;
  balanceCents: number;
  filingDeadline: string;
}

export interface DenialWithoutDeadline {
  taskId: number;
  amountAtRiskCents: number;
  reasonCodes: string[];
  /** The latest denial's remittance date (the ledger entry's effective date) and the payer's appeal days. */
  deniedOn: string;
  appealDays: number;
}

// A claim's filing clock starts at its earliest date of service: the claim's, or an earlier line's.
const EARLIEST_SERVICE = `least(c.service_date, (select min(l.service_date) from claim_line l where l.claim_id = c.id))`;
/** Statuses in which the payer has not yet accepted the claim (nor answered it with an 835). */
const NOT_ACCEPTED = ['draft', 'ready', 'edits', 'submitted', 'rejected'];
/** Statuses a claim reaches only once the payer has it: any such event in its history means it was filed. */
const PAYER_HAS_IT = ['accepted', 'paid', 'partially-paid', 'denied'];

export class InsuranceFollowUpRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Submitted claims (no 277CA moved them, no 835 names them) whose last contact (last 837P batch,
   * or the closing of the last status inquiry about them, as office dates) lies at least the
   * payer's follow-up days before `asOf`.
   */
  async unanswered(asOf: string, timezone: string): Promise<UnansweredCandidate[]> {
    const rows = await sqlRunner(this.em)<Record<string, any>>(
      `with last_sent as (
         select sc.claim_id, max((coalesce(s.sent_at, s.created_at) at time zone ?)::date) as sent_on
         from claim c join submission_claim sc on sc.claim_id = c.id join submission s on s.id = sc.submission_id
         where c.status = 'submitted' group by sc.claim_id),
       last_inquiry as (
         select t.subject_id as claim_id, max((t.closed_at at time zone ?)::date) as closed_on
         from task t join last_sent ls on ls.claim_id = t.subject_id
         where t.subject_type = 'claim' and t.type = 'claim-status-inquiry' and t.reason_key = ? and t.closed_at is not null
         group by t.subject_id)
       select c.id, c.payer_id, c.balance_cents, to_char(greatest(ls.sent_on, li.closed_on), 'YYYY-MM-DD') as last_contact, y.follow_up_days,
         to_char(${EARLIEST_SERVICE} + y.timely_filing_days, 'YYYY-MM-DD') as filing_deadline
       from claim c join last_sent ls on ls.claim_id = c.id join payer y on y.id = c.payer_id left join last_inquiry li on li.claim_id = c.id
       where c.status = 'submitted' and not exists (select 1 from remittance_claim rc where rc.claim_id = c.id)
         and greatest(ls.sent_on, li.closed_on) <= ?::date - y.follow_up_days
       order by c.id`,
      [timezone, timezone, NO_RESPONSE, asOf],
    );
    return rows.map((r) => ({
      claimId: Number(r.id), payerId: Number(r.payer_id), balanceCents: Number(r.balance_cents), lastContactDate: r.last_contact,
      followUpDays: Number(r.follow_up_days), filingDeadline: r.filing_deadline,
    }));
  }

  /**
   * Claims the payer has not accepted (status before acceptance, no acceptance or adjudication in
   * their history, no 835 naming them) whose filing deadline (earliest date of service + the payer's
   * timely-filing days) is at most `withinDays` after `asOf` (or past), and that have never had a
   * filing-deadline task: the warning is given once per claim.
   */
  async unacceptedNearDeadline(asOf: string, withinDays: number): Promise<UnacceptedCandidate[]> {
    const rows = await sqlRunner(this.em)<Record<string, any>>(
      `select c.id, c.payer_id, y.payer_id as payer_code, c.balance_cents, to_char(d.earliest + y.timely_filing_days, 'YYYY-MM-DD') as filing_deadline
       from claim c join payer y on y.id = c.payer_id
         cross join lateral (select ${EARLIEST_SERVICE} as earliest) d
       where c.status = any(?::text[]) and d.earliest + y.timely_filing_days <= ?::date + ?::int
         and not exists (select 1 from claim_event ev where ev.claim_id = c.id and ev.to_status = any(?::text[]))
         and not exists (select 1 from remittance_claim rc where rc.claim_id = c.id)
         and not exists (select 1 from task t where t.subject_type = 'claim' and t.subject_id = c.id and t.type = 'filing-deadline')
       order by c.id`,
      [NOT_ACCEPTED, asOf, withinDays, PAYER_HAS_IT],
    );
    return rows.map((r) => ({
      claimId: Number(r.id), payerId: Number(r.payer_id), payerCode: r.payer_code, balanceCents: Number(r.balance_cents), filingDeadline: r.filing_deadline,
    }));
  }

  /** Open denial tasks on claims with no deadline, with the latest denial's date and the payer's appeal days. */
  async denialsWithoutDeadline(): Promise<DenialWithoutDeadline[]> {
    const rows = await sqlRunner(this.em)<Record<string, any>>(
      `select t.id, t.amount_at_risk_cents, t.reason_codes, y.appeal_days, to_char(max(e.effective_date), 'YYYY-MM-DD') as denied_on
       from task t join claim c on c.id = t.subject_id join payer y on y.id = c.payer_id
         join ledger_entry e on e.claim_id = c.id and e.kind = 'denial'
       where t.type = 'denial' and t.subject_type = 'claim' and t.deadline is null and t.status = any(?::text[])
       group by t.id, y.appeal_days order by t.id`,
      [[...OPEN_TASK_STATUSES]],
    );
    return rows.map((r) => ({
      taskId: Number(r.id), amountAtRiskCents: Number(r.amount_at_risk_cents), reasonCodes: r.reason_codes, deniedOn: r.denied_on,
      appealDays: Number(r.appeal_days),
    }));
  }

  /** Sets deadlines (and the priorities they give) on tasks that still have none; returns how many changed. */
  async setDeadlines(updates: ReadonlyArray<{ taskId: number; deadline: string; priority: number; priorityParts: Record<string, number> }>, at: Date): Promise<number> {
    if (updates.length === 0) return 0;
    const rows = await sqlRunner(this.em)<{ id: number }>(
      `with u as (select * from json_to_recordset(?::json) as u(task_id int, deadline date, priority int, priority_parts jsonb)),
       changed as (
         update task t set deadline = u.deadline, priority = u.priority, priority_parts = u.priority_parts, updated_at = ?::timestamptz
         from u where t.id = u.task_id and t.deadline is null returning t.id, u.deadline)
       insert into task_event (task_id, kind, actor, detail, at)
       select id, 'deadline-set', 'system', jsonb_build_object('deadline', to_char(deadline, 'YYYY-MM-DD'), 'reason', 'appeal deadline'), ?::timestamptz
       from changed returning task_id`,
      [json(updates.map((u) => ({ task_id: u.taskId, deadline: u.deadline, priority: u.priority, priority_parts: u.priorityParts }))), at, at],
    );
    return rows.length;
  }
}
