// `npm run bench:engine`: no-op job throughput of raw BullMQ (Queue + Worker) against the
// engine's path (registry validation, worker adapter, forked EntityManager, job record in
// Postgres per attempt), on the same Redis, the same concurrency and the same job retention.
// Prints JSON. A benchmark, not a test: it measures and reports.
import { Queue, Worker } from 'bullmq';
import { createRedis } from '../src/queues/connection.js';
import { QueueSet } from '../src/queues/queue-set.js';
import { defaultJobOptions } from '../src/queues/job-options.js';
import { JobRecorder } from '../src/queues/job-recorder.js';
import { HandlerRegistry } from '../src/queues/handlers.js';
import { startQueueWorker } from '../src/queues/worker-host.js';
import { field, payload } from '../src/queues/payload-fields.js';
import { validatePayload } from '../src/queues/registry.js';
import { JobRecordsRepository } from '../src/db/repositories/job-records.repository.js';
import { openBenchEnvironment } from './bench-support.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 20000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const benchCatalog = { bench: { noop: payload({ n: field.integer() }) } };
const bench = await openBenchEnvironment('engine');
const { config, orm, logger } = bench;

const producer = createRedis(config.redis.url, 'worker');
const workerConnection = createRedis(config.redis.url, 'worker');

async function fill(queue: Queue, name: string, validate: boolean): Promise<void> {
  for (let from = 0; from < JOBS; from += 1000) {
    const jobs = [];
    for (let n = from; n < Math.min(JOBS, from + 1000); n++) {
      const data = validate ? validatePayload(benchCatalog, 'bench', 'noop', { n }) : { n };
      jobs.push({ name, data });
    }
    await queue.addBulk(jobs);
  }
}

function untilCompleted(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    let done = 0;
    const started = performance.now();
    worker.on('completed', () => {
      done += 1;
      if (done === JOBS) resolve(performance.now() - started);
    });
    worker.on('failed', (_job, error) => reject(error));
  });
}

async function rawRound(round: number): Promise<number> {
  const name = `raw${round}`;
  const queue = new Queue(name, { connection: producer, prefix: config.queuePrefix, defaultJobOptions: defaultJobOptions('bench') });
  await fill(queue, 'noop', false);
  const worker = new Worker(name, async () => undefined, { connection: workerConnection, prefix: config.queuePrefix, concurrency: CONCURRENCY, autorun: false });
  const finished = untilCompleted(worker);
  void worker.run();
  const ms = await finished;
  await worker.close();
  await queue.close();
  return ms;
}

async function engineRound(): Promise<{ ms: number; records: number }> {
  const queues = new QueueSet(benchCatalog, producer, config.queuePrefix, logger);
  await fill(queues.get('bench'), 'noop', true);
  const recorder = new JobRecorder(orm);
  const registry = new HandlerRegistry(benchCatalog).register('bench', { noop: async () => undefined });
  const worker = startQueueWorker({
    queue: 'bench', registry, orm, recorder, connection: workerConnection, config, logger,
    queues: queues as unknown as QueueSet, concurrency: CONCURRENCY,
  });
  const finished = untilCompleted(worker);
  const ms = await finished;
  await worker.close();
  await recorder.flush();
  const records = new JobRecordsRepository(orm.em.fork());
  const written = await records.count();
  await records.deleteAll();
  await queues.get('bench').obliterate({ force: true });
  await queues.close();
  return { ms, records: written };
}

const raw: number[] = [];
const engine: number[] = [];
let recordsWritten = 0;
try {
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(JOBS / ((await rawRound(round)) / 1000));
    const result = await engineRound();
    if (result.records !== JOBS) throw new Error(`expected ${JOBS} job records, found ${result.records}`);
    recordsWritten += result.records;
    engine.push(JOBS / (result.ms / 1000));
  }
} finally {
  await bench.teardown();
  producer.disconnect();
  workerConnection.disconnect();
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round1 = (x: number) => Math.round(x);
process.stdout.write(`${JSON.stringify({
  benchmark: 'engine',
  jobs: JOBS,
  concurrency: CONCURRENCY,
  rounds: ROUNDS,
  rawJobsPerSec: round1(mean(raw)),
  engineJobsPerSec: round1(mean(engine)),
  ratio: Number((mean(engine) / mean(raw)).toFixed(3)),
  perRound: { raw: raw.map(round1), engine: engine.map(round1) },
  jobRecordsWritten: recordsWritten,
  node: process.version,
}, null, 2)}\n`);
process.exit(0);
