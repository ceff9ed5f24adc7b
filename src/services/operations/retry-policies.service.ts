// Retry policies for admins (`rcm policies`, /api/policies): what is in force for each queue and
// job, and changes, each a new version with its reason, audited. After a change is committed the
// workers are told (Redis) and the jobs already waiting for a retry are re-timed to the new backoff;
// `dryRun` only counts the queued jobs the change would reach.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { RetryPoliciesRepository, type PolicyVersionRecord } from '../../db/repositories/retry-policies.repository.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { applyChange, parseTarget, PolicyRefused, targetKey, type PolicyTarget, type RetryPolicy, type RetryPolicyChange } from '../../domain/retry-policy.js';
import { RequestRefused } from '../../errors.js';
import { announcePolicyChange, resolvePolicy, versionsByKey, type PolicyNotice } from '../../queues/policy-book.js';
import { countQueued, queuedJobs, retimeRetries, type QueuedCounts } from '../../queues/retry-timing.js';
import { operationsActor } from './operations-actor.js';

export interface PolicyDeps {
  orm: MikroORM;
  /** Queue and job names that exist (the catalogue). */
  known: Readonly<Record<string, readonly string[]>>;
  /** The BullMQ queue of a name; absent: counts and re-timing are skipped (Redis not wanted). */
  queue?: (name: string) => Queue;
  /** Where running workers hear of a change (Redis). */
  redis?: PolicyNotice;
  prefix: string;
  now: () => Date;
}

export interface PolicyView {
  target: string;
  policy: RetryPolicy;
  /** `config`, or the version in force (`claims v2`, `claims.submit v1`). */
  source: string;
}

export interface PolicyChangeResult {
  target: string;
  dryRun: boolean;
  /** The new version (absent on a dry run). */
  version?: number;
  before: RetryPolicy;
  after: RetryPolicy;
  /** Queued jobs of the policy's queue (and job) that follow it: waiting, delayed, waiting for a retry. */
  affected: QueuedCounts | null;
  /** Jobs waiting for a retry moved to the new timing, and how long that took. */
  retimed?: { jobs: number; skipped: number; ms: number } | null;
  notice?: string;
}

export function knownJobs(catalog: Readonly<Record<string, Readonly<Record<string, unknown>>>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(catalog).map(([queue, jobs]) => [queue, Object.keys(jobs)]));
}

/** A target text checked against the catalogue; an unknown queue or job answers 404. */
export function policyTarget(text: string, known: PolicyDeps['known']): PolicyTarget {
  try {
    return parseTarget(text, known);
  } catch (error) {
    if (error instanceof PolicyRefused) throw new RequestRefused(404, `${error.message}; nothing changed`);
    throw error;
  }
}

/** Every queue and job with the policy in force for it. */
export async function listPolicies(run: Run, known: PolicyDeps['known']): Promise<PolicyView[]> {
  const versions = versionsByKey(await new RetryPoliciesRepository(run).current());
  const views: PolicyView[] = [];
  for (const [queue, jobs] of Object.entries(known)) {
    views.push({ target: queue, ...resolvePolicy(versions, queue) });
    for (const job of jobs) views.push({ target: `${queue}.${job}`, ...resolvePolicy(versions, queue, job) });
  }
  return views;
}

export async function showPolicy(run: Run, known: PolicyDeps['known'], text: string): Promise<PolicyView & { versions: number }> {
  const target = policyTarget(text, known);
  const repo = new RetryPoliciesRepository(run);
  const versions = versionsByKey(await repo.current());
  const history = await repo.history(target.queue, target.job, 1);
  return { target: targetKey(target), ...resolvePolicy(versions, target.queue, target.job), versions: history[0]?.version ?? 0 };
}

export async function policyHistory(run: Run, known: PolicyDeps['known'], text: string, limit = 100): Promise<PolicyVersionRecord[]> {
  const target = policyTarget(text, known);
  return new RetryPoliciesRepository(run).history(target.queue, target.job, limit);
}

export async function setPolicy(
  deps: PolicyDeps, actor: string, text: string, change: RetryPolicyChange, reason: string | undefined, options: { dryRun?: boolean } = {},
): Promise<PolicyChangeResult> {
  const target = policyTarget(text, deps.known);
  const key = targetKey(target);
  const dryRun = options.dryRun === true;
  if (!dryRun && (reason === undefined || reason.trim() === '')) throw new RequestRefused(422, `a reason is required for a policy change (--reason); nothing changed`);
  if (Object.values(change).every((v) => v === undefined)) throw new RequestRefused(422, 'nothing to change: give at least one policy field; nothing changed');
  const run = sqlRunner(deps.orm.em.fork());
  await operationsActor(run, actor, ['admin'], 'change retry policies');
  const before = resolvePolicy(versionsByKey(await new RetryPoliciesRepository(run).current()), target.queue, target.job).policy;
  let after: RetryPolicy;
  try {
    after = applyChange(before, change);
  } catch (error) {
    if (error instanceof PolicyRefused) throw new RequestRefused(422, `${key}: ${error.message}; nothing changed`);
    throw error;
  }

  const queue = deps.queue?.(target.queue);
  const reaches = async () => {
    if (!queue) return undefined;
    // A queue's change reaches its jobs that have no version of their own.
    const shadowed = new Set((await new RetryPoliciesRepository(run).current()).filter((v) => v.queue === target.queue && v.job).map((v) => v.job!));
    return queuedJobs(queue, (name) => (target.job ? name === target.job : !shadowed.has(name)));
  };

  if (dryRun) {
    const jobs = await reaches();
    return { target: key, dryRun, before, after, affected: jobs ? countQueued(jobs) : null };
  }

  const at = deps.now();
  const version = await deps.orm.em.fork().transactional(async (tx) => {
    const txRun = sqlRunner(tx);
    const added = await new RetryPoliciesRepository(txRun).addVersion(target.queue, target.job, after, reason!.trim(), actor, at);
    await new AuditRepository(txRun).record({
      actor, action: 'policy.set', subjectType: 'retry-policy', subjectId: key,
      detail: { version: added, changed: changedFields(before, after), before, after },
    }, at);
    return added;
  });

  // Committed: now tell the workers and move the jobs waiting for a retry. If Redis cannot be
  // reached the change stands; workers read it within seconds, and new failures follow it.
  let affected: QueuedCounts | null = null;
  let retimed: PolicyChangeResult['retimed'] = null;
  let notice: string | undefined;
  try {
    if (deps.redis) await announcePolicyChange(deps.redis, deps.prefix);
    const jobs = await reaches();
    if (jobs && queue) {
      affected = countQueued(jobs);
      const started = Date.now();
      const versions = versionsByKey(await new RetryPoliciesRepository(run).current());
      const moved = await retimeRetries(queue, jobs, (name) => resolvePolicy(versions, target.queue, name).policy);
      retimed = { jobs: moved.retimed, skipped: moved.skipped, ms: Date.now() - started };
    }
  } catch (error) {
    notice = `version ${version} is in force, but the queued jobs could not be re-timed (${(error as Error).name}); workers apply it to failures from now on`;
  }
  return { target: key, dryRun, version, before, after, affected, retimed, ...(notice ? { notice } : {}) };
}

function changedFields(before: RetryPolicy, after: RetryPolicy): string[] {
  const flat = (p: RetryPolicy) => ({ attempts: p.attempts, ...p.backoff, deadlineMinutes: p.deadlineMinutes, neverRetry: p.neverRetry.join(',') });
  const a = flat(before);
  const b = flat(after);
  return Object.keys(b).filter((k) => a[k as keyof typeof a] !== b[k as keyof typeof b]);
}
