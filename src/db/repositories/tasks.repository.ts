// Follow-up tasks for people, with their history (task_event) and audit trail (audit_event).
// Opening tasks is one statement for one task or a posting chunk's worth; a second open task for
// the same subject, type and reason is never created (a partial unique index settles races).
import type { EntityManager } from '@mikro-orm/postgresql';
import { OPEN_TASK_STATUSES } from '../entities/work.js';
import { json, sqlRunner } from '../sql.js';

/** A task to open, with its priority already worked out by the domain. */
export interface NewTask {
  type: string;
  subjectType: string;
  subjectId: number;
  reasonKey: string;
  reasonCodes: string[];
  amountAtRiskCents: number;
  deadline: string | null;
  priority: number;
  priorityParts: Record<string, number>;
  requiredSkills: string[];
  payerId: number | null;
  /** When the task's SLA runs out (business hours from its creation). */
  dueAt: Date;
}

export class TasksRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Opens the tasks that are not open already, each with a `created` event and a `task.create`
   * audit row, all stamped `at`; returns the ids of the new ones, in order.
   */
  async openTasks(tasks: readonly NewTask[], actor: string, at: Date): Promise<number[]> {
    if (tasks.length === 0) return [];
    const rows = tasks.map((t) => ({
      type: t.type, subject_type: t.subjectType, subject_id: t.subjectId, reason_key: t.reasonKey, reason_codes: t.reasonCodes,
      amount: t.amountAtRiskCents, deadline: t.deadline, priority: t.priority, priority_parts: t.priorityParts,
      required_skills: t.requiredSkills, payer_id: t.payerId, due_at: t.dueAt.toISOString(),
    }));
    const inserted = await sqlRunner(this.em)<{ id: number }>(
      `with input as (select * from json_to_recordset(?::json) as r(type text, subject_type text, subject_id int, reason_key text,
         reason_codes jsonb, amount bigint, deadline date, priority int, priority_parts jsonb, required_skills jsonb, payer_id int, due_at timestamptz)),
       inserted as (
         insert into task (type, status, subject_type, subject_id, reason_key, reason_codes, amount_at_risk_cents, deadline, priority,
           priority_parts, required_skills, payer_id, due_at, created_at, updated_at)
         select type, 'open', subject_type, subject_id, reason_key, reason_codes, amount, deadline, priority, priority_parts,
           required_skills, payer_id, due_at, ?::timestamptz, ?::timestamptz from input
         on conflict (type, subject_type, subject_id, reason_key) where status in ('open', 'assigned', 'in-progress') do nothing
         returning id, type, reason_key),
       events as (insert into task_event (task_id, kind, actor, detail, at)
         select id, 'created', ?, jsonb_build_object('type', type, 'reasonKey', reason_key), ?::timestamptz from inserted),
       audits as (insert into audit_event (actor, action, subject_type, subject_id, detail, at)
         select ?, 'task.create', 'task', id::text, jsonb_build_object('type', type), ?::timestamptz from inserted)
       select id from inserted order by id`,
      [json(rows), at, at, actor, at, actor, at],
    );
    return inserted.map((r) => Number(r.id));
  }

  /** The open task for this subject, type and reason, if there is one. */
  async findOpenTaskId(key: { type: string; subjectType: string; subjectId: number; reasonKey: string }): Promise<number | undefined> {
    const [row] = await sqlRunner(this.em)<{ id: number }>(
      `select id from task where type = ? and subject_type = ? and subject_id = ? and reason_key = ? and status = any(?::text[])`,
      [key.type, key.subjectType, key.subjectId, key.reasonKey, [...OPEN_TASK_STATUSES]],
    );
    return row ? Number(row.id) : undefined;
  }

  /** Open tasks after `afterId`, by id, with what their priority is worked out from. */
  async openTasksForPriority(afterId: number, limit: number): Promise<TaskPriorityRow[]> {
    const rows = await sqlRunner(this.em)<{ id: number; amount_at_risk_cents: string; deadline: string | null; reason_codes: string[]; priority: number; priority_parts: Record<string, number> | null }>(
      `select id, amount_at_risk_cents, to_char(deadline, 'YYYY-MM-DD') as deadline, reason_codes, priority, priority_parts
       from task where status = any(?::text[]) and id > ? order by id limit ?`,
      [[...OPEN_TASK_STATUSES], afterId, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id), amountAtRiskCents: Number(r.amount_at_risk_cents), deadline: r.deadline, reasonCodes: r.reason_codes, priority: r.priority,
      priorityParts: r.priority_parts ?? {},
    }));
  }

  /** Sets new priorities and their parts on tasks that are still open; returns how many changed. */
  async setPriorities(updates: ReadonlyArray<{ id: number; priority: number; priorityParts: Record<string, number> }>, at: Date): Promise<number> {
    if (updates.length === 0) return 0;
    const changed = await sqlRunner(this.em)<{ id: number }>(
      `update task t set priority = u.priority, priority_parts = u.priority_parts, updated_at = ?::timestamptz
       from json_to_recordset(?::json) as u(id int, priority int, priority_parts jsonb)
       where t.id = u.id and t.status = any(?::text[]) returning t.id`,
      [at, json(updates.map((u) => ({ id: u.id, priority: u.priority, priority_parts: u.priorityParts }))), [...OPEN_TASK_STATUSES]],
    );
    return changed.length;
  }
}

export interface TaskPriorityRow {
  id: number;
  amountAtRiskCents: number;
  deadline: string | null;
  reasonCodes: string[];
  priority: number;
  priorityParts: Record<string, number>;
}
