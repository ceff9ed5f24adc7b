// Dead letters for operations (`rcm jobs failed|replay`, /api/dead-letters): the list, and replay.
// A replay puts the failed job back to work once: its dead letter is locked while it is replayed,
// marked replayed, its task closed with the outcome `retried`, and the replay audited. A job that
// is not failed (still waiting, running, or already replayed) is refused and nothing changes.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { DeadLettersRepository, type DeadLetterRecord } from '../../db/repositories/dead-letters.repository.js';
import { TaskOutcomesRepository } from '../../db/repositories/task-outcomes.repository.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import type { Person } from '../../domain/people/person.js';
import { RequestRefused } from '../../errors.js';
import { jobOptions } from '../../queues/job-options.js';
import { operationsActor } from './operations-actor.js';

export interface ReplayDeps {
  orm: MikroORM;
  queue: (name: string) => Queue;
  now: () => Date;
}

export interface ReplayResult {
  deadLetterId: number;
  queue: string;
  jobId: string;
  /** `retried`: the failed job in Redis went back to waiting; `re-added`: it had left Redis, so it was added again under its id. */
  how: 'retried' | 're-added';
  taskClosed: boolean;
}

export interface BulkReplayResult {
  replayed: ReplayResult[];
  refused: Array<{ jobId: string; reason: string }>;
}

export const REPLAY_ROLES = ['admin', 'operator'] as const;

export async function listDeadLetters(run: Run, filter: { queue?: string; since?: Date; status?: 'open' | 'replayed' | 'all'; limit?: number }): Promise<DeadLetterRecord[]> {
  return new DeadLettersRepository(run).list(filter);
}

/** Replays the open dead letter of one job; 404 for a job with none ever, 409 for one not failed now. */
export async function replayJob(deps: ReplayDeps, actor: string, jobId: string, queueName?: string): Promise<ReplayResult> {
  const person = await operationsActor(sqlRunner(deps.orm.em.fork()), actor, REPLAY_ROLES, 'replay dead letters');
  return deps.orm.em.fork().transactional(async (tx) => {
    const run = sqlRunner(tx);
    const letters = await new DeadLettersRepository(run).lockOpenByJob(jobId, queueName);
    if (letters.length === 0) {
      const latest = await new DeadLettersRepository(run).latestByJob(jobId);
      if (!latest) throw new RequestRefused(404, `no dead letter for job ${jobId}; nothing replayed`);
      const state = await jobState(deps.queue(latest.queue), jobId);
      throw new RequestRefused(409, `job ${jobId} was replayed at ${latest.replayedAt} by ${latest.replayedBy} and is ${state} now; nothing replayed`);
    }
    if (letters.length > 1) throw new RequestRefused(409, `job id ${jobId} has dead letters on ${letters.map((l) => l.queue).join(' and ')}: name the queue; nothing replayed`);
    const outcome = await replayOne(deps, run, person, letters[0]);
    if (typeof outcome === 'string') throw new RequestRefused(409, `${outcome}; nothing replayed`);
    return outcome;
  });
}

/** Replays a queue's open dead letters that failed at or after `since`; jobs not failed now are listed as refused. */
export async function replaySince(deps: ReplayDeps, actor: string, queueName: string, since: Date, limit = 1000): Promise<BulkReplayResult> {
  const person = await operationsActor(sqlRunner(deps.orm.em.fork()), actor, REPLAY_ROLES, 'replay dead letters');
  return deps.orm.em.fork().transactional(async (tx) => {
    const run = sqlRunner(tx);
    const result: BulkReplayResult = { replayed: [], refused: [] };
    for (const letter of await new DeadLettersRepository(run).lockOpenSince(queueName, since, limit)) {
      const outcome = await replayOne(deps, run, person, letter);
      if (typeof outcome === 'string') result.refused.push({ jobId: letter.jobId, reason: outcome });
      else result.replayed.push(outcome);
    }
    return result;
  });
}

/** One locked open dead letter back to work, or why not. */
async function replayOne(deps: ReplayDeps, run: Run, person: Person, letter: DeadLetterRecord): Promise<ReplayResult | string> {
  const queue = deps.queue(letter.queue);
  const job = await queue.getJob(letter.jobId);
  let how: ReplayResult['how'];
  if (!job) {
    // Redis kept it for its retention only; the dead letter's ids are enough to add it again.
    await queue.add(letter.jobName, letter.payload, jobOptions(letter.queue, letter.jobId));
    how = 're-added';
  } else {
    const state = await job.getState();
    if (state !== 'failed') return `job ${letter.jobId} is ${state}, not failed`;
    // Attempts start again from one under the policy in force.
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    how = 'retried';
  }
  const at = deps.now();
  await new DeadLettersRepository(run).markReplayed(letter.id, person.login, at);
  let taskClosed = false;
  if (letter.taskId !== null) {
    const tasks = new TaskOutcomesRepository(run);
    const task = await tasks.lockTask(letter.taskId);
    if (task && task.type === 'dead-letter' && !['done', 'cancelled'].includes(task.status)) {
      await tasks.closeWithOutcome(
        { taskId: task.id, outcome: 'retried', state: 'applied', recordedById: person.id, amountCents: null, followUpDueAt: null },
        { kind: 'outcome', actor: person.login, detail: { outcome: 'retried', from: task.status, to: 'done', deadLetterId: letter.id } }, at,
      );
      taskClosed = true;
    }
  }
  await new AuditRepository(run).record({
    actor: person.login, action: 'job.replay', subjectType: 'dead-letter', subjectId: String(letter.id),
    detail: { queue: letter.queue, jobId: letter.jobId, job: letter.jobName, how, taskId: letter.taskId, taskClosed },
  }, at);
  return { deadLetterId: letter.id, queue: letter.queue, jobId: letter.jobId, how, taskClosed };
}

async function jobState(queue: Queue, jobId: string): Promise<string> {
  const job = await queue.getJob(jobId);
  return job ? job.getState() : 'gone from Redis';
}
