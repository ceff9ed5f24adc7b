// The thin adapter between BullMQ and our handlers: validate the payload again, fork an
// EntityManager, run the handler, record the attempt in Postgres, and make sure that what
// BullMQ stores as the failure reason carries no patient data.
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { BadInputError, describeError, safeErrorText } from '../errors.js';
import { validatePayload, type Catalog } from './registry.js';
import type { HandlerRegistry } from './handlers.js';
import type { JobRecorder } from './job-recorder.js';
import { settingsFor, type QueueSet } from './queue-set.js';

export interface WorkerHostOptions<C extends Catalog> {
  queue: Extract<keyof C, string>;
  registry: HandlerRegistry<C>;
  orm: MikroORM;
  recorder: JobRecorder;
  connection: Redis;
  queues: QueueSet;
  config: AppConfig;
  logger: Logger;
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

  const process = async (job: Job): Promise<void> => {
    const startedAt = Date.now();
    const attempt = job.attemptsMade + 1;
    const jobId = String(job.id);
    const log = logger.child({ queue, jobId, job: job.name, attempt });
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
      await handler(payload, { em: orm.em.fork(), log, config, jobId, attempt, queues: options.queues });
    } catch (error) {
      failure = error instanceof BadInputError ? new UnrecoverableError(`[rcm] ${error.message}`) : error;
    }

    const finishedAt = Date.now();
    const willRetry = failure !== undefined && !(failure instanceof UnrecoverableError) && attempt < (job.opts.attempts ?? 1);
    const outcome = failure === undefined ? 'completed' : willRetry ? 'retrying' : 'failed';
    const described = failure === undefined ? undefined : describeError(failure);
    const timings = { waitMs: startedAt - job.timestamp, runMs: finishedAt - startedAt };
    if (failure === undefined) log.debug({ ...timings, outcome }, 'job finished');
    else log.warn({ ...timings, outcome, ...described }, 'job attempt failed');

    try {
      await recorder.record({
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
      });
    } catch (error) {
      log.error({ ...describeError(error) }, 'could not write the job record');
      // Without its record a completed job would vanish from history: let BullMQ retry it
      // (handlers are idempotent). A failing job keeps its own error.
      if (failure === undefined) throw new Error(safeErrorText(error));
    }
    if (failure !== undefined) {
      if (failure instanceof UnrecoverableError) {
        throw describeError(failure).message ? failure : new UnrecoverableError(safeErrorText(failure));
      }
      throw new Error(safeErrorText(failure));
    }
  };

  const worker = new Worker(queue, process, {
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
