// Recording outcomes on tasks: the task locked while it is closed, its notes (free text, kept
// here and nowhere else), and the outcome rows that hold a write-off waiting for approval and an
// appeal's follow-up. Task events and audit rows are written by TaskEventsRepository.
import type { TaskOutcomeState } from '../entities/task-outcomes.js';
import { json, type Run } from '../sql.js';
import { taskChangeInserts } from './task-events.repository.js';

export interface LockedTask {
  id: number;
  type: string;
  status: string;
  subjectType: string;
  subjectId: number;
  assigneeId: number | null;
  assigneeLogin: string | null;
  outcome: string | null;
  amountAtRiskCents: number;
  reasonCodes: string[];
  deadline: string | null;
  payerId: number | null;
}

export interface LiveOutcome {
  id: number;
  taskId: number;
  outcome: string;
  state: TaskOutcomeState;
  recordedById: number;
  recordedAt: Date;
  amountCents: number | null;
  followUpDueAt: Date | null;
  followUpCheckedAt: Date | null;
}

export class TaskOutcomesRepository {
  constructor(private readonly run: Run) {}

  /** The task, locked for this transaction: two outcomes recorded at once apply one after the other. */
  async lockTask(taskId: number): Promise<LockedTask | undefined> {
    const [row] = await this.run<Record<string, any>>(
      `select t.id, t.type, t.status, t.subject_type, t.subject_id, t.assignee_id, s.login as assignee_login, t.outcome,
         t.amount_at_risk_cents, t.reason_codes, to_char(t.deadline, 'YYYY-MM-DD') as deadline, t.payer_id
       from task t left join specialist s on s.id = t.assignee_id where t.id = ? for update of t`,
      [taskId],
    );
    return row && {
      id: Number(row.id), type: row.type, status: row.status, subjectType: row.subject_type, subjectId: Number(row.subject_id),
      assigneeId: row.assignee_id === null ? null : Number(row.assignee_id), assigneeLogin: row.assignee_login, outcome: row.outcome,
      amountAtRiskCents: Number(row.amount_at_risk_cents), reasonCodes: row.reason_codes ?? [], deadline: row.deadline,
      payerId: row.payer_id === null ? null : Number(row.payer_id),
    };
  }

  /**
   * Closes a task (locked by this transaction) with its outcome row and the change's task and audit
   * events, in one statement: recording an outcome is one of the API's busiest requests.
   */
  async closeWithOutcome(
    row: { taskId: number; outcome: string; state: TaskOutcomeState; recordedById: number; amountCents: number | null; followUpDueAt: Date | null },
    change: { kind: string; actor: string; detail: Record<string, unknown> }, at: Date,
  ): Promise<void> {
    await this.run(
      `with closed as (update task set status = 'done', outcome = ?, closed_at = ?::timestamptz, lease_expires_at = null, updated_at = ?::timestamptz
           where id = ? returning id),
         recorded as (insert into task_outcome (task_id, outcome, state, recorded_by_id, recorded_at, amount_cents, follow_up_due_at)
           select id, ?, ?, ?, ?::timestamptz, ?::bigint, ?::timestamptz from closed),
         changes as (select id as task_id, ?::text as kind, ?::text as actor, ?::jsonb as detail, ?::timestamptz as at from closed),
         ${taskChangeInserts('changes')}
       select 1`,
      [row.outcome, at, at, row.taskId, row.outcome, row.state, row.recordedById, at, row.amountCents, row.followUpDueAt,
        change.kind, change.actor, json(change.detail), at],
    );
  }

  /** Back to its assignee (a write-off refused by the approver): the outcome is chosen again. */
  async reopenTask(taskId: number, at: Date): Promise<void> {
    await this.run(
      `update task set status = 'assigned', outcome = null, closed_at = null, lease_expires_at = null, updated_at = ? where id = ?`,
      [at, taskId],
    );
  }

  async addNote(taskId: number, authorId: number, text: string, at: Date): Promise<void> {
    await this.run('insert into task_note (task_id, author_id, text, created_at) values (?, ?, ?, ?)', [taskId, authorId, text, at]);
  }


  /** The amount of this task's last write-off decided by `decidedById` with `state`, if there is one. */
  async lastWriteOffDecision(taskId: number, decidedById: number, state: TaskOutcomeState): Promise<{ amountCents: number } | undefined> {
    const [row] = await this.run<{ amount_cents: string | null }>(
      `select amount_cents from task_outcome where task_id = ? and outcome = 'written-off' and decided_by_id = ? and state = ?
       order by decided_at desc limit 1`,
      [taskId, decidedById, state],
    );
    return row ? { amountCents: Number(row.amount_cents ?? 0) } : undefined;
  }

  /** Whether a remittance posted for the claim after `since` (an appeal answered). */
  async remittancePostedSince(claimId: number, since: Date): Promise<boolean> {
    const [row] = await this.run(`select 1 from remittance_claim rc where rc.claim_id = ? and rc.posted_at > ? limit 1`, [claimId, since]);
    return row !== undefined;
  }

  /** The task's outcome that stands (applied or waiting for approval), locked. */
  async lockLiveOutcome(taskId: number): Promise<LiveOutcome | undefined> {
    const [row] = await this.run<Record<string, any>>(
      `select id, task_id, outcome, state, recorded_by_id, recorded_at, amount_cents, follow_up_due_at, follow_up_checked_at
       from task_outcome where task_id = ? and state <> 'rejected' for update`,
      [taskId],
    );
    return row && {
      id: Number(row.id), taskId: Number(row.task_id), outcome: row.outcome, state: row.state, recordedById: Number(row.recorded_by_id),
      recordedAt: new Date(row.recorded_at), amountCents: row.amount_cents === null ? null : Number(row.amount_cents),
      followUpDueAt: row.follow_up_due_at === null ? null : new Date(row.follow_up_due_at),
      followUpCheckedAt: row.follow_up_checked_at === null ? null : new Date(row.follow_up_checked_at),
    };
  }

  async decide(outcomeId: number, state: TaskOutcomeState, decidedById: number, amountCents: number | null, at: Date): Promise<void> {
    await this.run('update task_outcome set state = ?, decided_by_id = ?, decided_at = ?, amount_cents = ? where id = ?',
      [state, decidedById, at, amountCents, outcomeId]);
  }

  async markFollowUpChecked(outcomeId: number, followUpTaskId: number | null, at: Date): Promise<void> {
    await this.run('update task_outcome set follow_up_task_id = ?, follow_up_checked_at = ? where id = ?', [followUpTaskId, at, outcomeId]);
  }
}
