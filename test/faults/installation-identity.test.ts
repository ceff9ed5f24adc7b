// Job ids never reused for other work: the database recreated or restored from a backup under
// the same queue prefix, and two installs on one prefix. Each ends by checking that every claim of
// every file was imported and scrubbed (nothing silently skipped as a "duplicate" job).
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { useTestEnv, type TestEnv } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';
import { Engine } from '../../src/engine.js';
import { dropOwnSchema, migrate, openOrm } from '../../src/db/orm.js';
import { sqlRunner } from '../../src/db/sql.js';
import { thisInstallation } from '../../src/db/repositories/installation.repository.js';
import { bindingKey, InstallationConflictError, parseBinding } from '../../src/queues/installation-binding.js';
import { engineHandlers } from '../../workers/registry.js';
import { dropClaimFile, query, recentClaim, settledFile, startClaimsEngine, statuses, upstream837 } from '../integration/claims/claims-support.js';
import { importAndWait, seedOffice, type PostingRig } from '../integration/posting/posting-support.js';
import { eraText } from '../integration/posting/era-text.js';

const run = promisify(execFile);

/** `npm run workers -- claims` as an operator starts it: exit code and stderr. */
function startWorkerProcess(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts', 'claims'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

async function installationId(env: TestEnv): Promise<string> {
  return (await thisInstallation(sqlRunner(env.orm.em.fork()))).id;
}

/** Imports `count` claims numbered from `first` through the running engine; returns the file id once settled. */
async function importClaims(env: TestEnv, engine: Engine, first: number, count: number, control: number): Promise<number> {
  const claims = Array.from({ length: count }, (_, i) => recentClaim(first + i));
  const fileId = await dropClaimFile(env, engine, `batch-${control}.837`, upstream837(claims, control));
  expect(await settledFile(env, fileId, 30000)).to.equal('processed');
  return fileId;
}

function expectReady(actual: Record<string, string>, claims: number[]): void {
  expect(actual).to.deep.equal(Object.fromEntries(claims.map((n) => [`PCN${String(n).padStart(5, '0')}`, 'ready'])));
}

async function completedJobs(env: TestEnv, name = 'claims'): Promise<number> {
  const redis = new Redis(env.config.redis.url);
  const queue = new Queue(name, { connection: redis, prefix: env.config.queuePrefix });
  try {
    return await queue.getCompletedCount();
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

describe('faults: installation identity', () => {
  const env = useTestEnv();

  it('the database recreated under the same prefix: the engine refuses until `rcm install rebind`, then the same work is done again in full', async () => {
    const first = await startClaimsEngine(env);
    const oldId = await installationId(env);
    await importClaims(env, first, 1, 5, 7001);
    expectReady(await statuses(env), [1, 2, 3, 4, 5]);
    await first.stop(5000);
    const finishedBefore = await completedJobs(env);
    expect(finishedBefore, 'Redis keeps the finished jobs of the old database').to.be.greaterThan(0);

    // Dropped and migrated again: a new database with a new identity, the same prefix and Redis.
    await dropOwnSchema(env.orm);
    await migrate(env.orm);
    const newId = await installationId(env);
    expect(newId).not.to.equal(oldId);

    const refused = await Engine.start({ config: env.config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['claims'] }).catch((e) => e);
    expect(refused).to.be.instanceOf(InstallationConflictError);
    expect(refused.message).to.include(`installation ${oldId}`).and.include(`is installation ${newId}`).and.include('rcm install rebind --confirm');
    // As an operator sees it: the worker process exits non-zero with the message on stderr.
    const workers = await startWorkerProcess(env.childEnv);
    expect(workers.code).to.equal(1);
    expect(workers.stderr).to.include(oldId).and.include(newId).and.include('rcm install rebind --confirm');
    expect(await completedJobs(env), 'a refused start leaves the old jobs alone').to.equal(finishedBefore);

    const rebind = await runCli(['install', 'rebind', '--confirm', '--json'], { ...env.childEnv, INSTALLATION_CHECK_MS: '100' });
    expect(rebind.code, rebind.stderr).to.equal(0);
    expect(JSON.parse(rebind.stdout)).to.deep.include({ installationId: newId, rebound: true });
    expect(await completedJobs(env), 'the old database\'s jobs are gone').to.equal(0);

    const second = await startClaimsEngine(env);
    await importClaims(env, second, 1, 5, 7001);
    expectReady(await statuses(env), [1, 2, 3, 4, 5]);
    const [records] = await query(env, `select count(*)::int as n from job_record where name = 'import' and outcome = 'completed'`);
    expect(records.n).to.equal(1);
  });

  it('a backup restored: the same installation, sequences set back; new work is not mistaken for old finished jobs', async () => {
    const dumpFile = join(mkdtempSync(join(tmpdir(), 'rcm-backup-')), 'backup.dump');
    const db = env.config.database;
    const engine = await startClaimsEngine(env);
    const id = await installationId(env);
    await importClaims(env, engine, 1, 3, 7001);
    const outboxRows = async () => query<{ id: string; job_key: string }>(env, 'select id, job_key from outbox order by id');
    const atBackup = new Set((await outboxRows()).map((r) => Number(r.id)));
    await run('pg_dump', [`--dbname=${db.url}`, '--schema', db.schema, '--format=custom', '--file', dumpFile]);

    // Work after the backup: its outbox rows take the next ids, and their jobs finish in Redis.
    await importClaims(env, engine, 4, 3, 7002);
    expectReady(await statuses(env), [1, 2, 3, 4, 5, 6]);
    const lost = new Map((await outboxRows()).filter((r) => !atBackup.has(Number(r.id))).map((r) => [Number(r.id), r.job_key]));
    expect(lost.size).to.be.greaterThan(0);
    await engine.stop(5000);
    const finishedBefore = await completedJobs(env);

    // Restored from the older dump: the later rows are gone and the sequences are back where they were.
    await dropOwnSchema(env.orm);
    await run('pg_restore', [`--dbname=${db.url}`, dumpFile]);
    expect(await installationId(env)).to.equal(id);
    expectReady(await statuses(env), [1, 2, 3]);
    expect(await completedJobs(env), 'Redis still holds the finished jobs of the lost work').to.equal(finishedBefore);

    const restarted = await startClaimsEngine(env); // the same installation: no refusal, no rebind
    expect(restarted.installation.state).to.equal('bound');
    await importClaims(env, restarted, 7, 3, 7003);
    expectReady(await statuses(env), [1, 2, 3, 7, 8, 9]);
    // The new rows took the ids of the lost ones (what made `ob-<id>` collide), under new job keys.
    const reused = (await outboxRows()).filter((r) => lost.has(Number(r.id)));
    expect(reused.length).to.be.greaterThan(0);
    for (const row of reused) expect(row.job_key).not.to.equal(lost.get(Number(row.id)));
  });

  it('two installs on one prefix: the second is refused with the message, the first keeps working', async () => {
    const first = await startClaimsEngine(env);
    const firstId = await installationId(env);
    await importClaims(env, first, 1, 2, 7001);

    // A second install: its own database (schema), the same Redis and QUEUE_PREFIX.
    const otherSchema = `${env.config.database.schema}_b`;
    const otherOrm = await openOrm({ ...env.config.database, schema: otherSchema });
    env.defer(async () => {
      await otherOrm.em.getConnection().execute(`drop schema if exists "${otherSchema}" cascade`);
      await otherOrm.close();
    });
    await migrate(otherOrm);
    const secondId = (await thisInstallation(sqlRunner(otherOrm.em.fork()))).id;
    const secondConfig = { ...env.config, database: { ...env.config.database, schema: otherSchema } };

    const refused = await Engine.start({ config: secondConfig, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['claims'] }).catch((e) => e);
    expect(refused).to.be.instanceOf(InstallationConflictError);
    expect(refused.message).to.include(`is bound to installation ${firstId}`).and.include(`(schema ${env.config.database.schema})`)
      .and.include(`is installation ${secondId}`).and.include('rcm install rebind --confirm');
    const workers = await startWorkerProcess({ ...env.childEnv, DATABASE_SCHEMA: otherSchema });
    expect(workers.code).to.equal(1);
    expect(workers.stderr).to.include(firstId).and.include(secondId);
    const cli = await runCli(['queues', 'status'], { ...env.childEnv, DATABASE_SCHEMA: otherSchema });
    expect(cli.code).to.equal(1);
    expect(cli.stderr).to.include(firstId).and.include(secondId).and.include('rcm install rebind --confirm');

    // The first install never noticed: still bound, still working.
    const redis = new Redis(env.config.redis.url);
    env.defer(() => redis.disconnect());
    expect(parseBinding(await redis.get(bindingKey(env.config.queuePrefix)))?.installationId).to.equal(firstId);
    await importClaims(env, first, 3, 2, 7002);
    expect(first.installation.state).to.equal('bound');
    expectReady(await statuses(env), [1, 2, 3, 4]);
    const [claimsOfSecond] = await otherOrm.em.fork().getConnection().execute('select count(*)::int as n from claim');
    expect(claimsOfSecond.n).to.equal(0);
  });

  it('a backup restored: a remittance taking a lost remittance\'s id is still posted (its flow is not the old finished one)', async () => {
    const dumpFile = join(mkdtempSync(join(tmpdir(), 'rcm-backup-')), 'backup.dump');
    const db = env.config.database;
    const line = { procedure: '99213', chargeCents: 10000, cas: [['CO', '45', 2000]] as Array<[string, string, number]> };
    await seedOffice(env.orm.em.fork(), ['C1', 'C2', 'C3'].map((controlNumber) => ({ controlNumber, lines: [{ procedure: '99213', chargeCents: 10000 }] })));
    const startPostingEngine = async () => {
      const engine = await Engine.start({ config: env.config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['posting'] });
      env.defer(() => engine.stop(5000));
      return engine;
    };
    const post = async (engine: Engine, trace: string, control: string) =>
      importAndWait(env, { relay: engine.relay } as PostingRig, `${trace}.835`, eraText({ trace, claims: [{ control, lines: [line] }] }), 30000);
    const remittances = () => query<{ id: number; job_key: string; trace_number: string }>(env, 'select id, job_key, trace_number from remittance order by id');

    const engine = await startPostingEngine();
    expect((await post(engine, 'TRACE1', 'C1')).status).to.equal('posted');
    await run('pg_dump', [`--dbname=${db.url}`, '--schema', db.schema, '--format=custom', '--file', dumpFile]);
    expect((await post(engine, 'TRACE2', 'C2')).status).to.equal('posted');
    const [, lost] = await remittances();
    await engine.stop(5000);

    await dropOwnSchema(env.orm);
    await run('pg_restore', [`--dbname=${db.url}`, dumpFile]);
    expect((await remittances()).map((r) => r.trace_number)).to.deep.equal(['TRACE1']);
    expect(await completedJobs(env, 'posting'), 'Redis still holds the lost remittance\'s finished flow').to.be.greaterThan(2);

    const restarted = await startPostingEngine();
    const summary = await post(restarted, 'TRACE3', 'C3');
    expect(summary).to.deep.include({ status: 'posted', matched: 1, paidCents: 8000, contractualCents: 2000 });
    const [, reused] = await remittances();
    expect(reused).to.deep.include({ id: lost.id, trace_number: 'TRACE3' });
    expect(reused.job_key).not.to.equal(lost.job_key);
    const [paid] = await query(env, `select paid_cents::int as paid, status from claim where control_number = 'C3'`);
    expect(paid).to.deep.equal({ paid: 8000, status: 'paid' });
  });
});
