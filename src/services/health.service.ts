// Is the engine able to work? `checkHealth` (GET /health) checks Redis and Postgres and shows the
// clearinghouse breakers; `checkReadiness` (GET /health/ready) adds the outbox's lag and the
// queues' paused state, and names what is down or lagging. Every probe has a short time limit so
// an answer comes even when a dependency hangs.
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import { pingDatabase } from '../db/orm.js';
import { oldestWaitingSeconds } from '../db/repositories/outbox.repository.js';
import { sqlRunner } from '../db/sql.js';
import { CircuitBreaker, type BreakerSnapshot } from '../queues/circuit-breaker.js';
import type { QueueSet } from '../queues/queue-set.js';
import { queueNames, type QueueName } from '../queues/registry.js';
import { withTimeout } from '../util/time.js';

export type DependencyState = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'degraded';
  redis: DependencyState;
  postgres: DependencyState;
  down: string[];
  /** Each clearinghouse's circuit breaker (empty while Redis is down). */
  breakers: BreakerSnapshot[];
}

export interface ReadinessReport {
  /** not-ready (503) when something is down or lagging; paused queues and open breakers are shown, not failed. */
  status: 'ready' | 'not-ready';
  redis: DependencyState;
  postgres: DependencyState;
  outbox: { state: 'ok' | 'lagging' | 'unknown'; oldestWaitingSeconds: number | null; thresholdSeconds: number };
  queues: Array<{ queue: QueueName; state: 'running' | 'paused' | 'unknown' }>;
  breakers: BreakerSnapshot[];
  /** What cannot be reached: redis, postgres. */
  down: string[];
  /** What is behind: outbox. */
  lagging: string[];
  /** Queues an operator paused. */
  paused: string[];
  /** Clearinghouses whose breaker is open or half-open: submission to them waits. */
  breakersOpen: string[];
}

export interface HealthDeps {
  redis: Redis;
  orm: MikroORM;
  queues: QueueSet;
  /** The configured clearinghouse, shown closed until it fails; others appear once they have failed. */
  clearinghouse?: string;
}

async function probe<T>(check: () => Promise<T>, timeoutMs: number): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await withTimeout(check(), timeoutMs, 'health probe') };
  } catch {
    return { ok: false };
  }
}

const state = (result: { ok: boolean }): DependencyState => (result.ok ? 'up' : 'down');

export async function checkHealth(deps: HealthDeps, timeoutMs = 1500): Promise<HealthReport> {
  const [redis, postgres] = await Promise.all([
    probe(() => deps.redis.ping(), timeoutMs),
    probe(() => pingDatabase(deps.orm), timeoutMs),
  ]);
  const breakers = redis.ok ? await probe(() => breakerSnapshots(deps), timeoutMs) : { ok: false as const };
  const down = [redis.ok ? '' : 'redis', postgres.ok ? '' : 'postgres'].filter(Boolean);
  return { status: down.length ? 'degraded' : 'ok', redis: state(redis), postgres: state(postgres), down, breakers: breakers.ok ? breakers.value : [] };
}

export async function checkReadiness(deps: HealthDeps & { outboxLagSeconds: number }, timeoutMs = 1500): Promise<ReadinessReport> {
  const [redis, postgres] = await Promise.all([
    probe(() => deps.redis.ping(), timeoutMs),
    probe(() => pingDatabase(deps.orm), timeoutMs),
  ]);
  const [oldest, paused, breakers] = await Promise.all([
    postgres.ok ? probe(() => oldestWaitingSeconds(sqlRunner(deps.orm.em.fork())), timeoutMs) : { ok: false as const },
    redis.ok ? probe(() => Promise.all(queueNames.map((q) => deps.queues.get(q).isPaused())), timeoutMs) : { ok: false as const },
    redis.ok ? probe(() => breakerSnapshots(deps), timeoutMs) : { ok: false as const },
  ]);
  const oldestSeconds = oldest.ok ? oldest.value : null;
  const outboxState = !oldest.ok ? 'unknown' : (oldestSeconds ?? 0) > deps.outboxLagSeconds ? 'lagging' : 'ok';
  const queues = queueNames.map((queue, i) => ({ queue, state: paused.ok ? (paused.value[i] ? 'paused' as const : 'running' as const) : 'unknown' as const }));
  const breakerList = breakers.ok ? breakers.value : [];
  const down = [redis.ok ? '' : 'redis', postgres.ok ? '' : 'postgres'].filter(Boolean);
  const lagging = outboxState === 'lagging' ? ['outbox'] : [];
  return {
    status: down.length || lagging.length ? 'not-ready' : 'ready',
    redis: state(redis), postgres: state(postgres),
    outbox: { state: outboxState, oldestWaitingSeconds: oldestSeconds, thresholdSeconds: deps.outboxLagSeconds },
    queues, breakers: breakerList, down, lagging,
    paused: queues.filter((q) => q.state === 'paused').map((q) => q.queue),
    breakersOpen: breakerList.filter((b) => b.state !== 'closed').map((b) => b.clearinghouse),
  };
}

function breakerSnapshots(deps: HealthDeps): Promise<BreakerSnapshot[]> {
  return new CircuitBreaker(deps.redis, deps.queues.prefix).snapshots(deps.clearinghouse ? [deps.clearinghouse] : []);
}
