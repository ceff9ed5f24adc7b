// Is the engine able to work? Checks Redis and Postgres with short time limits so that a
// health probe answers even when a dependency hangs.
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';

export type DependencyState = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'degraded';
  redis: DependencyState;
  postgres: DependencyState;
  down: string[];
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyState> {
  try {
    await within(check(), timeoutMs);
    return 'up';
  } catch {
    return 'down';
  }
}

export async function checkHealth(deps: { redis: Redis; orm: MikroORM }, timeoutMs = 1500): Promise<HealthReport> {
  const [redis, postgres] = await Promise.all([
    probe(() => deps.redis.ping(), timeoutMs),
    probe(() => deps.orm.em.getConnection().execute('select 1'), timeoutMs),
  ]);
  const down = [redis === 'down' ? 'redis' : '', postgres === 'down' ? 'postgres' : ''].filter(Boolean);
  return { status: down.length ? 'degraded' : 'ok', redis, postgres, down };
}
