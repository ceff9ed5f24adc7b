// Creates follow-up work for people. Runs inside the caller's transaction, so a task exists
// exactly when the write that caused it commits. A second open task for the same subject,
// type and reason is never created: the partial unique index settles races between workers.
// The domain scores each task's priority against the clock's "today" in the office's zone, and
// its type (config/task-types.ts) gives the skill it needs and its SLA, which the office calendar
// turns into a due time. The new tasks are offered to people by one `tasks.assign-batch` job per
// call (a posting chunk opens thousands), enqueued through the outbox in the same transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import { reasonKey, type FollowUpTaskInput } from '../domain/tasks/follow-up.js';
import { taskPriority, type PriorityParts } from '../domain/tasks/priority.js';
import { requiredSkillOf, slaBusinessHoursOf } from '../domain/tasks/task-types.js';
import { addBusinessHours } from '../domain/calendar/business-hours.js';
import { defaultOfficeCalendar, type OfficeCalendar } from '../../config/office-calendar.js';
import { recoverabilityTable, taskPriorityWeights } from '../../config/task-priority.js';
import type { TaskType } from '../../config/task-types.js';
import { systemClock, todayIn, type Clock } from '../domain/clock.js';
import { TasksRepository, type NewTask } from '../db/repositories/tasks.repository.js';
import { scheduleSlaChecks } from './tasks/task-sla.service.js';
import { enqueueMany } from '../queues/producer.js';

export interface CreatedTask {
  taskId: number;
  created: boolean;
}

export interface TaskOptions {
  timezone: string;
  actor?: string;
  /** "Now" for priorities (days to the deadline) and timestamps; the system clock unless given. */
  clock?: Clock;
  /** Business hours for due times; config/office-calendar.ts in `timezone` unless given. */
  calendar?: OfficeCalendar;
}

/** Creates the tasks that are not open already; returns how many were new. */
export async function createFollowUpTasks(em: EntityManager, inputs: readonly FollowUpTaskInput[], options: TaskOptions): Promise<number> {
  return (await openTasks(em, inputs, options)).length;
}

export async function createFollowUpTask(em: EntityManager, input: FollowUpTaskInput, options: TaskOptions): Promise<CreatedTask> {
  const [inserted] = await openTasks(em, [input], options);
  if (inserted !== undefined) return { taskId: inserted, created: true };
  const existing = await new TasksRepository(em).findOpenTaskId({
    type: input.type, subjectType: input.subjectType, subjectId: input.subjectId, reasonKey: reasonKey(input.reasonCodes),
  });
  if (existing === undefined) throw new Error(`task for ${input.subjectType} ${input.subjectId} was neither created nor found open`);
  return { taskId: existing, created: false };
}

async function openTasks(em: EntityManager, inputs: readonly FollowUpTaskInput[], options: TaskOptions): Promise<number[]> {
  if (inputs.length === 0) return [];
  const clock = options.clock ?? systemClock;
  const now = clock.now();
  const today = todayIn(clock, options.timezone);
  const calendar = options.calendar ?? { ...defaultOfficeCalendar, timezone: options.timezone };
  // Every task of a call opens at the same moment, so one due time per type (a posting chunk
  // opens thousands of tasks of three types).
  const dueAtByType = new Map<TaskType, Date>();
  const dueAt = (type: TaskType): Date => {
    let due = dueAtByType.get(type);
    if (!due) dueAtByType.set(type, due = addBusinessHours(now, slaBusinessHoursOf(type), calendar));
    return due;
  };
  const tasks = inputs.map((input): NewTask => {
    const priority = taskPriority(input, today, taskPriorityWeights, recoverabilityTable);
    return {
      type: input.type, subjectType: input.subjectType, subjectId: input.subjectId, reasonKey: reasonKey(input.reasonCodes),
      reasonCodes: input.reasonCodes, amountAtRiskCents: input.amountAtRiskCents, deadline: input.deadline ?? null,
      priority: priority.score, priorityParts: { ...priority.parts }, requiredSkills: [requiredSkillOf(input.type)],
      payerId: input.payerId ?? null, dueAt: dueAt(input.type),
    };
  });
  const opened = await new TasksRepository(em).openTasks(tasks, options.actor ?? 'system', now);
  // Each new task's SLA check, at its due time (src/services/tasks/task-sla.service.ts).
  await scheduleSlaChecks(em, opened, now);
  // Ids come back in order; the range may hold another call's tasks too, which assignment
  // handles like its own (it takes only tasks still open).
  if (opened.length > 0) await enqueueMany(em, 'tasks', 'assign-batch', [{ fromTaskId: opened[0], toTaskId: opened[opened.length - 1] }]);
  return opened;
}

/**
 * Scores every open task again against today (the daily recompute: as a deadline nears, waiting
 * tasks rise). Walks the open tasks by id in slices, each slice its own short statement, and
 * writes only the tasks whose score or parts changed (tasks scored before a part was added get
 * it); returns how many did. Safe to run again or concurrently: the result depends only on the
 * task and the day. Run daily by the `tasks.reprioritize` job (task-schedule.service.ts).
 */
export async function recomputeTaskPriorities(em: EntityManager, options: TaskOptions & { sliceSize?: number }): Promise<number> {
  const clock = options.clock ?? systemClock;
  const today = todayIn(clock, options.timezone);
  const tasks = new TasksRepository(em);
  let changed = 0;
  for (let afterId = 0; ;) {
    const rows = await tasks.openTasksForPriority(afterId, options.sliceSize ?? 5000);
    if (rows.length === 0) return changed;
    afterId = rows[rows.length - 1].id;
    const updates = rows
      .map((row) => ({ row, priority: taskPriority(row, today, taskPriorityWeights, recoverabilityTable) }))
      .filter(({ row, priority }) => priority.score !== row.priority || !sameParts(row.priorityParts, priority.parts))
      .map(({ row, priority }) => ({ id: row.id, priority: priority.score, priorityParts: { ...priority.parts } }));
    changed += await tasks.setPriorities(updates, clock.now());
  }
}

function sameParts(stored: Record<string, number>, parts: PriorityParts): boolean {
  const keys = Object.keys(parts) as Array<keyof PriorityParts>;
  return Object.keys(stored).length === keys.length && keys.every((k) => stored[k] === parts[k]);
}
