// The circuit breaker and rate limits a submit job passes, over a Redis connection of the test's
// own under the test's queue prefix (closed when the test ends).
import { createRedis, whenReady } from '../../src/queues/connection.js';
import { SubmissionGuards } from '../../src/services/operations/submission-gate.js';
import type { TestEnv } from './test-env.js';

export async function testGuards(env: TestEnv): Promise<SubmissionGuards> {
  const redis = createRedis(env.config.redis.url, 'producer');
  await whenReady(redis);
  env.defer(() => redis.disconnect());
  return new SubmissionGuards(redis, env.config.queuePrefix, env.logger);
}
