// A change to a task, recorded twice in the caller's transaction: as a task event (the task's own
// history: who, when, from, to) and as an audit event (the office's trail). Details hold ids,
// statuses, logins and outcome names only: never a note's text or patient data.
import { json, type Run } from '../sql.js';

export interface TaskChange {
  taskId: number;
  /** created, assigned, unassigned, claimed, lease-renewed, lease-expired, escalated, reassigned, returned, outcome, ... */
  kind: string;
  /** A login, or 'system' for the engine's own changes. */
  actor: string;
  detail: Record<string, unknown> | null;
}

export class TaskEventsRepository {
  constructor(private readonly run: Run) {}

  async record(change: TaskChange, at: Date): Promise<void> {
    await this.recordMany([change], at);
  }

  /** Many changes in one statement each for events and audit (assignment batches, lease sweeps). */
  async recordMany(changes: readonly TaskChange[], at: Date): Promise<void> {
    if (changes.length === 0) return;
    const rows = json(changes.map((c) => ({ task_id: c.taskId, kind: c.kind, actor: c.actor, detail: c.detail })));
    await this.run(
      `with changes as (select r.*, ?::timestamptz as at from json_to_recordset(?::json) as r(task_id int, kind text, actor text, detail jsonb)),
         ${taskChangeInserts('changes')}
       select 1`,
      [at, rows],
    );
  }
}

/**
 * CTEs (to follow others in a WITH) that record each row of `source` (columns task_id, kind,
 * actor, detail, at) as a task event and an audit event: for a statement that changes tasks and
 * records the change in the same round trip (the pull).
 */
export function taskChangeInserts(source: string): string {
  return `recorded_events as (insert into task_event (task_id, kind, actor, detail, at) select task_id, kind, actor, detail, at from ${source}),
    recorded_audits as (insert into audit_event (actor, action, subject_type, subject_id, detail, at)
      select actor, 'task.' || kind, 'task', task_id::text, detail, at from ${source})`;
}
