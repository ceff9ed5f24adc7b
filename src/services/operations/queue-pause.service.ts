// Pausing and resuming a queue: BullMQ's own pause, so every worker process stops taking that
// queue's jobs at once (jobs already running finish; waiting and delayed jobs stay and run after
// the resume). Operators and admins may do it; each change is an audit event with the reason.
// The paused state lives in Redis with the queue; who paused it and why is read from the audit.
import type { Orm } from '../../db/orm.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { BadInputError, notFound } from '../../errors.js';
import type { Queue } from 'bullmq';
import { queueNames, type QueueName } from '../../queues/registry.js';
import { operationsActor } from './operations-actor.js';

/** The engine's queues by name (a QueueSet). */
interface Queues { get(name: QueueName): Queue }

export const PAUSE_ROLES = ['operator', 'admin'] as const;
const REASON_MAX = 200;

export interface QueueRunState {
  queue: QueueName;
  state: 'running' | 'paused';
  /** From the audit of the last pause, while paused. */
  pausedBy: string | null;
  pausedAt: string | null;
  reason: string | null;
}

export interface PauseChange {
  queue: QueueRunState;
  changed: boolean;
}

/** Pauses `queue`; pausing a paused queue changes nothing and writes nothing. */
export async function pauseQueue(orm: Orm, queues: Queues, request: { queue: string; actor: string; reason: string }, at: Date): Promise<PauseChange> {
  const queue = knownQueue(request.queue);
  const reason = request.reason.trim();
  if (!reason || reason.length > REASON_MAX) throw new BadInputError(`a pause needs a reason of 1 to ${REASON_MAX} characters (what is going on, no patient data); nothing changed`);
  return change(orm, queues, queue, request.actor, 'pause', reason, at);
}

/** Resumes `queue`; resuming a running queue changes nothing and writes nothing. */
export async function resumeQueue(orm: Orm, queues: Queues, request: { queue: string; actor: string }, at: Date): Promise<PauseChange> {
  return change(orm, queues, knownQueue(request.queue), request.actor, 'resume', null, at);
}

/** Every queue, running or paused (with who paused it, when and why). */
export async function queueRunStates(run: Run, queues: Queues): Promise<QueueRunState[]> {
  const states: QueueRunState[] = [];
  for (const queue of queueNames) states.push(await runState(run, queues, queue));
  return states;
}

async function change(orm: Orm, queues: Queues, queue: QueueName, actor: string, action: 'pause' | 'resume', reason: string | null, at: Date): Promise<PauseChange> {
  // The audit row and the pause commit together as nearly as two stores allow: the row is written
  // first, the queue paused inside the transaction, so a failed pause leaves no event.
  return orm.em.fork().transactional(async (em) => {
    const run = sqlRunner(em);
    await operationsActor(run, actor, PAUSE_ROLES, `${action} a queue`);
    const bullQueue = queues.get(queue);
    const paused = await bullQueue.isPaused();
    if (paused === (action === 'pause')) return { queue: await runState(run, queues, queue), changed: false };
    await new AuditRepository(run).record({ actor, action: `queue.${action}`, subjectType: 'queue', subjectId: queue, detail: reason ? { reason } : null }, at);
    await (action === 'pause' ? bullQueue.pause() : bullQueue.resume());
    return { queue: await runState(run, queues, queue, { pausedBy: actor, pausedAt: at.toISOString(), reason }), changed: true };
  });
}

async function runState(run: Run, queues: Queues, queue: QueueName, known?: { pausedBy: string; pausedAt: string; reason: string | null }): Promise<QueueRunState> {
  if (!(await queues.get(queue).isPaused())) return { queue, state: 'running', pausedBy: null, pausedAt: null, reason: null };
  const last = known ?? await lastPause(run, queue);
  return { queue, state: 'paused', pausedBy: last?.pausedBy ?? null, pausedAt: last?.pausedAt ?? null, reason: last?.reason ?? null };
}

async function lastPause(run: Run, queue: QueueName) {
  const event = await new AuditRepository(run).latest('queue.pause', 'queue', queue);
  return event ? { pausedBy: event.actor, pausedAt: event.at, reason: typeof event.detail?.reason === 'string' ? event.detail.reason : null } : undefined;
}

function knownQueue(name: string): QueueName {
  if ((queueNames as string[]).includes(name)) return name as QueueName;
  throw notFound(`unknown queue "${name}" (queues: ${queueNames.join(', ')}); nothing changed`);
}
