// Shared set-up for the retry-policy and dead-letter tests: the real worker host over a queue of
// the test's own handlers, the policy and replay services' dependencies, and small readers.
import { expect } from 'chai';
import { RequestRefused } from '../../../src/errors.js';
import { createRedis } from '../../../src/queues/connection.js';
import type { QueueSet } from '../../../src/queues/queue-set.js';
import type { Catalog } from '../../../src/queues/registry.js';
import { knownJobs, type PolicyDeps } from '../../../src/services/operations/retry-policies.service.js';
import type { ReplayDeps } from '../../../src/services/operations/dead-letters.service.js';
import type { TestEnv } from '../../support/test-env.js';

export { queuesOf, startWorker } from '../../support/workers.js';

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

/** The status and message of a request the service refused (RequestRefused); fails if it was not refused. */
export async function refusal(work: Promise<unknown>): Promise<[number, string]> {
  try {
    await work;
  } catch (error) {
    expect(error).to.be.instanceOf(RequestRefused);
    return [(error as RequestRefused).statusCode, (error as Error).message];
  }
  throw new Error('not refused');
}
