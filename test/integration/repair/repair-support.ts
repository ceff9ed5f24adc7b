// Helpers for the repair sweep's tests: the engine's queues on the test's prefix (no workers, so
// jobs stay where the test puts them), one sweep with no grace, and ways to lose jobs as a
// restarted Redis or a deleted outbox row (after its retention) would.
import { Worker } from 'bullmq';
import { createRedis } from '../../../src/queues/connection.js';
import { QueueSet } from '../../../src/queues/queue-set.js';
import { OutboxRelay } from '../../../src/queues/outbox-relay.js';
import { catalog } from '../../../src/queues/registry.js';
import { deleteQueueKeys } from '../../../src/queues/maintenance.js';
import { runRepairSweep, type SweepResult } from '../../../src/services/repair/repair-sweep.service.js';
import { waitFor, type TestEnv } from '../../support/test-env.js';

export interface RepairRig {
  queues: QueueSet;
  relay: OutboxRelay;
  sweep(): Promise<SweepResult>;
  /** Delivers every outbox row now (what the engine's relay does in the background). */
  relayAll(): Promise<number>;
}

export function repairRig(env: TestEnv, redisUrl = env.config.redis.url): RepairRig {
  const redis = createRedis(redisUrl, 'producer');
  redis.on('error', () => undefined); // tests that stop Redis see the failures where they await
  const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger) as unknown as QueueSet;
  const relay = new OutboxRelay(env.orm, queues, env.logger);
  env.defer(async () => {
    await queues.close();
    redis.disconnect();
  });
  return {
    queues,
    relay,
    sweep: () => runRepairSweep(env.orm, queues, env.config.queuePrefix, { trigger: 'cli', graceMs: 0, redisTimeoutMs: 1000 }, env.logger),
    async relayAll() {
      let total = 0;
      for (let n = await relay.relayOnce(); n > 0; n = await relay.relayOnce()) total += n;
      return total;
    },
  };
}

/** Every key under the test's prefix gone, as when Redis restarts with nothing on disk. */
export async function loseRedis(env: TestEnv): Promise<void> {
  await deleteQueueKeys(env.config.redis.url, env.config.queuePrefix);
}

export async function query<T = Record<string, any>>(env: TestEnv, sql: string, params: unknown[] = []): Promise<T[]> {
  return env.orm.em.fork().getConnection().execute(sql, params);
}

/** Outbox rows deleted, as the outbox's retention deletes relayed rows. */
export async function deleteOutboxRows(env: TestEnv, jobName: string): Promise<void> {
  await query(env, 'delete from outbox where job_name = ?', [jobName]);
}

/**
 * Runs every job waiting in `queue` to completion with a worker that does nothing and records
 * nothing: Redis then holds them finished, and job_record has no outcome for them, as after a
 * restore of Postgres from a backup taken before they ran (what they did is not in Postgres).
 */
export async function finishWithoutRecord(env: TestEnv, queue: string, count: number): Promise<void> {
  const redis = createRedis(env.config.redis.url, 'worker');
  let finished = 0;
  const worker = new Worker(queue, async () => undefined, { connection: redis, prefix: env.config.queuePrefix });
  worker.on('completed', () => (finished += 1));
  try {
    await waitFor(() => finished >= count, 10000, `${count} ${queue} jobs to finish`);
  } finally {
    await worker.close();
    redis.disconnect();
  }
}
