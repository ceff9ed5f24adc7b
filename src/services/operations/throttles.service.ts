// Submission rate limits: the clearinghouse's and single payers' defaults from config/clearinghouse.ts,
// and admins' overrides stored in the database (audited). A submit job reads the limits when it
// starts, so a change reaches the next job without a restart; the counting itself is in Redis
// (src/queues/rate-limiter.ts), shared by every worker process.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClearinghouseConfig, RateLimit } from '../../../config/clearinghouse.js';
import type { Orm } from '../../db/orm.js';
import type { ThrottleScope } from '../../db/entities/throttles.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { SubmissionsRepository } from '../../db/repositories/submissions.repository.js';
import { ThrottlesRepository } from '../../db/repositories/throttles.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { BadInputError, notFound } from '../../errors.js';
import type { LimitedSubject } from '../../queues/rate-limiter.js';
import { operationsActor } from './operations-actor.js';

/** Bounds an override must keep: at least one batch, a window between one second and one day. */
export const THROTTLE_BOUNDS = { maxBatches: { min: 1, max: 100_000 }, perMs: { min: 1000, max: 86_400_000 } } as const;

export interface ThrottleTarget {
  scope: ThrottleScope;
  /** The clearinghouse's name, or the payer's X12 payer id. */
  name: string;
}

export interface EffectiveThrottle {
  scope: ThrottleScope;
  /** The clearinghouse's name or the payer's X12 payer id. */
  name: string;
  limit: RateLimit;
  source: 'config' | 'override';
  /** The config/ limit the override replaces (null: none). */
  configured: RateLimit | null;
  changedBy: string | null;
  changedAt: string | null;
}

export interface ThrottleChange {
  throttle: EffectiveThrottle | null;
  changed: boolean;
}

/** The windows a send of this payer's batch through this clearinghouse counts against. */
export async function submissionLimits(em: EntityManager, clearinghouse: ClearinghouseConfig, payer: { id: number; payerCode: string }): Promise<LimitedSubject[]> {
  const overrides = await new ThrottlesRepository(sqlRunner(em)).forSubmission(clearinghouse.name, payer.id);
  const override = (scope: ThrottleScope) => overrides.find((o) => o.scope === scope);
  const chLimit = override('clearinghouse') ?? clearinghouse.rateLimit;
  const payerLimit = override('payer') ?? clearinghouse.payerRateLimits[payer.payerCode];
  const subjects: LimitedSubject[] = [{ key: `clearinghouse:${clearinghouse.name}`, limit: pick(chLimit) }];
  if (payerLimit) subjects.push({ key: `payer:${payer.id}`, limit: pick(payerLimit) });
  return subjects;
}

/** Every limit in force: the clearinghouse's, then each payer with a configured or overridden limit. */
export async function listThrottles(em: EntityManager, clearinghouse: ClearinghouseConfig): Promise<EffectiveThrottle[]> {
  const overrides = await new ThrottlesRepository(sqlRunner(em)).list();
  const chOverride = overrides.find((o) => o.scope === 'clearinghouse' && o.subject === clearinghouse.name);
  const list: EffectiveThrottle[] = [effective('clearinghouse', clearinghouse.name, clearinghouse.rateLimit, chOverride)];
  const payerCodes = new Set([...Object.keys(clearinghouse.payerRateLimits), ...overrides.filter((o) => o.scope === 'payer' && o.payerCode).map((o) => o.payerCode!)]);
  for (const code of [...payerCodes].sort()) {
    const override = overrides.find((o) => o.scope === 'payer' && o.payerCode === code);
    list.push(effective('payer', code, clearinghouse.payerRateLimits[code] ?? null, override));
  }
  return list;
}

/** A change's first steps: the actor checked (an admin), the override's row locked and read as it was. */
async function lockedOverride(em: EntityManager, actor: string, target: ThrottleTarget, clearinghouse: ClearinghouseConfig) {
  const run = sqlRunner(em);
  await operationsActor(run, actor, ['admin'], 'change a rate limit');
  const subject = await subjectOf(em, target, clearinghouse);
  const throttles = new ThrottlesRepository(run);
  await throttles.lock(target.scope, subject);
  return { run, subject, throttles, before: await throttles.find(target.scope, subject) };
}

/** Sets an override (admins only), audited as `throttle.set`; an equal override changes nothing. */
export async function setThrottle(orm: Orm, actor: string, target: ThrottleTarget, limit: RateLimit, clearinghouse: ClearinghouseConfig, at: Date): Promise<ThrottleChange> {
  checkLimit(limit);
  return orm.em.fork().transactional(async (em) => {
    const { run, subject, throttles, before } = await lockedOverride(em, actor, target, clearinghouse);
    if (before && before.maxBatches === limit.maxBatches && before.perMs === limit.perMs) {
      return { throttle: await findEffective(em, target, clearinghouse), changed: false };
    }
    await throttles.upsert(target.scope, subject, limit, actor, at);
    await new AuditRepository(run).record({
      actor, action: 'throttle.set', subjectType: target.scope, subjectId: target.name,
      detail: { maxBatches: limit.maxBatches, perMs: limit.perMs, previous: before ? pick(before) : null },
    }, at);
    return { throttle: await findEffective(em, target, clearinghouse), changed: true };
  });
}

/** Removes an override (admins only): the config/ limit applies again. Audited as `throttle.remove`. */
export async function removeThrottle(orm: Orm, actor: string, target: ThrottleTarget, clearinghouse: ClearinghouseConfig, at: Date): Promise<ThrottleChange> {
  return orm.em.fork().transactional(async (em) => {
    const { run, subject, throttles, before } = await lockedOverride(em, actor, target, clearinghouse);
    if (!before) return { throttle: await findEffective(em, target, clearinghouse), changed: false };
    await throttles.remove(target.scope, subject);
    await new AuditRepository(run).record({
      actor, action: 'throttle.remove', subjectType: target.scope, subjectId: target.name, detail: { previous: pick(before) },
    }, at);
    return { throttle: await findEffective(em, target, clearinghouse), changed: true };
  });
}

function checkLimit(limit: RateLimit): void {
  for (const field of ['maxBatches', 'perMs'] as const) {
    const value = limit[field];
    const { min, max } = THROTTLE_BOUNDS[field];
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new BadInputError(`${field} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)}); nothing changed`);
    }
  }
}

/** The stored subject: the clearinghouse's name (only the configured one), or the payer's database id. */
async function subjectOf(em: EntityManager, target: ThrottleTarget, clearinghouse: ClearinghouseConfig): Promise<string> {
  if (target.scope === 'clearinghouse') {
    if (target.name !== clearinghouse.name) throw notFound(`unknown clearinghouse "${target.name}" (this install sends through "${clearinghouse.name}"); nothing changed`);
    return target.name;
  }
  const payer = await new SubmissionsRepository(em).findPayerByCode(target.name);
  if (!payer) throw notFound(`unknown payer "${target.name}" (an X12 payer id of a payer on file); nothing changed`);
  return String(payer.id);
}

async function findEffective(em: EntityManager, target: ThrottleTarget, clearinghouse: ClearinghouseConfig): Promise<EffectiveThrottle | null> {
  return (await listThrottles(em, clearinghouse)).find((t) => t.scope === target.scope && t.name === target.name) ?? null;
}

function effective(scope: ThrottleScope, name: string, configured: RateLimit | null, override?: { maxBatches: number; perMs: number; changedBy: string; changedAt: string }): EffectiveThrottle {
  return {
    scope, name, limit: pick(override ?? configured!), source: override ? 'override' : 'config', configured: configured ? pick(configured) : null,
    changedBy: override?.changedBy ?? null, changedAt: override?.changedAt ?? null,
  };
}

function pick(limit: RateLimit): RateLimit {
  return { maxBatches: limit.maxBatches, perMs: limit.perMs };
}
