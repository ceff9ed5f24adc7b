// The dunning pass's reads and writes, a slice of accounts at a time: the accounts with something
// for the cycle (locked in id order, as posting locks them), their new cycle columns, the statements
// sent and the small balances written off, each one statement per slice.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CycleStage, CycleDocumentKind } from '../../../config/dunning.js';
import type { AccountCycleState, DunningStage } from '../../domain/collections/dunning-cycle.js';
import { json, sqlRunner, type Run } from '../sql.js';

export interface CycleAccount extends AccountCycleState {
  id: number;
}

export interface CycleColumnsRow {
  id: number;
  stage: DunningStage;
  cycle_start: string | null;
  cycle_stage: CycleStage | null;
  paused_since: string | null;
}

export interface NewStatement {
  account_id: number;
  kind: CycleDocumentKind;
  stage: CycleStage;
  amount_due_cents: number;
  due_date: string;
  idempotency_key: string;
}

export interface SmallBalanceWriteOff {
  account_id: number;
  amount_cents: number;
  idempotency_key: string;
}

export class DunningRepository {
  private readonly run: Run;

  constructor(em: EntityManager) {
    this.run = sqlRunner(em);
  }

  /**
   * The next `limit` accounts after `afterId` with a balance, a cycle under way or a pause to end
   * (the partial index account_dunning_index holds exactly these), locked until the slice commits.
   */
  async lockCycleAccounts(afterId: number, limit: number): Promise<CycleAccount[]> {
    // The LIMIT's large cost estimate makes Postgres JIT-compile this plain index walk on every
    // slice, which costs more than running it (60-120 ms a slice measured); off for this transaction.
    await this.run('set local jit = off');
    const rows = await this.run<Record<string, any>>(
      `select a.id, a.patient_balance_cents, a.dunning_stage, to_char(a.dunning_cycle_start, 'YYYY-MM-DD') as cycle_start,
         a.dunning_cycle_stage, to_char(a.dunning_paused_since, 'YYYY-MM-DD') as paused_since,
         exists (select 1 from payment_plan p where p.account_id = a.id and p.status = 'current') as plan_current,
         exists (select 1 from account_dispute d where d.account_id = a.id and d.status = 'open') as dispute_open
       from account a
       where a.id > ? and (a.patient_balance_cents <> 0 or a.dunning_cycle_stage is not null or a.dunning_paused_since is not null
         or a.dunning_stage <> 'none')
       order by a.id limit ? for no key update of a`,
      [afterId, limit],
    );
    return rows.map((r) => ({
      id: r.id, balanceCents: Number(r.patient_balance_cents), stage: r.dunning_stage, cycleStart: r.cycle_start ?? null,
      lastStage: r.dunning_cycle_stage ?? null, pausedSince: r.paused_since ?? null, planCurrent: r.plan_current, disputeOpen: r.dispute_open,
    }));
  }

  async setCycleColumns(rows: readonly CycleColumnsRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.run(
      `update account a set dunning_stage = r.stage, dunning_cycle_start = r.cycle_start, dunning_cycle_stage = r.cycle_stage,
         dunning_paused_since = r.paused_since
       from json_to_recordset(?::json) as r(id int, stage text, cycle_start date, cycle_stage text, paused_since date) where a.id = r.id`,
      [json(rows)],
    );
  }

  /** Records the statements; a key already held adds nothing. Returns the account ids of those added. */
  async addStatements(statementDate: string, rows: readonly NewStatement[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const added = await this.run<{ account_id: number }>(
      `insert into statement (account_id, kind, stage, statement_date, amount_due_cents, due_date, idempotency_key, created_at)
       select r.account_id, r.kind, r.stage, ?::date, r.amount_due_cents, r.due_date, r.idempotency_key, now()
       from json_to_recordset(?::json) as r(account_id int, kind text, stage text, amount_due_cents bigint, due_date date, idempotency_key text)
       order by r.account_id
       on conflict (idempotency_key) do nothing returning account_id`,
      [statementDate, json(rows)],
    );
    return added.map((r) => r.account_id);
  }

  /**
   * Writes each balance off with a `write-off` ledger entry on the account (negative: an entry on an
   * account alone is signed as it moves the patient's balance, as patient payments are, so an
   * account's entries add up to its balance) and lowers the account's
   * balance by what was written, in one statement: an entry whose key is already held (the same
   * day's pass again) writes nothing and moves nothing. Returns how many were written off, and the cents.
   */
  async writeOffSmallBalances(source: { source: string; effectiveDate: string }, rows: readonly SmallBalanceWriteOff[]): Promise<{ count: number; cents: number }> {
    if (rows.length === 0) return { count: 0, cents: 0 };
    const written = await this.run<{ id: number; amount_cents: string }>(
      `with entry as (
         insert into ledger_entry (kind, amount_cents, account_id, source, idempotency_key, effective_date, posted_at)
         select 'write-off', -r.amount_cents, r.account_id, ?, r.idempotency_key, ?::date, now()
         from json_to_recordset(?::json) as r(account_id int, amount_cents bigint, idempotency_key text)
         on conflict (idempotency_key) do nothing returning account_id, amount_cents)
       update account a set patient_balance_cents = a.patient_balance_cents + entry.amount_cents from entry where a.id = entry.account_id
       returning a.id, -entry.amount_cents as amount_cents`,
      [source.source, source.effectiveDate, json(rows)],
    );
    return { count: written.length, cents: written.reduce((sum, w) => sum + Number(w.amount_cents), 0) };
  }
}
