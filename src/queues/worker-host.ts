// The thin adapter between BullMQ and our handlers: validate the payload again, fork an
// EntityManager, run the handler, record the attempt in Postgres, and make sure that what
// BullMQ stores as the failure reason carries no patient data. When an attempt fails it decides,
// from the retry policy in force at that moment (src/queues/policy-book.ts), whether and when the
// job is tried again; a job that fails for good becomes a dead letter and a task.
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { BadInputError, RetryLaterError, describeError, safeErrorText } from '../errors.js';
import { validatePayload, type Catalog } from './registry.js';
import type { HandlerRegistry } from './handlers.js';
import type { JobRecorder } from './job-recorder.js';
import type { QueueSet } from './queue-set.js';
import { POLICY_BACKOFF, settingsFor } from './job-options.js';
import { PolicyBook } from './policy-book.js';
import { decideRetry, type RetryDecision } from '../domain/retry-policy.js';
import { failureKind } from '../domain/error-kind.js';
import { claimRetryLimit, recordDeadLetter, type ClaimRetryLimit } from '../services/operations/job-failures.service.js';
import { claimFilingDeadlineBufferDays } from '../../config/queues.js';

export interface WorkerHostOptions<C extends Catalog> {
  queue: Extract<keyof C, string>;
  registry: HandlerRegistry<C>;
  orm: MikroORM;
  recorder: JobRecorder;
  connection: Redis;
  queues: QueueSet;
  config: AppConfig;
  logger: Logger;
  /** The system clock unless a test hands in its own. */
  clock?: Clock;
  prefix?: string;
  concurrency?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** The retry policies in force; one of its own unless the engine shares one between its workers. */
  policies?: PolicyBook;
}

/** The error a policy job fails with when it is to be tried again: carries the wait the policy chose. */
class RetryScheduled extends Error {
  override name = 'RetryScheduled';
  constructor(message: string, readonly retryDelayMs: number) {
    super(message);
  }
}

export function startQueueWorker<C extends Catalog>(options: WorkerHostOptions<C>): Worker {
  const { queue, registry, orm, recorder, config, logger } = options;
  const settings = settingsFor(queue);
  const missing = registry.missing(queue);
  if (missing.length > 0) {
    logger.info({ queue, jobs: missing }, 'jobs without a handler in this version fail without retry if they arrive');
  }

  const clock = options.clock ?? systemClock;
  const policies = options.policies ?? new PolicyBook(orm, options.connection, options.prefix ?? config.queuePrefix);

  const processJob = async (job: Job, token?: string): Promise<void> => {
    const startedAt = Date.now();
    const attempt = job.attemptsMade + 1;
    const jobId = String(job.id);
    // Built on first use: most jobs log nothing, and a pino child per job is measurable.
    let jobLog: Logger | undefined;
    const log = () => (jobLog ??= logger.child({ queue, jobId, job: job.name, attempt }));
    let failure: unknown;
    let original: unknown;
    let payload: Record<string, unknown> | undefined;
    try {
      const handler = registry.get(queue, job.name);
      if (!handler) throw new UnrecoverableError(`[rcm] no handler for ${queue}.${job.name} in this version`);
      try {
        payload = validatePayload(registry.catalog, queue, job.name as never, job.data);
      } catch (error) {
        throw new UnrecoverableError(`[rcm] ${(error as Error).message}`);
      }
      let em: EntityManager | undefined;
      await handler(payload, {
        get em() {
          return (em ??= orm.em.fork());
        },
        get log() {
          return log();
        },
        config, clock, jobId, attempt, queues: options.queues,
      });
    } catch (error) {
      original = error;
      failure = error instanceof BadInputError ? new UnrecoverableError(`[rcm] ${error.message}`) : error;
    }

    // Not the job's fault (a breaker open, a rate limit reached): back to delayed without
    // counting an attempt, and no job record, since the attempt never really ran.
    if (original instanceof RetryLaterError && token !== undefined) {
      log().info({ retryAfterMs: original.retryAfterMs, reason: original.message }, 'job deferred');
      await job.moveToDelayed(Date.now() + Math.max(0, original.retryAfterMs), token);
      throw new DelayedError();
    }

    const finishedAt = Date.now();
    const described = failure === undefined ? undefined : describeError(failure);
    let decision: RetryDecision | undefined;
    let claimLimit: ClaimRetryLimit | undefined;
    if (failure !== undefined) {
      const kind = failure instanceof UnrecoverableError ? 'bad-input' : failureKind(failure);
      if (job.opts.backoff && typeof job.opts.backoff === 'object' && job.opts.backoff.type === POLICY_BACKOFF) {
        // The policy in force now, not the one when the job was added.
        const { policy } = await policies.policyFor(queue, job.name);
        if (kind !== 'bad-input') claimLimit = await claimLimitOf(queue, payload, log);
        decision = decideRetry(policy, {
          attempt, errorClass: described!.errorClass, kind, firstQueuedAt: job.timestamp, now: finishedAt, retryUntil: claimLimit?.retryUntil,
        });
        if (decision.retry || decision.reason !== 'filing-deadline') claimLimit = undefined;
      } else {
        // A job carrying its own attempts and backoff (added by an older version, or a test's): BullMQ decides.
        const retry = kind !== 'bad-input' && attempt < (job.opts.attempts ?? 1);
        decision = retry ? { retry: true, delayMs: 0 } : { retry: false, reason: kind === 'bad-input' ? 'bad-input' : 'attempts-used' };
      }
    }
    const willRetry = decision?.retry === true;
    const outcome = failure === undefined ? 'completed' : willRetry ? 'retrying' : 'failed';
    const timings = { waitMs: startedAt - job.timestamp, runMs: finishedAt - startedAt };
    if (failure !== undefined) log().warn({ ...timings, outcome, ...described, ...(decision && !decision.retry ? { stopped: decision.reason } : {}) }, 'job attempt failed');
    else if (logger.isLevelEnabled('debug')) log().debug({ ...timings, outcome }, 'job finished');

    const record = {
      queue,
      jobId,
      name: job.name,
      attempt,
      outcome,
      errorClass: described?.errorClass ?? null,
      errorMessage: described?.message ?? null,
      queuedAt: job.timestamp,
      startedAt,
      finishedAt,
    } as const;
    if (failure === undefined) {
      // Completed attempts are written in the background, in batches: waiting for Postgres on
      // every job would halve throughput. The recorder is flushed at shutdown; a process killed
      // outright may lose the last few milliseconds of completed-job records, never a failure.
      recorder.recordSoon(record, (error) => log().error({ ...describeError(error) }, 'could not write the job record'));
      return;
    }
    const text = safeErrorText(failure);
    const writeRecord = () => recorder.record(record).catch((error) => log().error({ ...describeError(error) }, 'could not write the job record'));
    if (decision!.retry) {
      // A failure's record is written before BullMQ hears of it, so it is never lost.
      await writeRecord();
      if (failure instanceof UnrecoverableError) throw failure;
      throw new RetryScheduled(text, decision!.delayMs);
    }
    // Failed for good: a dead letter and a task, then the job record, before BullMQ hears of it.
    await recordDeadLetter(orm, {
      queue, jobId, jobName: job.name, payload: payload ?? {}, attempts: attempt, errorClass: original instanceof Error ? original.name : described!.errorClass,
      errorMessage: text, reason: decision!.reason, firstQueuedAt: new Date(job.timestamp), failedAt: new Date(finishedAt),
    }, {
      timezone: config.timezone, clock, claimLimit,
      taskOpened: (original as { taskOpened?: unknown } | undefined)?.taskOpened === true,
    }).catch((error) => log().error({ ...describeError(error) }, 'could not record the dead letter'));
    await writeRecord();
    if (failure instanceof UnrecoverableError) throw describeError(failure).message ? failure : new UnrecoverableError(text);
    throw new UnrecoverableError(text);
  };

  /** A claim job's filing-deadline limit; a lookup that fails leaves the plain policy in charge. */
  const claimLimitOf = async (queueName: string, payload: Record<string, unknown> | undefined, log: () => Logger) => {
    if (queueName !== 'claims' || typeof payload?.claimId !== 'number') return undefined;
    return claimRetryLimit(orm.em.fork(), payload.claimId, claimFilingDeadlineBufferDays)
      .catch((error) => { log().warn({ ...describeError(error) }, 'could not read the claim\'s filing deadline'); return undefined; });
  };

  const worker = new Worker(queue, processJob, {
    connection: options.connection,
    prefix: options.prefix ?? config.queuePrefix,
    concurrency: options.concurrency ?? settings.concurrency,
    lockDuration: options.lockDurationMs ?? settings.lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? Math.max(1000, Math.floor((options.lockDurationMs ?? settings.lockDurationMs) / 2)),
    // Policy jobs (backoff type rcm-policy): the wait chosen when the attempt failed; anything else fails.
    settings: { backoffStrategy: (_attemptsMade: number, _type?: string, error?: Error) => (error instanceof RetryScheduled ? error.retryDelayMs : -1) },
    autorun: true,
  });
  worker.on('error', (error) => logger.error({ queue, ...describeError(error) }, 'worker error'));
  return worker;
}
