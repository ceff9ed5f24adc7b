// Who holds a task, changed by people rather than by routing: a supervisor reassigning or
// returning a task to the pool, and a deactivated person's open tasks going back to the pool.
// The task events are the caller's (TaskEventsRepository), in the same transaction.
import type { TaskStatus } from '../entities/work.js';
import type { Run } from '../sql.js';

export interface HeldTask {
  id: number;
  status: TaskStatus;
  assigneeId: number | null;
  /** The assignee's login. */
  assignee: string | null;
}

export class TaskHoldersRepository {
  constructor(private readonly run: Run) {}

  /** The task with its holder, locked for this transaction. */
  async lock(taskId: number): Promise<HeldTask | undefined> {
    const [row] = await this.run<{ id: number; status: TaskStatus; assignee_id: number | null; login: string | null }>(
      `select t.id, t.status, t.assignee_id, (select login from specialist s where s.id = t.assignee_id) as login from task t where t.id = ? for update`,
      [taskId],
    );
    return row && { id: Number(row.id), status: row.status, assigneeId: row.assignee_id === null ? null : Number(row.assignee_id), assignee: row.login };
  }

  async assignTo(taskId: number, personId: number, at: Date): Promise<void> {
    await this.run(`update task set assignee_id = ?, status = 'assigned', lease_expires_at = null, updated_at = ? where id = ?`, [personId, at, taskId]);
  }

  async returnToPool(taskId: number, at: Date): Promise<void> {
    await this.run(`update task set assignee_id = null, status = 'open', lease_expires_at = null, updated_at = ? where id = ?`, [at, taskId]);
  }

  /** Every assigned or in-progress task of this person back to the pool; answers each with the status it had. */
  async returnAllHeldBy(personId: number, at: Date): Promise<Array<{ id: number; status: string }>> {
    const rows = await this.run<{ id: number; status: string }>(
      `with old as (select id, status from task where assignee_id = ? and status in ('assigned', 'in-progress') for update)
       update task t set status = 'open', assignee_id = null, lease_expires_at = null, updated_at = ?
       from old where t.id = old.id returning t.id, old.status`,
      [personId, at],
    );
    return rows.map((r) => ({ id: Number(r.id), status: r.status }));
  }
}
