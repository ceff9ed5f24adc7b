// Shared set-up for the retry-policy and dead-letter tests: the real worker host over a queue of
// the test's own handlers, the policy and replay services' dependencies, and small readers.
import type { Worker } from 'bullmq';
import { createRedis } from '../../../src/queues/connection.js';
import { QueueSet } from '../../../src/queues/queue-set.js';
import { JobRecorder } from '../../../src/queues/job-recorder.js';
import { startQueueWorker } from '../../../src/queues/worker-host.js';
import type { HandlerRegistry } from '../../../src/queues/handlers.js';
import type { Catalog } from '../../../src/queues/registry.js';
import { knownJobs, type PolicyDeps } from '../../../src/services/operations/retry-policies.service.js';
import type { ReplayDeps } from '../../../src/services/operations/dead-letters.service.js';
import { liveWorkers } from '../../support/live-workers.js';
import type { TestEnv } from '../../support/test-env.js';

export function queuesOf<C extends Catalog>(env: TestEnv, catalog: C): QueueSet<C> {
  const redis = createRedis(env.config.redis.url, 'producer');
  const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger);
  env.defer(async () => {
    await queues.close();
    redis.disconnect();
  });
  return queues;
}

export function startWorker<C extends Catalog>(env: TestEnv, queue: Extract<keyof C, string>, registry: HandlerRegistry<C>): Worker {
  const connection = createRedis(env.config.redis.url, 'worker');
  const recorder = new JobRecorder(env.orm);
  const queues = queuesOf(env, registry.catalog) as unknown as QueueSet;
  const worker = startQueueWorker({ queue, registry, orm: env.orm, recorder, connection, queues, config: env.config, logger: env.logger });
  const name = `${queue} worker ${env.config.queuePrefix}`;
  liveWorkers.add(name);
  env.defer(async () => {
    await worker.close();
    await recorder.flush();
    connection.disconnect();
    liveWorkers.delete(name);
  });
  return worker;
}

export function policyDeps<C extends Catalog>(env: TestEnv, queues: QueueSet<C>): PolicyDeps {
  const redis = createRedis(env.config.redis.url, 'producer');
  env.defer(() => redis.disconnect());
  return {
    orm: env.orm, known: knownJobs(queues.catalog), queue: (name) => queues.get(name as never), redis, prefix: env.config.queuePrefix,
    now: () => new Date(),
  };
}

export function replayDeps<C extends Catalog>(env: TestEnv, queues: QueueSet<C>): ReplayDeps {
  return { orm: env.orm, queue: (name) => queues.get(name as never), now: () => new Date() };
}

export async function rows<T = Record<string, any>>(env: TestEnv, sql: string, params: unknown[] = []): Promise<T[]> {
  return env.orm.em.fork().getConnection().execute(sql, params);
}
