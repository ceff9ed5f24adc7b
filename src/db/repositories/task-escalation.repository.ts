// SQL of SLA escalation: the task as the `tasks.sla` job sees it (locked), the reporting chain,
// writing an escalation, and the overdue tasks whose escalation was missed (the repair sweep).
import type { Run } from '../sql.js';
import { OPEN_TASK_STATUSES } from '../entities/work.js';
import type { ChainPerson } from '../../domain/tasks/escalation.js';

export interface TaskForEscalation {
  id: number;
  type: string;
  status: string;
  assigneeId: number | null;
  dueAt: Date | null;
  escalationLevel: number;
  escalatedToId: number | null;
}

export class TaskEscalationRepository {
  constructor(private readonly run: Run) {}

  /** The task, locked until the transaction ends, so two sla jobs for it escalate once. */
  async lockTask(taskId: number): Promise<TaskForEscalation | undefined> {
    const [row] = await this.run<{ id: number; type: string; status: string; assignee_id: number | null; due_at: Date | null; escalation_level: number; escalated_to_id: number | null }>(
      `select id, type, status, assignee_id, due_at, escalation_level, escalated_to_id from task where id = ? for update`, [taskId]);
    if (!row) return undefined;
    return {
      id: Number(row.id), type: row.type, status: row.status, assigneeId: row.assignee_id, dueAt: row.due_at === null ? null : new Date(row.due_at),
      escalationLevel: row.escalation_level, escalatedToId: row.escalated_to_id,
    };
  }

  /** Everyone in the office (the chain is walked in memory; an office has hundreds, not millions). */
  async people(): Promise<ChainPerson[]> {
    const rows = await this.run<{ id: number; login: string; role: ChainPerson['role']; active: boolean; supervisor_id: number | null }>(
      'select id, login, role, active, supervisor_id from specialist order by id');
    return rows.map((r) => ({ id: r.id, login: r.login, role: r.role, active: r.active, supervisorId: r.supervisor_id }));
  }

  async escalate(taskId: number, change: { level: number; toId: number | null; nextAt: Date | null }, at: Date): Promise<void> {
    await this.run(
      `update task set escalation_level = ?, escalated_to_id = ?, escalated_at = ?, next_escalation_at = ?, updated_at = ? where id = ?`,
      [change.level, change.toId, at, change.nextAt, at, taskId]);
  }

  /** Due times of tasks (those with one), for scheduling their SLA checks. */
  async dueTimes(taskIds: readonly number[]): Promise<Array<{ id: number; dueAt: Date }>> {
    if (taskIds.length === 0) return [];
    const rows = await this.run<{ id: number; due_at: Date }>('select id, due_at from task where id = any(?::int[]) and due_at is not null', [taskIds]);
    return rows.map((r) => ({ id: Number(r.id), dueAt: new Date(r.due_at) }));
  }

  /**
   * Open tasks whose next escalation fell due more than `graceMs` ago and has not happened: their
   * sla job is lost (or failed). A page after `afterId`, through the partial index.
   */
  async missedEscalations(afterId: number, graceMs: number, limit: number): Promise<number[]> {
    const rows = await this.run<{ id: number }>(
      `select id from task
       where status = any(?::text[]) and escalation_level < 2 and id > ?
         and (case when escalation_level = 0 then due_at else next_escalation_at end) < now() - (?::int * interval '1 millisecond')
       order by id limit ?`,
      [[...OPEN_TASK_STATUSES], afterId, graceMs, limit]);
    return rows.map((r) => Number(r.id));
  }
}
