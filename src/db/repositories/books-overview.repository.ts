// The books at a glance, office-wide: what the schedules did on an as-of day (statements by stage,
// the aging snapshot summed over payers, balance discrepancies) and where deposits, plans and the
// schedules' tasks stand. Read by the demo's collections step (scripts/demo/collections.ts); reads only.
import type { Run } from '../sql.js';

export interface PaidEra {
  traceNumber: string;
  paymentCents: number;
  /** Its BPR16 payment date, else the day it arrived in the office's zone (as deposit matching dates it). */
  eraDate: string;
}

export interface AgingTotals {
  responsibility: 'insurance' | 'patient';
  days0To30Cents: number;
  days31To60Cents: number;
  days61To90Cents: number;
  days91To120Cents: number;
  over120Cents: number;
  totalCents: number;
}

export interface Counted<K extends string> {
  key: K;
  count: number;
  cents: number;
}

export class BooksOverviewRepository {
  constructor(private readonly run: Run) {}

  /** Remittances that carry money (staged or posted, payment above zero), by trace. */
  async paidEras(timezone: string): Promise<PaidEra[]> {
    const rows = await this.run<{ trace_number: string; payment_cents: string; era_date: string }>(
      `select trace_number, payment_cents, to_char(coalesce(payment_date, (created_at at time zone ?)::date), 'YYYY-MM-DD') as era_date
       from remittance where status in ('staged', 'posted') and payment_cents > 0 order by trace_number, id`, [timezone]);
    return rows.map((r) => ({ traceNumber: r.trace_number, paymentCents: Number(r.payment_cents), eraDate: r.era_date }));
  }

  /** Accounts whose patient balance is at least `minimumCents`, by account number. */
  async owingAccounts(minimumCents: number, limit: number): Promise<Array<{ accountNumber: string; patientBalanceCents: number }>> {
    const rows = await this.run<{ account_number: string; patient_balance_cents: string }>(
      `select account_number, patient_balance_cents from account where patient_balance_cents >= ? order by account_number limit ?`, [minimumCents, limit]);
    return rows.map((r) => ({ accountNumber: r.account_number, patientBalanceCents: Number(r.patient_balance_cents) }));
  }

  /** How many accounts owe anything, and how much in all. */
  async patientBalances(): Promise<{ accounts: number; cents: number }> {
    const [row] = await this.run<{ n: number; cents: string }>(
      `select count(*)::int as n, coalesce(sum(patient_balance_cents), 0)::text as cents from account where patient_balance_cents > 0`);
    return { accounts: row.n, cents: Number(row.cents) };
  }

  /** Statements, final notices and referrals dated `statementDate` (all days when left out), by stage. */
  async statementsByStage(statementDate?: string): Promise<Array<Counted<string>>> {
    const rows = await this.run<{ stage: string; n: number; cents: string }>(
      `select stage, count(*)::int as n, sum(amount_due_cents)::text as cents from statement
       ${statementDate === undefined ? '' : 'where statement_date = ?'} group by stage order by min(statement_date), stage`,
      statementDate === undefined ? [] : [statementDate]);
    return rows.map((r) => ({ key: r.stage, count: r.n, cents: Number(r.cents) }));
  }

  /** The aging snapshot of `asOf` summed over payers, by responsibility; empty when none was taken. */
  async agingTotals(asOf: string): Promise<AgingTotals[]> {
    const rows = await this.run<{ responsibility: 'insurance' | 'patient'; b0: string; b31: string; b61: string; b91: string; b120: string; total: string }>(
      `select r.responsibility, sum(r.days_0_30_cents)::text as b0, sum(r.days_31_60_cents)::text as b31, sum(r.days_61_90_cents)::text as b61,
         sum(r.days_91_120_cents)::text as b91, sum(r.over_120_cents)::text as b120, sum(r.total_cents)::text as total
       from aging_snapshot s join aging_snapshot_row r on r.snapshot_id = s.id where s.as_of = ? group by r.responsibility order by r.responsibility`, [asOf]);
    return rows.map((r) => ({
      responsibility: r.responsibility, days0To30Cents: Number(r.b0), days31To60Cents: Number(r.b31), days61To90Cents: Number(r.b61),
      days91To120Cents: Number(r.b91), over120Cents: Number(r.b120), totalCents: Number(r.total),
    }));
  }

  /** Claims and accounts whose stored figures disagreed with the ledger in the check of `asOf`. */
  async discrepanciesOn(asOf: string): Promise<number> {
    const [row] = await this.run<{ n: number }>(`select count(*)::int as n from balance_discrepancy where as_of = ?`, [asOf]);
    return row.n;
  }

  /** Tasks of these types ever opened (open or done), by type. */
  async tasksByType(types: readonly string[]): Promise<Array<Counted<string>>> {
    const rows = await this.run<{ type: string; n: number }>(
      `select type, count(*)::int as n from task where type = any(?::text[]) group by type order by type`, [types]);
    return rows.map((r) => ({ key: r.type, count: r.n, cents: 0 }));
  }

  /** Deposits by status, and deposit-variance tasks by subject (a deposit, or a remittance without deposit). */
  async depositStatuses(): Promise<{ deposits: Array<Counted<string>>; varianceTasks: Array<Counted<string>> }> {
    const deposits = await this.run<{ status: string; n: number; cents: string }>(
      `select status, count(*)::int as n, sum(amount_cents)::text as cents from deposit group by status order by status`);
    const tasks = await this.run<{ subject_type: string; n: number }>(
      `select subject_type, count(*)::int as n from task where type = 'deposit-variance' group by subject_type order by subject_type`);
    return {
      deposits: deposits.map((d) => ({ key: d.status, count: d.n, cents: Number(d.cents) })),
      varianceTasks: tasks.map((t) => ({ key: t.subject_type, count: t.n, cents: 0 })),
    };
  }

  /** Payment plans by status, and how many installments were missed. */
  async plans(): Promise<{ byStatus: Array<Counted<string>>; missedInstallments: number }> {
    const plans = await this.run<{ status: string; n: number; cents: string }>(
      `select status, count(*)::int as n, sum(total_cents)::text as cents from payment_plan group by status order by status`);
    const [missed] = await this.run<{ n: number }>(`select count(*)::int as n from payment_plan_installment where status = 'missed'`);
    return { byStatus: plans.map((p) => ({ key: p.status, count: p.n, cents: Number(p.cents) })), missedInstallments: missed.n };
  }

  /** Account-level write-offs (the statement cycle's small balances), as a positive total. */
  async accountWriteOffs(): Promise<{ count: number; cents: number }> {
    const [row] = await this.run<{ n: number; cents: string }>(
      `select count(*)::int as n, coalesce(-sum(amount_cents), 0)::text as cents from ledger_entry
       where kind = 'write-off' and account_id is not null and claim_id is null`);
    return { count: row.n, cents: Number(row.cents) };
  }
}
