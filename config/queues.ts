// Per-queue worker settings and the default retry policies, per queue and per job name. Admins
// override them in the database (`rcm policies set`, versioned and audited); these are the
// defaults under the overrides. Data and its types only: queue and job names are checked against
// the catalogue (src/queues/registry.ts) in src/queues/job-options.ts and src/domain/retry-policy.ts.

export interface BackoffPolicy {
  type: 'fixed' | 'exponential';
  delayMs: number;
  /** No wait between attempts is longer than this (exponential backoff grows fast). */
  maxDelayMs?: number;
  /** 0..1: each wait is drawn from [delay × (1 − jitter), delay], so retries do not arrive together. */
  jitter?: number;
}

export interface QueueSettings {
  /** Jobs one worker process runs at once. */
  concurrency: number;
  /** Attempts including the first. */
  attempts: number;
  backoff: BackoffPolicy;
  /** How long a worker's lock on a job lasts before another worker may take it over. */
  lockDurationMs: number;
  /** Stop retrying this many minutes after the job was first queued (absent: no deadline). */
  deadlineMinutes?: number;
  /** Error classes (error names) never retried, besides BadInputError, which never is. */
  neverRetry?: readonly string[];
}

/** A job's own defaults over its queue's: only the fields given change. */
export interface JobRetryDefaults {
  attempts?: number;
  backoff?: Partial<BackoffPolicy>;
  deadlineMinutes?: number | null;
  neverRetry?: readonly string[];
}

export const queueSettings = {
  claims: { concurrency: 8, attempts: 5, backoff: { type: 'exponential', delayMs: 2000 }, lockDurationMs: 30000 },
  posting: { concurrency: 4, attempts: 5, backoff: { type: 'exponential', delayMs: 2000 }, lockDurationMs: 60000 },
  reconciliation: { concurrency: 2, attempts: 3, backoff: { type: 'exponential', delayMs: 5000 }, lockDurationMs: 60000 },
  collections: { concurrency: 2, attempts: 3, backoff: { type: 'exponential', delayMs: 5000 }, lockDurationMs: 60000 },
  tasks: { concurrency: 8, attempts: 5, backoff: { type: 'exponential', delayMs: 1000 }, lockDurationMs: 30000 },
} as const satisfies Record<string, QueueSettings>;

/**
 * Job names whose retries differ from their queue's (`queue.job`). Submitting to the
 * clearinghouse retries longer and more gently (its outages last minutes, and it rate-limits);
 * the daily runs give up after a few hours, since the next day's run does the same work.
 */
export const jobRetryDefaults: Readonly<Record<string, JobRetryDefaults>> = {
  'claims.submit': { attempts: 8, backoff: { type: 'exponential', delayMs: 5000, maxDelayMs: 10 * 60_000, jitter: 0.2 } },
  'reconciliation.deposits': { deadlineMinutes: 6 * 60 },
  'reconciliation.accounts': { deadlineMinutes: 6 * 60 },
  'reconciliation.aging': { deadlineMinutes: 6 * 60 },
};

/**
 * A claim job stops retrying this many days before the claim's timely-filing deadline, and a
 * `filing-deadline` task asks a person to send it: retries must not run the clock out.
 */
export const claimFilingDeadlineBufferDays = 5;

/**
 * Redis keeps finished jobs only briefly: the durable history is the job_record table.
 * Failed jobs stay longer so operators can inspect and replay them from the board.
 */
export const jobRetention = {
  removeOnComplete: { age: 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50000 },
} as const;
