// Redis connections, shaped per BullMQ's production guide: workers wait for Redis forever
// (maxRetriesPerRequest: null); producers fail fast so an API call never hangs while Redis is
// down: the outbox keeps the job until the relay can deliver it.
import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'worker' | 'producer' | 'probe';

export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const common: RedisOptions = { lazyConnect: false, connectionName: `rcm-${role}` };
  const byRole: Record<RedisRole, RedisOptions> = {
    worker: { maxRetriesPerRequest: null },
    producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false },
    // Health checks and CLI reads: answer quickly, never queue a command for later.
    probe: { maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000, retryStrategy: () => 500 },
  };
  return new Redis(url, { ...common, ...byRole[role], ...extra });
}

/** Waits until a fail-fast connection is ready (or gives up), so the first command does not throw. */
export async function whenReady(redis: Redis, timeoutMs = 2000, giveUpOnError = false): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    const onReady = () => done(true);
    const onError = () => giveUpOnError && done(false);
    function done(ok: boolean) {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      resolve(ok);
    }
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}
