// Is the engine able to work? Checks Redis and Postgres with short time limits so that a
// health probe answers even when a dependency hangs.
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import { pingDatabase } from '../db/orm.js';
import { withTimeout } from '../util/time.js';

export type DependencyState = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'degraded';
  redis: DependencyState;
  postgres: DependencyState;
  down: string[];
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyState> {
  try {
    await withTimeout(check(), timeoutMs, 'health probe');
    return 'up';
  } catch {
    return 'down';
  }
}

export async function checkHealth(deps: { redis: Redis; orm: MikroORM }, timeoutMs = 1500): Promise<HealthReport> {
  const [redis, postgres] = await Promise.all([
    probe(() => deps.redis.ping(), timeoutMs),
    probe(() => pingDatabase(deps.orm), timeoutMs),
  ]);
  const down = [redis === 'down' ? 'redis' : '', postgres === 'down' ? 'postgres' : ''].filter(Boolean);
  return { status: down.length ? 'degraded' : 'ok', redis, postgres, down };
}
