// The balance check's SQL: every claim's and every guarantor account's cached money against its
// ledger, for the whole office in one grouped statement (one snapshot of the data, so a posting
// committing meanwhile is seen whole or not at all, never half), and the discrepancies it found
// recorded next to their tasks. What each ledger kind does to a balance is the domain's
// (src/domain/reconciliation/ledger-balances.ts), handed in as rows.
import type { EntityManager } from '@mikro-orm/postgresql';
import { ledgerEffectRows, type LineOverposted } from '../../domain/reconciliation/ledger-balances.js';
import { OPEN_TASK_STATUSES } from '../entities/work.js';
import { json, sqlRunner } from '../sql.js';

/** A claim whose caches or lines disagree with its ledger: stored and ledger figures side by side. */
export interface ClaimLedgerRow {
  claimId: number;
  payerId: number;
  stored: { paid: number; contractual: number; denied: number; patientResp: number; balance: number };
  ledger: { paid: number; contractual: number; denied: number; patientResp: number; balance: number };
  overpostedLines: LineOverposted[];
}

export interface AccountLedgerRow {
  accountId: number;
  stored: number;
  ledger: number;
}

export interface DiscrepancyRecord {
  subjectType: 'claim' | 'account';
  subjectId: number;
  taskId: number;
  figures: Record<string, unknown>;
}

export class BalanceCheckRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Claims and accounts whose stored totals differ from their ledger, in one statement: the ledger
   * is read once per side, grouped by claim line (then by claim) and by account. Only disagreeing
   * subjects come back, so the result is small however big the office.
   */
  async disagreements(): Promise<{ claims: ClaimLedgerRow[]; accounts: AccountLedgerRow[] }> {
    const rows = await sqlRunner(this.em)<Record<string, any>>(
      `with effect as (select * from json_to_recordset(?::json) as w(kind text, claim int, account int)),
       line_sums as (
         select e.claim_id, e.claim_line_id,
           sum(e.amount_cents) filter (where e.kind = 'payment') as paid,
           sum(e.amount_cents) filter (where e.kind = 'contractual') as contractual,
           sum(e.amount_cents) filter (where e.kind = 'denial') as denied,
           sum(e.amount_cents) filter (where e.kind = 'patient-responsibility') as patient_resp,
           sum(e.amount_cents * w.claim) as moved
         from ledger_entry e join effect w on w.kind = e.kind
         where e.claim_id is not null
         group by e.claim_id, e.claim_line_id),
       claim_sums as (
         select claim_id, coalesce(sum(paid), 0) as paid, coalesce(sum(contractual), 0) as contractual, coalesce(sum(denied), 0) as denied,
           coalesce(sum(patient_resp), 0) as patient_resp, coalesce(sum(moved), 0) as moved
         from line_sums group by claim_id),
       overposted as (
         select s.claim_id, json_agg(json_build_object('lineNumber', l.line_number, 'chargeCents', l.charge_cents,
             'ledgerBalanceCents', l.charge_cents + s.moved) order by l.line_number) as lines
         from line_sums s join claim_line l on l.id = s.claim_line_id
         where s.claim_line_id is not null and l.charge_cents + s.moved < 0
         group by s.claim_id),
       claims as (
         select c.id, c.payer_id, c.paid_cents, c.contractual_cents, c.denied_cents, c.patient_resp_cents, c.balance_cents,
           coalesce(s.paid, 0) as ledger_paid, coalesce(s.contractual, 0) as ledger_contractual, coalesce(s.denied, 0) as ledger_denied,
           coalesce(s.patient_resp, 0) as ledger_patient_resp, c.charge_cents + coalesce(s.moved, 0) as ledger_balance, o.lines
         from claim c left join claim_sums s on s.claim_id = c.id left join overposted o on o.claim_id = c.id
         where c.paid_cents <> coalesce(s.paid, 0) or c.contractual_cents <> coalesce(s.contractual, 0)
           or c.denied_cents <> coalesce(s.denied, 0) or c.patient_resp_cents <> coalesce(s.patient_resp, 0)
           or c.balance_cents <> c.charge_cents + coalesce(s.moved, 0) or o.lines is not null),
       account_sums as (
         select e.account_id, sum(e.amount_cents * w.account) as balance
         from ledger_entry e join effect w on w.kind = e.kind
         where e.account_id is not null group by e.account_id),
       accounts as (
         select a.id, a.patient_balance_cents, coalesce(s.balance, 0) as ledger_balance
         from account a left join account_sums s on s.account_id = a.id
         where a.patient_balance_cents <> coalesce(s.balance, 0))
       select 'claim' as subject, id, payer_id, paid_cents, contractual_cents, denied_cents, patient_resp_cents, balance_cents,
         ledger_paid, ledger_contractual, ledger_denied, ledger_patient_resp, ledger_balance, lines
       from claims
       union all
       select 'account', id, null, null, null, null, null, patient_balance_cents, null, null, null, null, ledger_balance, null
       from accounts
       order by 1, 2`,
      [json(ledgerEffectRows())],
    );
    const claims: ClaimLedgerRow[] = [];
    const accounts: AccountLedgerRow[] = [];
    for (const r of rows) {
      if (r.subject === 'account') {
        accounts.push({ accountId: Number(r.id), stored: Number(r.balance_cents), ledger: Number(r.ledger_balance) });
        continue;
      }
      claims.push({
        claimId: Number(r.id), payerId: Number(r.payer_id),
        stored: {
          paid: Number(r.paid_cents), contractual: Number(r.contractual_cents), denied: Number(r.denied_cents),
          patientResp: Number(r.patient_resp_cents), balance: Number(r.balance_cents),
        },
        ledger: {
          paid: Number(r.ledger_paid), contractual: Number(r.ledger_contractual), denied: Number(r.ledger_denied),
          patientResp: Number(r.ledger_patient_resp), balance: Number(r.ledger_balance),
        },
        overpostedLines: ((r.lines ?? []) as Array<Record<string, unknown>>).map((l) => ({
          lineNumber: Number(l.lineNumber), chargeCents: Number(l.chargeCents), ledgerBalanceCents: Number(l.ledgerBalanceCents),
        })),
      });
    }
    return { claims, accounts };
  }

  /** How many claims and accounts a check covered. */
  async counts(): Promise<{ claims: number; accounts: number }> {
    const [row] = await sqlRunner(this.em)<{ claims: number; accounts: number }>(
      'select (select count(*) from claim)::int as claims, (select count(*) from account)::int as accounts');
    return row;
  }

  /** The open task of this type and reason for each subject (subject type, id) -> task id. */
  async openTaskIds(type: string, reasonKey: string, subjects: ReadonlyArray<{ subjectType: string; subjectId: number }>): Promise<Map<string, number>> {
    if (subjects.length === 0) return new Map();
    const rows = await sqlRunner(this.em)<{ id: number; subject_type: string; subject_id: number }>(
      `select t.id, t.subject_type, t.subject_id from task t
       join json_to_recordset(?::json) as s(subject_type text, subject_id int) on s.subject_type = t.subject_type and s.subject_id = t.subject_id
       where t.type = ? and t.reason_key = ? and t.status = any(?::text[])`,
      [json(subjects.map((s) => ({ subject_type: s.subjectType, subject_id: s.subjectId }))), type, reasonKey, [...OPEN_TASK_STATUSES]],
    );
    return new Map(rows.map((r) => [`${r.subject_type}:${r.subject_id}`, Number(r.id)]));
  }

  /**
   * Records what a check of `asOf` found, one row per subject and day, and puts the figures on the
   * task's history (a `discrepancy-found` event), so the person sees both figures in the task's
   * detail. A subject already recorded for that day is left as it is: a re-run writes nothing.
   * Returns how many were new.
   */
  async record(asOf: string, found: readonly DiscrepancyRecord[], at: Date): Promise<number> {
    if (found.length === 0) return 0;
    const rows = await sqlRunner(this.em)<{ id: number }>(
      `with input as (select * from json_to_recordset(?::json) as r(subject_type text, subject_id int, task_id int, figures jsonb)),
       inserted as (
         insert into balance_discrepancy (as_of, subject_type, subject_id, task_id, figures, found_at)
         select ?::date, subject_type, subject_id, task_id, figures, ?::timestamptz from input
         on conflict (as_of, subject_type, subject_id) do nothing
         returning id, task_id, subject_type, subject_id, figures),
       events as (
         insert into task_event (task_id, kind, actor, detail, at)
         select task_id, 'discrepancy-found', 'system',
           jsonb_build_object('asOf', ?::text, 'subject', subject_type, 'subjectId', subject_id, 'figures', figures), ?::timestamptz
         from inserted)
       select id from inserted`,
      [json(found.map((f) => ({ subject_type: f.subjectType, subject_id: f.subjectId, task_id: f.taskId, figures: f.figures }))), asOf, at, asOf, at],
    );
    return rows.length;
  }

  /** What checks found for a subject, newest first (tests and the task's reader). */
  async ofSubject(subjectType: 'claim' | 'account', subjectId: number): Promise<Array<{ asOf: string; taskId: number; figures: Record<string, unknown> }>> {
    const rows = await sqlRunner(this.em)<{ as_of: string; task_id: number; figures: Record<string, unknown> }>(
      `select to_char(as_of, 'YYYY-MM-DD') as as_of, task_id, figures from balance_discrepancy
       where subject_type = ? and subject_id = ? order by as_of desc, id desc`, [subjectType, subjectId]);
    return rows.map((r) => ({ asOf: r.as_of, taskId: Number(r.task_id), figures: r.figures }));
  }
}
