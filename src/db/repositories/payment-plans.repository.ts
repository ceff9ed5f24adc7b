// Payment plans and their installments: the live plan of an account (current or missed, at most
// one: a partial unique index), its installments as payments fill them, and the daily run's
// reads of plans with installments past due or fully paid.
import type { PaymentPlanStatus } from '../entities/collections.js';
import type { InstallmentState } from '../../domain/collections/payment-plan-schedule.js';
import type { PlannedInstallment } from '../../domain/collections/payment-plan-schedule.js';
import { json, type Run } from '../sql.js';

export interface PlanRow {
  id: number;
  accountId: number;
  status: PaymentPlanStatus;
  totalCents: number;
  createdBy: string | null;
  createdAt: string;
}

export interface PlanWithInstallments extends PlanRow {
  installments: InstallmentState[];
}

const PLAN_SELECT = `select p.id, p.account_id, p.status, p.total_cents, s.login as created_by, p.created_at
  from payment_plan p left join specialist s on s.id = p.created_by_id`;

function planOf(row: Record<string, any>): PlanRow {
  return {
    id: Number(row.id), accountId: Number(row.account_id), status: row.status, totalCents: Number(row.total_cents),
    createdBy: row.created_by ?? null, createdAt: new Date(row.created_at).toISOString(),
  };
}

export class PaymentPlansRepository {
  constructor(private readonly run: Run) {}

  /** The account's live plan (current or missed), locked, with its installments. */
  async lockLivePlan(accountId: number): Promise<PlanWithInstallments | undefined> {
    const [row] = await this.run(`${PLAN_SELECT} where p.account_id = ? and p.status in ('current', 'missed') for update of p`, [accountId]);
    return row && { ...planOf(row), installments: await this.installmentsOf(Number(row.id)) };
  }

  async lockPlan(planId: number): Promise<PlanWithInstallments | undefined> {
    const [row] = await this.run(`${PLAN_SELECT} where p.id = ? for update of p`, [planId]);
    return row && { ...planOf(row), installments: await this.installmentsOf(Number(row.id)) };
  }

  async plan(planId: number): Promise<PlanWithInstallments | undefined> {
    const [row] = await this.run(`${PLAN_SELECT} where p.id = ?`, [planId]);
    return row && { ...planOf(row), installments: await this.installmentsOf(Number(row.id)) };
  }

  /** The account's plans, newest first, with their installments. */
  async plansOf(accountId: number): Promise<PlanWithInstallments[]> {
    const rows = await this.run(`${PLAN_SELECT} where p.account_id = ? order by p.id desc`, [accountId]);
    return Promise.all(rows.map(async (row) => ({ ...planOf(row), installments: await this.installmentsOf(Number(row.id)) })));
  }

  /** Plans by status (all when none), newest first, at most `limit`. */
  async list(status: PaymentPlanStatus | undefined, limit: number): Promise<Array<PlanRow & { accountNumber: string }>> {
    const rows = await this.run(
      `select p.id, p.account_id, p.status, p.total_cents, s.login as created_by, p.created_at, a.account_number
       from payment_plan p join account a on a.id = p.account_id left join specialist s on s.id = p.created_by_id
       where (?::text is null or p.status = ?) order by p.id desc limit ?`, [status ?? null, status ?? null, limit],
    );
    return rows.map((row) => ({ ...planOf(row), accountNumber: row.account_number }));
  }

  async installmentsOf(planId: number): Promise<InstallmentState[]> {
    const rows = await this.run(
      `select id, sequence, to_char(due_date, 'YYYY-MM-DD') as due_date, amount_cents, paid_cents, status
       from payment_plan_installment where plan_id = ? order by sequence`, [planId],
    );
    return rows.map((r) => ({
      id: Number(r.id), sequence: Number(r.sequence), dueDate: r.due_date, amountCents: Number(r.amount_cents), paidCents: Number(r.paid_cents), status: r.status,
    }));
  }

  /** A new current plan with its installments (sequence from 1); the unique index refuses a second live plan. */
  async insertPlan(accountId: number, totalCents: number, createdById: number | null, installments: readonly PlannedInstallment[], at: Date): Promise<number> {
    const [row] = await this.run<{ id: number }>(
      `with p as (insert into payment_plan (account_id, status, total_cents, created_by_id, created_at, updated_at)
         values (?, 'current', ?, ?, ?, ?) returning id),
       i as (insert into payment_plan_installment (plan_id, sequence, due_date, amount_cents, paid_cents, status)
         select p.id, r.sequence, r.due_date::date, r.amount_cents, 0, 'due'
         from p cross join json_to_recordset(?::json) as r(sequence int, due_date text, amount_cents bigint))
       select id from p`,
      [accountId, totalCents, createdById, at, at, json(installments.map((i, n) => ({ sequence: n + 1, due_date: i.dueDate, amount_cents: i.amountCents })))],
    );
    return Number(row.id);
  }

  async setInstallments(changes: ReadonlyArray<{ id: number; paidCents: number; status: string }>): Promise<void> {
    if (changes.length === 0) return;
    await this.run(
      `update payment_plan_installment i set paid_cents = c.paid_cents, status = c.status
       from json_to_recordset(?::json) as c(id int, paid_cents bigint, status text) where i.id = c.id`,
      [json(changes.map((c) => ({ id: c.id, paid_cents: c.paidCents, status: c.status })))],
    );
  }

  async markInstallmentsMissed(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.run(`update payment_plan_installment set status = 'missed' where id = any(?::int[]) and status = 'due'`, [ids]);
  }

  async setStatus(planId: number, status: PaymentPlanStatus, at: Date): Promise<void> {
    await this.run('update payment_plan set status = ?, updated_at = ? where id = ?', [status, at, planId]);
  }

  /**
   * Live plans the daily run must look at on `asOf`: one with an installment still due whose due
   * date plus the grace days has passed, or one paid in full. The domain decides from the locked rows.
   */
  async planIdsToReview(asOf: string, graceDays: number): Promise<number[]> {
    const rows = await this.run<{ id: number }>(
      `select p.id from payment_plan p where p.status in ('current', 'missed') and (
         exists (select 1 from payment_plan_installment i where i.plan_id = p.id and i.status = 'due' and i.paid_cents < i.amount_cents
                   and i.due_date + ?::int < ?::date)
         or not exists (select 1 from payment_plan_installment i where i.plan_id = p.id and i.paid_cents < i.amount_cents))
       order by p.id`, [graceDays, asOf],
    );
    return rows.map((r) => Number(r.id));
  }
}
