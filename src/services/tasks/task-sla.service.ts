// SLA escalation (`tasks.sla`). Each task gets a delayed sla job at its due time, enqueued through
// the outbox in the transaction that opens it. The job escalates an overdue open task to the
// assignee's supervisor, and enqueues itself again for one more SLA later, when a task still open
// goes to the director. Safe to run twice or late: the task row is locked, the level only rises,
// and the level is worked out from the clock, so a late job does at once what it missed. The
// repair sweep (repair-overdue-tasks.ts) gives a new job to an overdue task whose job was lost.
import type { EntityManager } from '@mikro-orm/postgresql';
import { addBusinessHours } from '../../domain/calendar/business-hours.js';
import { escalationLevelAt, escalationTarget, nextEscalationDue, type EscalationLevel } from '../../domain/tasks/escalation.js';
import { isTaskType, slaBusinessHoursOf } from '../../domain/tasks/task-types.js';
import type { OfficeCalendar } from '../../../config/office-calendar.js';
import { OPEN_TASK_STATUSES, type TaskStatus } from '../../db/entities/work.js';
import { TaskEscalationRepository } from '../../db/repositories/task-escalation.repository.js';
import { TaskEventsRepository } from '../../db/repositories/task-events.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { producer } from '../../queues/producer.js';

export type SlaCheckResult =
  | { outcome: 'escalated'; level: EscalationLevel; to: string | null; nextCheckAt: Date | null }
  | { outcome: 'not-due'; nextCheckAt: Date }
  | { outcome: 'closed' | 'missing' | 'no-sla' | 'already-escalated' };

/**
 * Enqueues one delayed sla job per new task, at its due time (tasks opened together share a due
 * time per type, so one outbox statement per due time). In the caller's transaction.
 */
export async function scheduleSlaChecks(em: EntityManager, taskIds: readonly number[], now: Date): Promise<void> {
  const byDueAt = new Map<number, Array<{ taskId: number }>>();
  for (const { id, dueAt } of await new TaskEscalationRepository(sqlRunner(em)).dueTimes(taskIds)) {
    const group = byDueAt.get(dueAt.getTime()) ?? [];
    group.push({ taskId: id });
    byDueAt.set(dueAt.getTime(), group);
  }
  for (const [dueAt, payloads] of byDueAt) {
    await producer.enqueueMany(em, 'tasks', 'sla', payloads, { delayMs: Math.max(0, dueAt - now.getTime()) });
  }
}

/** The sla job: escalates the task if it is overdue and still open, in the caller's transaction. */
export async function checkTaskSla(em: EntityManager, taskId: number, now: Date, calendar: OfficeCalendar): Promise<SlaCheckResult> {
  const run = sqlRunner(em);
  const repo = new TaskEscalationRepository(run);
  const task = await repo.lockTask(taskId);
  if (!task) return { outcome: 'missing' };
  if (!OPEN_TASK_STATUSES.includes(task.status as TaskStatus)) return { outcome: 'closed' };
  if (task.dueAt === null || !isTaskType(task.type)) return { outcome: 'no-sla' };
  const secondDueAt = addBusinessHours(task.dueAt, slaBusinessHoursOf(task.type), calendar);
  const level = escalationLevelAt(now, task.dueAt, secondDueAt);
  if (level === 0) {
    // Early (a clock behind the relay's): check again at the due time.
    producer.enqueue(em, 'tasks', 'sla', { taskId }, { delayMs: task.dueAt.getTime() - now.getTime() });
    return { outcome: 'not-due', nextCheckAt: task.dueAt };
  }
  if (level <= task.escalationLevel) return { outcome: 'already-escalated' };
  const people = await repo.people();
  const target = escalationTarget(level === 1 ? 1 : 2, task.assigneeId, people);
  const nextAt = nextEscalationDue(level, task.dueAt, secondDueAt);
  await repo.escalate(task.id, { level, toId: target?.id ?? null, nextAt }, now);
  const from = people.find((p) => p.id === task.escalatedToId)?.login ?? null;
  await new TaskEventsRepository(run).record({
    taskId: task.id, kind: 'escalated', actor: 'system',
    detail: { level, to: target?.login ?? null, from, dueAt: task.dueAt.toISOString() },
  }, now);
  if (nextAt) producer.enqueue(em, 'tasks', 'sla', { taskId }, { delayMs: Math.max(0, nextAt.getTime() - now.getTime()) });
  return { outcome: 'escalated', level, to: target?.login ?? null, nextCheckAt: nextAt };
}
