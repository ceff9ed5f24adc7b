// The retry policies in force, as workers and the policy commands see them: config/queues.ts
// under the admins' versions in Postgres. Workers resolve a job's policy when its attempt fails;
// the book re-reads the versions when a change is announced in Redis (a counter under the queue
// prefix, bumped by every `policies set`) and at least every `maxAgeMs`, so a change reaches
// running workers within seconds, without a restart.
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RetryPolicy } from '../domain/retry-policy.js';
import { RetryPoliciesRepository, type PolicyVersionRecord } from '../db/repositories/retry-policies.repository.js';
import { sqlRunner } from '../db/sql.js';
import { configRetryPolicy, withJobDefaults } from './job-options.js';

export interface EffectivePolicy {
  policy: RetryPolicy;
  /** Where it comes from: `config`, or the version in force (`claims v3`, `claims.submit v1`). */
  source: string;
}

/** The Redis key whose value changes with every policy change under this prefix. */
export function policyVersionKey(prefix: string): string {
  return `${prefix}:rcm:retry-policy-version`;
}

/** What announcing a change needs of Redis (an ioredis client, or a BullMQ queue's client wrapped). */
export interface PolicyNotice {
  incr(key: string): Promise<unknown>;
}

/** Tells running workers to read the policies again (after the change is committed). */
export async function announcePolicyChange(redis: PolicyNotice, prefix: string): Promise<void> {
  await redis.incr(policyVersionKey(prefix));
}

/** A job's policy from the versions in force: its own, else its queue's with the job's config defaults over it, else config. */
export function resolvePolicy(versions: ReadonlyMap<string, PolicyVersionRecord>, queue: string, job?: string): EffectivePolicy {
  const own = job === undefined ? undefined : versions.get(`${queue}.${job}`);
  if (own) return { policy: own.policy, source: `${queue}.${job} v${own.version}` };
  const queueVersion = versions.get(queue);
  if (!queueVersion) return { policy: configRetryPolicy(queue, job), source: 'config' };
  return { policy: job === undefined ? queueVersion.policy : withJobDefaults(queueVersion.policy, queue, job), source: `${queue} v${queueVersion.version}` };
}

export function versionsByKey(records: readonly PolicyVersionRecord[]): Map<string, PolicyVersionRecord> {
  return new Map(records.map((r) => [r.job ? `${r.queue}.${r.job}` : r.queue, r]));
}

export class PolicyBook {
  private versions: Map<string, PolicyVersionRecord> | undefined;
  private loadedAt = 0;
  private seenCounter: string | null = null;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly redis: Redis | undefined,
    private readonly prefix: string,
    private readonly maxAgeMs = 3000,
  ) {}

  /**
   * The policy in force for a job now. If Postgres cannot be read, the last versions read stay in
   * force (or config, if none was ever read): a failing job still gets a decision.
   */
  async policyFor(queue: string, job?: string): Promise<EffectivePolicy> {
    await this.refreshIfStale().catch(() => undefined);
    return resolvePolicy(this.versions ?? new Map(), queue, job);
  }

  private async refreshIfStale(): Promise<void> {
    // A worker's connection waits for Redis forever: a failing job must not, so the notice is given up after a moment.
    const counter = this.redis ? await withTimeout(this.redis.get(policyVersionKey(this.prefix)), 500).catch(() => this.seenCounter) : null;
    const stale = this.versions === undefined || Date.now() - this.loadedAt > this.maxAgeMs || counter !== this.seenCounter;
    if (!stale) return;
    this.loading ??= (async () => {
      try {
        const records = await new RetryPoliciesRepository(sqlRunner(this.orm.em.fork())).current();
        this.versions = versionsByKey(records);
        this.loadedAt = Date.now();
        this.seenCounter = counter;
      } finally {
        this.loading = undefined;
      }
    })();
    await this.loading;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), ms); });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
