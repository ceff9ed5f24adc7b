// bull-board at /board, read from the same queues the engine runs, redacted (board-redaction.ts):
// ids, names, states and timings, never job data values, return values, stack traces, job logs or
// a failure reason the engine did not write. Operators read it, admins also act on jobs
// (src/http/app.ts boardRoles); every action is audited (board-audit.ts).
import type { FastifyInstance } from 'fastify';
import type { Job, Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Orm } from '../db/orm.js';
import { JobRecordsRepository } from '../db/repositories/job-records.repository.js';
import type { Clock } from '../domain/clock.js';
import type { QueueSet } from '../queues/queue-set.js';
import { auditBoardActions } from './board-audit.js';
import { hiddenValues, HIDDEN, redactedJobJson, type RecordedFailure } from './board-redaction.js';

export const BOARD_PATH = '/board';

type FailureLookup = (queue: string, jobIds: string[]) => Promise<Map<string, RecordedFailure>>;

/**
 * The BullMQ adapter with every job it hands out redacted. bull-board's formatters cover data,
 * return value and name, but it copies failedReason, stacktrace and opts from `Job#toJSON` as they
 * are, so each job's toJSON is replaced; the job's methods (retry, promote, remove) still act on it.
 */
class RedactedBullMQAdapter extends BullMQAdapter {
  constructor(private readonly bullQueue: Queue, private readonly failures: FailureLookup) {
    super(bullQueue);
    this.setFormatter('data', (data: unknown) => hiddenValues(data));
    this.setFormatter('returnValue', (value: unknown) => (value === undefined || value === null ? value : HIDDEN));
    this.setFormatter('name', (job: { name?: string }) => job.name ?? '');
  }

  override async getJob(id: string): Promise<Job | undefined> {
    const job = await super.getJob(id);
    if (!job) return job;
    await this.redact([job]);
    return job;
  }

  override async getJobs(...args: Parameters<BullMQAdapter['getJobs']>): Promise<Job[]> {
    return this.redact(await super.getJobs(...args));
  }

  /** Job logs are free text written by whoever held the job: not shown. */
  override async getJobLogs(): Promise<string[]> {
    return [];
  }

  /** A scheduler's template carries the data of the jobs it adds: its values are hidden. */
  override async getJobSchedulers(): ReturnType<BullMQAdapter['getJobSchedulers']> {
    const schedulers = await super.getJobSchedulers();
    return schedulers.map((scheduler) => ({
      ...scheduler,
      template: scheduler.template ? { ...scheduler.template, data: hiddenValues(scheduler.template.data) } : scheduler.template,
    }));
  }

  private async redact(jobs: Job[]): Promise<Job[]> {
    const failedIds = jobs.filter((job) => job.failedReason).map((job) => String(job.id));
    const recorded = await this.failures(this.bullQueue.name, failedIds);
    for (const job of jobs) {
      const json = job.toJSON() as Record<string, unknown>;
      const safe = redactedJobJson(json, recorded.get(String(job.id)));
      Object.defineProperty(job, 'toJSON', { value: () => safe, configurable: true });
    }
    return jobs;
  }
}

export interface QueueBoardOptions {
  orm: Orm;
  clock: Clock;
}

export async function mountQueueBoard(app: FastifyInstance, queues: QueueSet, options: QueueBoardOptions): Promise<void> {
  const failures: FailureLookup = (queue, jobIds) => new JobRecordsRepository(options.orm.em.fork()).lastFailures(queue, jobIds);
  auditBoardActions(app, options);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.all().map((queue) => new RedactedBullMQAdapter(queue, failures)),
    serverAdapter,
    // The sign-in page shows who is signed in and has the sign-out button.
    options: { uiConfig: { boardTitle: 'RCM queues', miscLinks: [{ text: 'Sign-in / sign out', url: `${BOARD_PATH}/login` }] } },
  });
  // bull-board answers errors in its own scope with the error's message; handing them on to
  // the app's handler (src/http/error-handler.ts) gives the board's routes the same answers.
  serverAdapter.setErrorHandler((error) => {
    throw error;
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: BOARD_PATH });
}
