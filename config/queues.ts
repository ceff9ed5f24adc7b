// Per-queue worker settings and default retry policy. Admin overrides arrive with the
// operations issue; until then these are the policy. Data and its types only: the queue names
// are checked against the catalogue (src/queues/registry.ts) in src/queues/job-options.ts.

export interface BackoffPolicy {
  type: 'fixed' | 'exponential';
  delayMs: number;
}

export interface QueueSettings {
  /** Jobs one worker process runs at once. */
  concurrency: number;
  /** Attempts including the first. */
  attempts: number;
  backoff: BackoffPolicy;
  /** How long a worker's lock on a job lasts before another worker may take it over. */
  lockDurationMs: number;
}

export const queueSettings = {
  claims: { concurrency: 8, attempts: 5, backoff: { type: 'exponential', delayMs: 2000 }, lockDurationMs: 30000 },
  posting: { concurrency: 4, attempts: 5, backoff: { type: 'exponential', delayMs: 2000 }, lockDurationMs: 60000 },
  reconciliation: { concurrency: 2, attempts: 3, backoff: { type: 'exponential', delayMs: 5000 }, lockDurationMs: 60000 },
  collections: { concurrency: 2, attempts: 3, backoff: { type: 'exponential', delayMs: 5000 }, lockDurationMs: 60000 },
  tasks: { concurrency: 8, attempts: 5, backoff: { type: 'exponential', delayMs: 1000 }, lockDurationMs: 30000 },
} as const satisfies Record<string, QueueSettings>;

/**
 * Redis keeps finished jobs only briefly: the durable history is the job_record table.
 * Failed jobs stay longer so operators can inspect and replay them from the board.
 */
export const jobRetention = {
  removeOnComplete: { age: 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50000 },
} as const;
