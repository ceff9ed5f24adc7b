// `npm run bench:policies`: how long a retry-policy change takes to reach a queue of jobs already
// waiting for a retry. Fills a queue with BENCH_JOBS (10,000) jobs that each failed once through
// the real worker host and now wait an hour for their retry, then an admin shortens the backoff
// (`setPolicy`, as `rcm policies set` does) and the clock runs until every delayed job's due time
// in Redis is the new one. Prints JSON. A benchmark, not a test: it measures and reports.
import { createRedis } from '../src/queues/connection.js';
import { QueueSet } from '../src/queues/queue-set.js';
import { jobOptions } from '../src/queues/job-options.js';
import { JobRecorder } from '../src/queues/job-recorder.js';
import { HandlerRegistry } from '../src/queues/handlers.js';
import { startQueueWorker } from '../src/queues/worker-host.js';
import { field, payload } from '../src/queues/payload-fields.js';
import { PeopleRepository } from '../src/db/repositories/people.repository.js';
import { sqlRunner } from '../src/db/sql.js';
import { TransientError } from '../src/errors.js';
import { knownJobs, setPolicy, type PolicyDeps } from '../src/services/operations/retry-policies.service.js';
import { openBenchEnvironment } from './bench-support.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 10000);
const HOUR = 3_600_000;
const NEW_DELAY = 2 * 60_000;

const benchCatalog = { bench: { flaky: payload({ n: field.integer() }) } };
const bench = await openBenchEnvironment('policies');
const { config, orm, logger } = bench;
const producer = createRedis(config.redis.url, 'worker');
const workerConnection = createRedis(config.redis.url, 'worker');
const queues = new QueueSet(benchCatalog, producer, config.queuePrefix, logger);
const queue = queues.get('bench');

try {
  const admin = 'bench-admin';
  await new PeopleRepository(sqlRunner(orm.em.fork())).insert({
    login: admin, displayName: 'Bench admin', role: 'admin', skills: [], payers: [], certifications: [], level: 'senior', capacity: 1,
    timeZone: 'UTC', workingHours: { start: '00:00', end: '23:59', days: [1, 2, 3, 4, 5, 6, 7] }, supervisorId: null, active: true,
  }, new Date());
  const deps: PolicyDeps = {
    orm, known: knownJobs(benchCatalog), queue: () => queue, redis: producer, prefix: config.queuePrefix, now: () => new Date(),
  };
  await setPolicy(deps, admin, 'bench', { attempts: 5, backoffType: 'fixed', delayMs: HOUR }, 'bench: slow retries');

  // Every job fails its first attempt through the engine's worker and waits an hour.
  const fillStarted = performance.now();
  for (let from = 0; from < JOBS; from += 1000) {
    const jobs = [];
    for (let n = from; n < Math.min(JOBS, from + 1000); n++) jobs.push({ name: 'flaky', data: { n }, opts: jobOptions('bench', `flaky-${n}`) });
    await queue.addBulk(jobs);
  }
  const recorder = new JobRecorder(orm);
  const registry = new HandlerRegistry(benchCatalog).register('bench', { flaky: async () => { throw new TransientError('clearinghouse timed out'); } });
  const worker = startQueueWorker({ queue: 'bench', registry, orm, recorder, connection: workerConnection, config, logger, queues: queues as unknown as QueueSet, concurrency: 100 });
  while ((await queue.getDelayedCount()) < JOBS) await new Promise((r) => setTimeout(r, 200));
  const fillMs = performance.now() - fillStarted;

  // The change, and the wait until every delayed job carries the new timing. The worker keeps running.
  const started = performance.now();
  const result = await setPolicy(deps, admin, 'bench', { delayMs: NEW_DELAY }, 'bench: clearinghouse back');
  const setMs = performance.now() - started;
  let checked = 0;
  for (;;) {
    const scored = await producer.zrange(queue.toKey('delayed'), 0, -1, 'WITHSCORES');
    const dueTimes = [];
    for (let i = 1; i < scored.length; i += 2) dueTimes.push(Math.floor(Number(scored[i]) / 0x1000));
    checked += 1;
    // Old timing: about an hour after the failure; new: two minutes after it.
    if (dueTimes.length === JOBS && dueTimes.every((due) => due < Date.now() + NEW_DELAY + 1000)) break;
    if (performance.now() - started > 60_000) throw new Error('not every delayed job was re-timed within 60 s');
  }
  const reachedMs = performance.now() - started;
  await worker.close();
  await recorder.flush();

  process.stdout.write(`${JSON.stringify({
    benchmark: 'policies',
    delayedJobs: JOBS,
    fillSeconds: Number((fillMs / 1000).toFixed(1)),
    policyVersion: result.version,
    affected: result.affected,
    retimed: result.retimed,
    setPolicyMs: Math.round(setMs),
    allCarryNewTimingMs: Math.round(reachedMs),
    checks: checked,
    targetMs: 5000,
    node: process.version,
  }, null, 2)}\n`);
} finally {
  await queues.close();
  await bench.teardown();
  producer.disconnect();
  workerConnection.disconnect();
}
process.exit(0);
