// What the engine does with a job that failed for good: a dead letter (kept for operations and
// replay) and one task for a person, in one transaction. Also the filing-deadline limit of a claim
// job's retries. Called by the worker host (src/queues/worker-host.ts).
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ClaimsRepository } from '../../db/repositories/claims.repository.js';
import { DeadLettersRepository, type NewDeadLetter } from '../../db/repositories/dead-letters.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { addDays, toEpochDay } from '../../domain/calendar-date.js';
import { filingDeadline } from '../../domain/claims/scrub/index.js';
import type { FollowUpTaskInput } from '../../domain/tasks/follow-up.js';
import type { Clock } from '../../domain/clock.js';
import { createFollowUpTask } from '../tasks.service.js';

export interface ClaimRetryLimit {
  claimId: number;
  /** The first moment no retry may start: the start (UTC) of the day `bufferDays` before the filing deadline. */
  retryUntil: number;
  filingDeadline: string;
  chargeCents: number;
  payerId: number;
}

/** The retry limit of a claim job (one whose payload names a claim), or undefined if the claim has no filing deadline. */
export async function claimRetryLimit(em: EntityManager, claimId: number, bufferDays: number): Promise<ClaimRetryLimit | undefined> {
  const [stored] = await new ClaimsRepository(em).loadClaims([claimId]);
  if (!stored) return undefined;
  const deadline = filingDeadline(stored.claim, stored.timelyFilingDays);
  if (deadline === undefined) return undefined;
  const lastRetryDay = addDays(deadline, -bufferDays);
  return {
    claimId, retryUntil: (toEpochDay(lastRetryDay)! + 1) * 86_400_000, filingDeadline: deadline,
    chargeCents: stored.claim.chargeCents, payerId: stored.payerDbId,
  };
}

export interface DeadLetterOptions {
  timezone: string;
  clock: Clock;
  /** No task: one is open already for this failure (a quarantined file's). */
  taskOpened?: boolean;
  /** A claim job stopped by its filing deadline: a `filing-deadline` task on the claim instead of a `dead-letter` task. */
  claimLimit?: ClaimRetryLimit;
}

/**
 * Keeps the failed job as a dead letter and opens its task, once: a second call for the same
 * job (the worker's write retried) finds the open dead letter and opens nothing.
 */
export async function recordDeadLetter(orm: MikroORM, letter: NewDeadLetter, options: DeadLetterOptions): Promise<{ deadLetterId: number; taskId: number | null }> {
  return orm.em.fork().transactional(async (tx) => {
    const letters = new DeadLettersRepository(sqlRunner(tx));
    const { id, created } = await letters.add(letter);
    if (!created || options.taskOpened) return { deadLetterId: id, taskId: null };
    const task: FollowUpTaskInput = options.claimLimit
      ? {
        type: 'filing-deadline', subjectType: 'claim', subjectId: options.claimLimit.claimId, reasonCodes: ['JOB-RETRIES-STOPPED'],
        amountAtRiskCents: options.claimLimit.chargeCents, deadline: options.claimLimit.filingDeadline, payerId: options.claimLimit.payerId,
      }
      : { type: 'dead-letter', subjectType: 'dead-letter', subjectId: id, reasonCodes: [letter.errorClass, letter.reason], amountAtRiskCents: 0 };
    const { taskId } = await createFollowUpTask(tx, task, { timezone: options.timezone, clock: options.clock, actor: 'engine' });
    await letters.setTask(id, taskId);
    return { deadLetterId: id, taskId };
  });
}
