// Starts the worker adapter on the test queue in this process and registers it with the
// global leak check (root-hooks.ts) until the test closes it.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Worker } from 'bullmq';
import { createRedis } from '../../src/queues/connection.js';
import { QueueSet } from '../../src/queues/queue-set.js';
import { JobRecorder } from '../../src/queues/job-recorder.js';
import { startQueueWorker } from '../../src/queues/worker-host.js';
import { liveWorkers } from './live-workers.js';
import { JobRecordsRepository } from '../../src/db/repositories/job-records.repository.js';
import { testCatalog, testHandlers } from './test-catalog.js';
import type { HandlerRegistry } from '../../src/queues/handlers.js';
import type { Catalog } from '../../src/queues/registry.js';
import type { TestEnv } from './test-env.js';

/** The queues of `catalog` on this test's prefix, closed when the test ends. */
export function queuesOf<C extends Catalog>(env: TestEnv, catalog: C): QueueSet<C> {
  const redis = createRedis(env.config.redis.url, 'producer');
  const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger);
  env.defer(async () => {
    await queues.close();
    redis.disconnect();
  });
  return queues;
}

export function testQueue(env: TestEnv): QueueSet<typeof testCatalog> {
  return queuesOf(env, testCatalog);
}

type WorkerOverrides = { lockDurationMs?: number; stalledIntervalMs?: number };

/** The real worker host on `queue` of `registry`'s catalogue, in this process, until the test ends. */
export function startWorker<C extends Catalog>(env: TestEnv, queue: Extract<keyof C, string>, registry: HandlerRegistry<C>, overrides: WorkerOverrides = {}): Worker {
  const connection = createRedis(env.config.redis.url, 'worker');
  const recorder = new JobRecorder(env.orm);
  const queues = queuesOf(env, registry.catalog) as unknown as QueueSet;
  const worker = startQueueWorker({ queue, registry, orm: env.orm, recorder, connection, queues, config: env.config, logger: env.logger, ...overrides });
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

export function startTestWorker(env: TestEnv, overrides: WorkerOverrides = {}): Worker {
  return startWorker(env, 'testq', testHandlers(), overrides);
}

export async function jobRecords(env: TestEnv): Promise<Array<Record<string, any>>> {
  return new JobRecordsRepository(env.orm.em.fork()).listAll();
}

/** A worker process (test/support/worker-child.ts) on this test's schema and prefix. */
export function spawnWorkerChild(childEnv: Record<string, string>): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-child.ts'], {
    env: { ...process.env, ...childEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, exited };
}
