// Retry policies: what a job's policy is (config defaults under admin overrides), whether a failed
// attempt is tried again and after how long, and which changes an admin may make. Pure: the worker
// host, the policy commands and the benchmark all decide through here.

export interface RetryPolicy {
  /** Attempts including the first. */
  attempts: number;
  backoff: { type: 'fixed' | 'exponential'; delayMs: number; maxDelayMs: number | null; jitter: number };
  /** Give up retrying this many minutes after the job was first queued; null: no deadline. */
  deadlineMinutes: number | null;
  /** Error classes (names) never retried. BadInputError never is, whatever this says. */
  neverRetry: string[];
}

/** The fields an admin sets; the rest stay as they are. */
export interface RetryPolicyChange {
  attempts?: number;
  backoffType?: string;
  delayMs?: number;
  maxDelayMs?: number | null;
  jitter?: number;
  deadlineMinutes?: number | null;
  neverRetry?: string[];
}

/** Where a policy applies: a whole queue (`job` absent) or one job name of it. */
export interface PolicyTarget {
  queue: string;
  job?: string;
}

export class PolicyRefused extends Error {
  override name = 'PolicyRefused';
}

/** Upper bounds that keep a typo from parking a job for a year. */
export const POLICY_LIMITS = { attempts: 100, delayMs: 24 * 3_600_000, deadlineMinutes: 90 * 24 * 60 } as const;

export function targetKey(target: PolicyTarget): string {
  return target.job ? `${target.queue}.${target.job}` : target.queue;
}

/** `claims` or `claims.submit`, checked against the queues and jobs that exist. */
export function parseTarget(text: string, known: Readonly<Record<string, readonly string[]>>): PolicyTarget {
  const dot = text.indexOf('.');
  const queue = dot < 0 ? text : text.slice(0, dot);
  const job = dot < 0 ? undefined : text.slice(dot + 1);
  if (!known[queue]) throw new PolicyRefused(`unknown queue "${queue}" (queues: ${Object.keys(known).join(', ')})`);
  if (job !== undefined && !known[queue].includes(job)) {
    throw new PolicyRefused(`unknown job "${job}" on queue "${queue}" (jobs: ${known[queue].join(', ')})`);
  }
  return job === undefined ? { queue } : { queue, job };
}

/** The policy after `change`, or PolicyRefused naming the first value that cannot be. */
export function applyChange(current: RetryPolicy, change: RetryPolicyChange): RetryPolicy {
  const next: RetryPolicy = {
    attempts: change.attempts ?? current.attempts,
    backoff: {
      type: (change.backoffType ?? current.backoff.type) as RetryPolicy['backoff']['type'],
      delayMs: change.delayMs ?? current.backoff.delayMs,
      maxDelayMs: change.maxDelayMs === undefined ? current.backoff.maxDelayMs : change.maxDelayMs,
      jitter: change.jitter ?? current.backoff.jitter,
    },
    deadlineMinutes: change.deadlineMinutes === undefined ? current.deadlineMinutes : change.deadlineMinutes,
    neverRetry: change.neverRetry ? [...new Set(change.neverRetry.map((c) => c.trim()).filter(Boolean))] : [...current.neverRetry],
  };
  checkPolicy(next);
  return next;
}

export function checkPolicy(policy: RetryPolicy): void {
  const whole = (value: number, name: string, min: number, max: number) => {
    if (!Number.isSafeInteger(value)) throw new PolicyRefused(`${name} must be a whole number (got ${value})`);
    if (value < min) throw new PolicyRefused(`${name} must be at least ${min} (got ${value})`);
    if (value > max) throw new PolicyRefused(`${name} must be at most ${max} (got ${value})`);
  };
  whole(policy.attempts, 'attempts', 1, POLICY_LIMITS.attempts);
  if (policy.backoff.type !== 'fixed' && policy.backoff.type !== 'exponential') {
    throw new PolicyRefused(`backoff must be fixed or exponential (got "${policy.backoff.type}")`);
  }
  whole(policy.backoff.delayMs, 'delay (ms)', 0, POLICY_LIMITS.delayMs);
  if (policy.backoff.maxDelayMs !== null) {
    whole(policy.backoff.maxDelayMs, 'max delay (ms)', 0, POLICY_LIMITS.delayMs);
    if (policy.backoff.maxDelayMs < policy.backoff.delayMs) {
      throw new PolicyRefused(`max delay ${policy.backoff.maxDelayMs} ms is below the delay ${policy.backoff.delayMs} ms`);
    }
  }
  if (!(policy.backoff.jitter >= 0 && policy.backoff.jitter <= 1)) throw new PolicyRefused(`jitter must be between 0 and 1 (got ${policy.backoff.jitter})`);
  if (policy.deadlineMinutes !== null) whole(policy.deadlineMinutes, 'deadline (minutes)', 1, POLICY_LIMITS.deadlineMinutes);
  for (const name of policy.neverRetry) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(name)) throw new PolicyRefused(`"${name}" is not an error class name`);
  }
}

/**
 * The wait before attempt `attempt + 1`, after `attempt` attempts failed: fixed, or doubling from
 * the delay; capped at the max delay; jitter draws it from [wait × (1 − jitter), wait].
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const { type, delayMs, maxDelayMs, jitter } = policy.backoff;
  let wait = type === 'fixed' ? delayMs : delayMs * 2 ** Math.max(0, attempt - 1);
  if (maxDelayMs !== null) wait = Math.min(wait, maxDelayMs);
  if (jitter > 0) wait -= wait * jitter * random();
  return Math.round(Math.min(wait, POLICY_LIMITS.delayMs));
}

export type FailureKind = 'bad-input' | 'retry-later' | 'transient' | 'other';

export interface FailedAttempt {
  /** Attempts failed so far, this one included. */
  attempt: number;
  errorClass: string;
  kind: FailureKind;
  firstQueuedAt: number;
  now: number;
  /** A claim job: the last moment a retry may start (filing deadline minus the buffer), epoch ms. */
  retryUntil?: number | null;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'bad-input' | 'never-retry' | 'attempts-used' | 'deadline' | 'filing-deadline' };

/** Whether a failed attempt is tried again, and when. */
export function decideRetry(policy: RetryPolicy, failed: FailedAttempt, random: () => number = Math.random): RetryDecision {
  if (failed.kind === 'bad-input') return { retry: false, reason: 'bad-input' };
  if (policy.neverRetry.includes(failed.errorClass)) return { retry: false, reason: 'never-retry' };
  if (failed.attempt >= policy.attempts) return { retry: false, reason: 'attempts-used' };
  const delayMs = backoffDelay(policy, failed.attempt, random);
  const nextAt = failed.now + delayMs;
  if (failed.retryUntil != null && nextAt > failed.retryUntil) return { retry: false, reason: 'filing-deadline' };
  if (policy.deadlineMinutes !== null && nextAt > failed.firstQueuedAt + policy.deadlineMinutes * 60_000) return { retry: false, reason: 'deadline' };
  return { retry: true, delayMs };
}
