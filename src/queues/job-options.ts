// Every BullMQ job id and every job's options (attempts, backoff, retention, delay) are worked
// out here and nowhere else: the queues' defaults, the outbox relay and flows all ask this module.
// Ids are never reused for other work: each carries the random job key of the row it stands for
// (outbox row, remittance), never a sequence number, which a recreated or restored database repeats.
import type { JobsOptions } from 'bullmq';
import { jobRetention, queueSettings, type QueueSettings } from '../../config/queues.js';
import type { QueueName } from './registry.js';

// Every queue of the catalogue has its settings in config/queues.ts (checked when compiling).
void (queueSettings satisfies Record<QueueName, QueueSettings>);

const fallbackSettings: QueueSettings = {
  concurrency: 10,
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 1000 },
  lockDurationMs: 30000,
};

/** Worker settings and retry policy of a queue (config/queues.ts); test and bench queues get the fallback. */
export function settingsFor(queue: string): QueueSettings {
  return (queueSettings as Record<string, QueueSettings>)[queue] ?? fallbackSettings;
}

/** The options every job of `queue` runs with: attempts, backoff and retention in Redis. */
export function defaultJobOptions(queue: string): JobsOptions {
  const s = settingsFor(queue);
  return {
    attempts: s.attempts,
    backoff: { type: s.backoff.type, delay: s.backoff.delayMs },
    removeOnComplete: jobRetention.removeOnComplete,
    removeOnFail: jobRetention.removeOnFail,
  };
}

/** One job's options: the queue's defaults plus its id and, if any, a delay. */
export function jobOptions(queue: string, jobId: string, delayMs = 0): JobsOptions {
  return { ...defaultJobOptions(queue), jobId, ...(delayMs > 0 ? { delay: delayMs } : {}) };
}

/** Job ids: a re-run of the work that adds a job adds the same id, which BullMQ adds once. */
export const jobIds = {
  /** A job relayed from the outbox row whose job key is `jobKey`. */
  outbox: (jobKey: string) => `ob-${jobKey}`,
  /** The parent of a remittance's posting flow (the remittance's job key). */
  postingFinalize: (remittanceKey: string) => `posting-${remittanceKey}-finalize`,
  /** One chunk of a remittance's claims, [from, to). */
  postingChunk: (remittanceKey: string, from: number, to: number) => `posting-${remittanceKey}-chunk-${from}-${to}`,
  /** The job scheduler that submits one payer's ready claims on an interval. */
  claimsSubmitScheduler: (payerId: number) => `claims-submit-payer-${payerId}`,
  /** The job scheduler that recomputes task priorities once a day. */
  tasksReprioritizeScheduler: 'tasks-reprioritize-daily',
  /** The job scheduler that rebalances tasks (unassigned ones, expired leases) on an interval. */
  tasksRebalanceScheduler: 'tasks-rebalance',
  /** The job scheduler of a scheduled job of config/schedules.ts ('reconciliation.deposits' -> 'scheduled-reconciliation-deposits'). */
  configuredScheduler: (name: string) => `scheduled-${name.replace(/\./g, '-')}`,
};
