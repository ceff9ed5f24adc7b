// Creates follow-up work for people. Runs inside the caller's transaction, so a task exists
// exactly when the write that caused it commits. A second open task for the same subject,
// type and reason is never created: the partial unique index settles races between workers.
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { followUpPriority, reasonKey, type FollowUpTaskInput } from '../domain/tasks/follow-up.js';
import { AuditEvent, TaskEvent } from '../db/entities/index.js';

export interface CreatedTask {
  taskId: number;
  created: boolean;
}

export async function createFollowUpTask(
  em: EntityManager,
  input: FollowUpTaskInput,
  options: { timezone: string; actor?: string },
): Promise<CreatedTask> {
  const key = reasonKey(input.reasonCodes);
  const today = DateTime.now().setZone(options.timezone).toISODate()!;
  const priority = followUpPriority(input.amountAtRiskCents, input.deadline, today);
  const connection = em.getConnection();
  const ctx = em.getTransactionContext();
  const inserted: Array<{ id: number }> = await connection.execute(
    `insert into task (type, status, subject_type, subject_id, reason_key, reason_codes, amount_at_risk_cents,
       deadline, priority, priority_parts, required_skills, payer_id, created_at, updated_at)
     values (?, 'open', ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?::jsonb, ?, now(), now())
     on conflict (type, subject_type, subject_id, reason_key) where status in ('open', 'assigned', 'in-progress')
     do nothing
     returning id`,
    [
      input.type, input.subjectType, input.subjectId, key, JSON.stringify(input.reasonCodes),
      input.amountAtRiskCents, input.deadline ?? null, priority.score, JSON.stringify(priority.parts),
      JSON.stringify(input.requiredSkills ?? []), input.payerId ?? null,
    ],
    'all',
    ctx,
  );
  if (inserted.length > 0) {
    const taskId = Number(inserted[0].id);
    const actor = options.actor ?? 'system';
    em.create(TaskEvent, { taskId, kind: 'created', actor, detail: { type: input.type, reasonKey: key } });
    em.create(AuditEvent, { actor, action: 'task.create', subjectType: 'task', subjectId: String(taskId), detail: { type: input.type } });
    await em.flush();
    return { taskId, created: true };
  }
  const existing: Array<{ id: number }> = await connection.execute(
    `select id from task where type = ? and subject_type = ? and subject_id = ? and reason_key = ?
       and status in ('open', 'assigned', 'in-progress')`,
    [input.type, input.subjectType, input.subjectId, key],
    'all',
    ctx,
  );
  return { taskId: Number(existing[0].id), created: false };
}
