// A write-off above the office's limit waits for someone above the assignee in the reporting
// chain, or an admin (`POST /api/tasks/:id/approve`, `rcm tasks approve`). Approved: the ledger
// write-off is written then (at most the claim's balance at that moment). Rejected: the task goes
// back to its assignee, assigned, to choose another outcome. Either way a task event and audit
// row record who decided; the person who recorded the write-off never approves it.
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutcomeClaimsRepository } from '../../db/repositories/outcome-claims.repository.js';
import { TaskEventsRepository } from '../../db/repositories/task-events.repository.js';
import { TaskOutcomesRepository } from '../../db/repositories/task-outcomes.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { todayIn, type Clock } from '../../domain/clock.js';
import type { Person } from '../../domain/people/person.js';
import { mayApproveWriteOff } from '../../domain/tasks/outcomes.js';
import type { TaskJson } from './task-json.js';
import { openAmount, writeOff } from './outcome-follow-ups.js';
import { noSuchTask, notYourTask, TaskRefused } from './outcome-refusals.js';
import { outcomeActor, taskJson } from './record-outcome.service.js';

export type WriteOffDecision = 'approved' | 'rejected';

export interface DecidedWriteOff {
  task: TaskJson;
  decision: WriteOffDecision;
  /** What was written off (approved), or what had been asked (rejected). */
  amountCents: number;
  /** True when this person had already made this decision: nothing was done again. */
  repeated: boolean;
}

export async function decideWriteOff(
  em: EntityManager, actor: Person, taskId: number, decision: WriteOffDecision, options: { clock: Clock; timezone: string },
): Promise<DecidedWriteOff> {
  const run = sqlRunner(em);
  const tasks = new TaskOutcomesRepository(run);
  const task = await tasks.lockTask(taskId);
  if (!task) throw noSuchTask(taskId);
  const who = await outcomeActor(run, actor);
  const aboveAssignee = task.assigneeId !== null && (actor.role === 'admin' || who.teamBelow.includes(task.assigneeId));
  if (!aboveAssignee && actor.id !== task.assigneeId) throw notYourTask(taskId, actor.login);

  const live = await tasks.lockLiveOutcome(taskId);
  if (!live || live.outcome !== 'written-off' || live.state !== 'pending-approval') {
    const repeated = await repeatedDecision(em, taskId, actor.id, decision);
    if (repeated) return { task: await taskJson(run, taskId), decision, amountCents: repeated.amountCents, repeated: true };
    throw new TaskRefused(409, `task ${taskId} has no write-off waiting for approval; nothing changed`);
  }
  if (!mayApproveWriteOff(who, task.assigneeId!, live.recordedById)) {
    throw new TaskRefused(403, `a write-off above the office's limit is approved by someone above ${task.assigneeLogin} in the reporting chain, or an admin, and never by the person who recorded it; nothing changed`);
  }
  const at = options.clock.now();
  let amountCents = live.amountCents ?? 0;
  if (decision === 'approved') {
    const claim = await new OutcomeClaimsRepository(run).lockClaim(task.subjectId);
    if (!claim) throw new TaskRefused(409, `the claim of task ${taskId} is no longer on file; nothing changed`);
    // The balance may have moved since (a late payment): never write off more than is open now.
    const ctx = { em, task: { ...task, amountAtRiskCents: amountCents }, claim, today: todayIn(options.clock, options.timezone), at, actor: actor.login };
    amountCents = openAmount(ctx);
    await writeOff(ctx, amountCents);
    await tasks.decide(live.id, 'applied', actor.id, amountCents, at);
  } else {
    await tasks.decide(live.id, 'rejected', actor.id, live.amountCents, at);
    await tasks.reopenTask(taskId, at);
  }
  await new TaskEventsRepository(run).record({
    taskId, kind: decision === 'approved' ? 'write-off-approved' : 'write-off-rejected', actor: actor.login,
    detail: {
      outcome: 'written-off', amountCents, recordedBy: live.recordedById, assignee: task.assigneeLogin,
      ...(decision === 'rejected' ? { from: 'done', to: 'assigned' } : {}),
    },
  }, at);
  return { task: await taskJson(run, taskId), decision, amountCents, repeated: false };
}

/** The same decision by the same person on this task's last write-off, if it was made already. */
async function repeatedDecision(em: EntityManager, taskId: number, actorId: number, decision: WriteOffDecision): Promise<{ amountCents: number } | undefined> {
  return new TaskOutcomesRepository(sqlRunner(em)).lastWriteOffDecision(taskId, actorId, decision === 'approved' ? 'applied' : 'rejected');
}
