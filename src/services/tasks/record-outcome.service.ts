// A person records how a task ended (`POST /api/tasks/:id/outcome`, `rcm tasks done`). In one
// transaction: the task closes (done, outcome, closed_at, lease cleared), its note is kept in
// task_note, a task event and audit row say who, when and from which status (never the note),
// and the work the outcome causes is written: claim moves, outbox jobs, ledger entries, or a
// write-off waiting for approval. Anything refused throws before commit: nothing changes.
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutcomeClaimsRepository } from '../../db/repositories/outcome-claims.repository.js';
import { TaskOutcomesRepository, type LockedTask } from '../../db/repositories/task-outcomes.repository.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { todayIn, type Clock } from '../../domain/clock.js';
import type { Person } from '../../domain/people/person.js';
import { allowedOutcomesOf, isTaskType } from '../../domain/tasks/task-types.js';
import {
  followUpOf, isAllowedOutcome, mayRecordOutcome, needsClaim, writeOffNeedsApproval, type OutcomeActor, type OutcomeFollowUp,
} from '../../domain/tasks/outcomes.js';
import { tasksAsJson, type TaskJson } from './task-json.js';
import { teamBelow } from './task-scope.js';
import { DIRECT_FOLLOW_UPS, openAmount, writeOff, type FollowUpContext, type FollowUpResult } from './outcome-follow-ups.js';
import { noSuchTask, notYourTask, TaskRefused } from './outcome-refusals.js';
import { settleDisputeOfTask } from '../collections/account-dispute.service.js';

/** Longest note kept; a longer one is refused rather than cut. */
export const NOTE_MAX_LENGTH = 4000;

export interface OutcomeRequest {
  taskId: number;
  outcome: string;
  note?: string;
}

export interface OutcomeOptions {
  clock: Clock;
  timezone: string;
  /** A write-off above this waits for approval (config.outcomes.writeOffApprovalCents). */
  writeOffApprovalCents: number;
}

export interface RecordedOutcome {
  task: TaskJson;
  outcome: string;
  /** What the outcome set in motion (src/domain/tasks/outcomes.ts). */
  followUp: OutcomeFollowUp;
  /** `applied`, or `pending-approval` for a write-off above the office's limit. */
  state: 'applied' | 'pending-approval';
  /** True when this exact outcome was already recorded by this person: nothing was done again. */
  repeated: boolean;
  amountCents?: number;
  newClaimId?: number;
}

export async function recordOutcome(em: EntityManager, actor: Person, request: OutcomeRequest, options: OutcomeOptions): Promise<RecordedOutcome> {
  const run = sqlRunner(em);
  const tasks = new TaskOutcomesRepository(run);
  const { taskId, outcome } = request;
  if (request.note !== undefined && request.note.length > NOTE_MAX_LENGTH) {
    throw new TaskRefused(422, `a note holds at most ${NOTE_MAX_LENGTH} characters; nothing changed`);
  }
  const task = await tasks.lockTask(taskId);
  if (!task || !isTaskType(task.type)) throw noSuchTask(taskId);
  const who = await outcomeActor(run, actor);
  if (task.assigneeId === null) {
    // Supervisors and admins see the pool; others must not learn the task exists.
    if (actor.role === 'specialist' || actor.role === 'operator') throw notYourTask(taskId, actor.login);
    throw new TaskRefused(409, `task ${taskId} is ${task.status} with nobody assigned; assign or pull it before recording its outcome; nothing changed`);
  }
  if (!mayRecordOutcome(who, task.assigneeId)) throw notYourTask(taskId, actor.login);

  if (task.status === 'done' || task.status === 'cancelled') {
    const live = await tasks.lockLiveOutcome(taskId);
    if (task.status === 'done' && live && live.outcome === outcome && live.recordedById === actor.id) {
      // The same person sending the same outcome again (a retried request): answered, never redone.
      return { task: await taskJson(run, taskId), outcome, followUp: followUpOf(task.type, outcome), state: live.state === 'pending-approval' ? 'pending-approval' : 'applied', repeated: true, ...(live.amountCents !== null ? { amountCents: live.amountCents } : {}) };
    }
    throw new TaskRefused(409, `task ${taskId} is already ${task.status}${task.outcome ? ` (${task.outcome})` : ''}; nothing changed`);
  }
  if (!isAllowedOutcome(task.type, outcome)) {
    const allowed = [...allowedOutcomesOf(task.type)];
    throw new TaskRefused(422, `outcome "${outcome}" is not one of a ${task.type} task's: ${allowed.join(', ')}; nothing changed`, { allowed });
  }

  const followUp = followUpOf(task.type, outcome);
  const at = options.clock.now();
  const result = await causeFollowUp(em, task, followUp, outcome, { at, today: todayIn(options.clock, options.timezone), limit: options.writeOffApprovalCents, actor: actor.login });
  await tasks.closeWithOutcome({ taskId, outcome, state: result.state, recordedById: actor.id, amountCents: result.amountCents ?? null, followUpDueAt: result.followUpDueAt ?? null }, {
    kind: 'outcome', actor: actor.login,
    detail: {
      outcome, from: task.status, to: 'done', assignee: task.assigneeLogin, followUp, state: result.state,
      ...(result.amountCents !== undefined ? { amountCents: result.amountCents } : {}),
      ...(result.newClaimId !== undefined ? { newClaimId: result.newClaimId } : {}),
    },
  }, at);
  if (request.note !== undefined && request.note.trim() !== '') await tasks.addNote(taskId, actor.id, request.note, at);
  // A patient-inquiry task answered settles the dispute it was opened for: the statement cycle resumes.
  await settleDisputeOfTask(em, task, outcome, actor, at);
  return { task: await taskJson(run, taskId), outcome, followUp, state: result.state, repeated: false, ...withoutUndefined(result) };
}

async function causeFollowUp(
  em: EntityManager, task: LockedTask, followUp: OutcomeFollowUp, outcome: string, when: { at: Date; today: string; limit: number; actor: string },
): Promise<FollowUpResult & { state: 'applied' | 'pending-approval' }> {
  if (!needsClaim(followUp)) return { state: 'applied' };
  if (task.subjectType !== 'claim') {
    throw new TaskRefused(422, `outcome "${outcome}" acts on a claim, and task ${task.id} is about a ${task.subjectType}; nothing changed`);
  }
  const claim = await new OutcomeClaimsRepository(sqlRunner(em)).lockClaim(task.subjectId);
  if (!claim) throw new TaskRefused(409, `the claim of task ${task.id} is no longer on file; nothing changed`);
  const ctx: FollowUpContext = { em, task, claim, today: when.today, at: when.at, actor: when.actor };
  if (followUp === 'write-off') {
    const cents = openAmount(ctx);
    if (writeOffNeedsApproval(cents, when.limit)) return { state: 'pending-approval', amountCents: cents };
    await writeOff(ctx, cents);
    return { state: 'applied', amountCents: cents };
  }
  const direct = DIRECT_FOLLOW_UPS[followUp];
  if (!direct) throw new Error(`no follow-up for ${followUp}`);
  return { state: 'applied', ...await direct(ctx) };
}

/** The person as outcomes see them: their role and everyone below them in the reporting chain. */
export async function outcomeActor(run: Run, actor: Person): Promise<OutcomeActor> {
  const below = actor.role === 'supervisor' || actor.role === 'director' ? await teamBelow(run, actor.id) : [];
  return { id: actor.id, role: actor.role, teamBelow: below };
}

export async function taskJson(run: Run, taskId: number): Promise<TaskJson> {
  const [task] = await tasksAsJson(run, [taskId]);
  return task;
}

/** What the answer shows of a follow-up: the money and the new claim, when there are any. */
function withoutUndefined(result: FollowUpResult): Pick<FollowUpResult, 'amountCents' | 'newClaimId'> {
  return {
    ...(result.amountCents !== undefined ? { amountCents: result.amountCents } : {}),
    ...(result.newClaimId !== undefined ? { newClaimId: result.newClaimId } : {}),
  };
}
