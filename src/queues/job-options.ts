// Every BullMQ job id and every job's options (attempts, backoff, retention, delay) are worked
// out here and nowhere else: the queues' defaults, the outbox relay and flows all ask this module.
// Ids are never reused for other work: each carries the random job key of the row it stands for
// (outbox row, remittance), never a sequence number, which a recreated or restored database repeats.
import type { JobsOptions } from 'bullmq';
import { jobRetention, jobRetryDefaults, queueSettings, type QueueSettings } from '../../config/queues.js';
import type { RetryPolicy } from '../domain/retry-policy.js';
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

/**
 * A job's retry policy as config/ gives it: its queue's settings, then its job name's defaults.
 * Admin overrides go over this (src/queues/policy-book.ts).
 */
export function configRetryPolicy(queue: string, job?: string): RetryPolicy {
  const s = settingsFor(queue);
  const policy: RetryPolicy = {
    attempts: s.attempts,
    backoff: { type: s.backoff.type, delayMs: s.backoff.delayMs, maxDelayMs: s.backoff.maxDelayMs ?? null, jitter: s.backoff.jitter ?? 0 },
    deadlineMinutes: s.deadlineMinutes ?? null,
    neverRetry: [...(s.neverRetry ?? [])],
  };
  return job === undefined ? policy : withJobDefaults(policy, queue, job);
}

/** `policy` (a queue's) with the job name's own defaults from config/queues.ts over it, field by field. */
export function withJobDefaults(policy: RetryPolicy, queue: string, job: string): RetryPolicy {
  const own = jobRetryDefaults[`${queue}.${job}`];
  if (!own) return policy;
  return {
    attempts: own.attempts ?? policy.attempts,
    backoff: {
      type: own.backoff?.type ?? policy.backoff.type, delayMs: own.backoff?.delayMs ?? policy.backoff.delayMs,
      maxDelayMs: own.backoff?.maxDelayMs ?? policy.backoff.maxDelayMs, jitter: own.backoff?.jitter ?? policy.backoff.jitter,
    },
    deadlineMinutes: own.deadlineMinutes === undefined ? policy.deadlineMinutes : own.deadlineMinutes,
    neverRetry: own.neverRetry ? [...own.neverRetry] : policy.neverRetry,
  };
}

/**
 * The backoff type of jobs whose retries the engine decides when an attempt fails, from the
 * policy in force then (the worker host's backoff strategy), rather than from options fixed when
 * the job was added. A job added with a built-in type (tests, jobs queued by an older version)
 * keeps the attempts and backoff it carries.
 */
export const POLICY_BACKOFF = 'rcm-policy';

/** BullMQ's own attempt limit for policy jobs: never reached, since the policy (at most 100) fails them first. */
export const POLICY_ATTEMPTS_CEILING = 1000;

/** The options every job of `queue` runs with: the policy decides its retries; retention in Redis. */
export function defaultJobOptions(_queue: string): JobsOptions {
  return {
    attempts: POLICY_ATTEMPTS_CEILING,
    backoff: { type: POLICY_BACKOFF },
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
