// The thin adapter between BullMQ and our handlers: validate the payload again, fork an
// EntityManager, run the handler, record the attempt in Postgres, and make sure that what
// BullMQ stores as the failure reason carries no patient data.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { BadInputError, describeError, safeErrorText } from '../errors.js';
import { validatePayload, type Catalog } from './registry.js';
import type { HandlerRegistry } from './handlers.js';
import type { JobRecorder } from './job-recorder.js';
import type { QueueSet } from './queue-set.js';
import { settingsFor } from './job-options.js';

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
}

export function startQueueWorker<C extends Catalog>(options: WorkerHostOptions<C>): Worker {
  const { queue, registry, orm, recorder, config, logger } = options;
  const settings = settingsFor(queue);
  const missing = registry.missing(queue);
  if (missing.length > 0) {
    logger.info({ queue, jobs: missing }, 'jobs without a handler in this version fail without retry if they arrive');
  }

  const processJob = async (job: Job): Promise<void> => {
    const startedAt = Date.now();
    const attempt = job.attemptsMade + 1;
    const jobId = String(job.id);
    // Built on first use: most jobs log nothing, and a pino child per job is measurable.
    let jobLog: Logger | undefined;
    const log = () => (jobLog ??= logger.child({ queue, jobId, job: job.name, attempt }));
    let failure: unknown;
    try {
      const handler = registry.get(queue, job.name);
      if (!handler) throw new UnrecoverableError(`[rcm] no handler for ${queue}.${job.name} in this version`);
      let payload: Record<string, unknown>;
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
        config, clock: options.clock ?? systemClock, jobId, attempt, queues: options.queues,
      });
    } catch (error) {
      failure = error instanceof BadInputError ? new UnrecoverableError(`[rcm] ${error.message}`) : error;
    }

    const finishedAt = Date.now();
    const willRetry = failure !== undefined && !(failure instanceof UnrecoverableError) && attempt < (job.opts.attempts ?? 1);
    const outcome = failure === undefined ? 'completed' : willRetry ? 'retrying' : 'failed';
    const described = failure === undefined ? undefined : describeError(failure);
    const timings = { waitMs: startedAt - job.timestamp, runMs: finishedAt - startedAt };
    if (failure !== undefined) log().warn({ ...timings, outcome, ...described }, 'job attempt failed');
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
    } else {
      // A failure's record is written before BullMQ hears of it, so it is never lost.
      await recorder.record(record).catch((error) => log().error({ ...describeError(error) }, 'could not write the job record'));
    }
    if (failure !== undefined) {
      if (failure instanceof UnrecoverableError) {
        throw describeError(failure).message ? failure : new UnrecoverableError(safeErrorText(failure));
      }
      throw new Error(safeErrorText(failure));
    }
  };

  const worker = new Worker(queue, processJob, {
    connection: options.connection,
    prefix: options.prefix ?? config.queuePrefix,
    concurrency: options.concurrency ?? settings.concurrency,
    lockDuration: options.lockDurationMs ?? settings.lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? Math.max(1000, Math.floor((options.lockDurationMs ?? settings.lockDurationMs) / 2)),
    autorun: true,
  });
  worker.on('error', (error) => logger.error({ queue, ...describeError(error) }, 'worker error'));
  return worker;
}
