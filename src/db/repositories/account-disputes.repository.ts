// Disputes: a patient contesting their bill. The statement cycle reads open ones to pause; here
// they are opened, found by their patient-inquiry task, and resolved.
import type { Run } from '../sql.js';

export interface DisputeRow {
  id: number;
  accountId: number;
  status: 'open' | 'resolved';
  taskId: number | null;
  openedBy: string | null;
  openedAt: string;
  resolvedAt: string | null;
}

const DISPUTE_SELECT = `select d.id, d.account_id, d.status, d.task_id, s.login as opened_by, d.opened_at, d.resolved_at
  from account_dispute d left join specialist s on s.id = d.opened_by_id`;

function disputeOf(row: Record<string, any>): DisputeRow {
  return {
    id: Number(row.id), accountId: Number(row.account_id), status: row.status, taskId: row.task_id === null ? null : Number(row.task_id),
    openedBy: row.opened_by ?? null, openedAt: new Date(row.opened_at).toISOString(), resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
  };
}

export class AccountDisputesRepository {
  constructor(private readonly run: Run) {}

  async openDisputeOf(accountId: number): Promise<DisputeRow | undefined> {
    const [row] = await this.run(`${DISPUTE_SELECT} where d.account_id = ? and d.status = 'open' order by d.id limit 1`, [accountId]);
    return row && disputeOf(row);
  }

  async insert(accountId: number, openedById: number | null, at: Date): Promise<number> {
    const [row] = await this.run<{ id: number }>(
      `insert into account_dispute (account_id, status, opened_by_id, opened_at) values (?, 'open', ?, ?) returning id`, [accountId, openedById, at],
    );
    return Number(row.id);
  }

  async setTask(disputeId: number, taskId: number): Promise<void> {
    await this.run('update account_dispute set task_id = ? where id = ?', [taskId, disputeId]);
  }

  async lock(disputeId: number): Promise<DisputeRow | undefined> {
    const [row] = await this.run(`${DISPUTE_SELECT} where d.id = ? for update of d`, [disputeId]);
    return row && disputeOf(row);
  }

  /** The open dispute a patient-inquiry task was opened for, locked. */
  async lockOpenByTask(taskId: number): Promise<DisputeRow | undefined> {
    const [row] = await this.run(`${DISPUTE_SELECT} where d.task_id = ? and d.status = 'open' for update of d`, [taskId]);
    return row && disputeOf(row);
  }

  async resolve(disputeId: number, at: Date): Promise<void> {
    await this.run(`update account_dispute set status = 'resolved', resolved_at = ? where id = ? and status = 'open'`, [at, disputeId]);
  }

  async disputesOf(accountId: number): Promise<DisputeRow[]> {
    return (await this.run(`${DISPUTE_SELECT} where d.account_id = ? order by d.id desc`, [accountId])).map(disputeOf);
  }
}
