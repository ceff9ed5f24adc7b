// Creates follow-up work for people. Runs inside the caller's transaction, so a task exists
// exactly when the write that caused it commits. A second open task for the same subject,
// type and reason is never created: the partial unique index settles races between workers.
// One statement serves one task or a whole posting chunk's worth (task, event, audit row).
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { followUpPriority, reasonKey, type FollowUpTaskInput } from '../domain/tasks/follow-up.js';
import { sqlRunner } from '../db/sql.js';

export interface CreatedTask {
  taskId: number;
  created: boolean;
}

export interface TaskOptions {
  timezone: string;
  actor?: string;
}

/** Creates the tasks that are not open already; returns how many were new. */
export async function createFollowUpTasks(em: EntityManager, inputs: readonly FollowUpTaskInput[], options: TaskOptions): Promise<number> {
  return (await insertOpenTasks(em, inputs, options)).length;
}

export async function createFollowUpTask(em: EntityManager, input: FollowUpTaskInput, options: TaskOptions): Promise<CreatedTask> {
  const [inserted] = await insertOpenTasks(em, [input], options);
  if (inserted) return { taskId: Number(inserted.id), created: true };
  const [existing] = await sqlRunner(em)<{ id: number }>(
    `select id from task where type = ? and subject_type = ? and subject_id = ? and reason_key = ?
       and status in ('open', 'assigned', 'in-progress')`,
    [input.type, input.subjectType, input.subjectId, reasonKey(input.reasonCodes)],
  );
  return { taskId: Number(existing.id), created: false };
}

async function insertOpenTasks(em: EntityManager, inputs: readonly FollowUpTaskInput[], options: TaskOptions): Promise<Array<{ id: number }>> {
  if (inputs.length === 0) return [];
  const today = DateTime.now().setZone(options.timezone).toISODate()!;
  const rows = inputs.map((input) => {
    const priority = followUpPriority(input.amountAtRiskCents, input.deadline, today);
    return {
      type: input.type, subject_type: input.subjectType, subject_id: input.subjectId, reason_key: reasonKey(input.reasonCodes),
      reason_codes: input.reasonCodes, amount: input.amountAtRiskCents, deadline: input.deadline ?? null, priority: priority.score,
      priority_parts: priority.parts, required_skills: input.requiredSkills ?? [], payer_id: input.payerId ?? null,
    };
  });
  return sqlRunner(em)<{ id: number }>(
    `with input as (select * from json_to_recordset(?::json) as r(type text, subject_type text, subject_id int, reason_key text,
       reason_codes jsonb, amount bigint, deadline date, priority int, priority_parts jsonb, required_skills jsonb, payer_id int)),
     inserted as (
       insert into task (type, status, subject_type, subject_id, reason_key, reason_codes, amount_at_risk_cents, deadline, priority,
         priority_parts, required_skills, payer_id, created_at, updated_at)
       select type, 'open', subject_type, subject_id, reason_key, reason_codes, amount, deadline, priority, priority_parts,
         required_skills, payer_id, now(), now() from input
       on conflict (type, subject_type, subject_id, reason_key) where status in ('open', 'assigned', 'in-progress') do nothing
       returning id, type, reason_key),
     events as (insert into task_event (task_id, kind, actor, detail, at)
       select id, 'created', ?, jsonb_build_object('type', type, 'reasonKey', reason_key), now() from inserted),
     audits as (insert into audit_event (actor, action, subject_type, subject_id, detail, at)
       select ?, 'task.create', 'task', id::text, jsonb_build_object('type', type), now() from inserted)
     select id from inserted order by id`,
    [JSON.stringify(rows), options.actor ?? 'system', options.actor ?? 'system'],
  );
}
