import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { PrivateRedis } from '../support/private-redis.js';
import { runCli } from '../support/run-cli.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine.js';
import { QueueSet } from '../../src/queues/queue-set.js';
import { catalog } from '../../src/queues/registry.js';
import { sqlRunner } from '../../src/db/sql.js';
import { enqueue } from '../../src/queues/producer.js';
import { thisInstallation } from '../../src/db/repositories/installation.repository.js';
import { bindingKey, bindingValue, bindPrefix, InstallationConflictError, parseBinding, type ThisInstallation } from '../../src/queues/installation-binding.js';
import { producer } from '../../src/queues/producer.js';
import { jobIds } from '../../src/queues/job-options.js';
import { rebindPrefix } from '../../src/queues/installation-rebind.js';
import { HandlerRegistry } from '../../src/queues/handlers.js';
import { PrefixLostError } from '../../src/queues/prefix-guards.js';

/** The engine's catalogue (so the relay delivers `tasks` rows) with a worker on a queue that gets no jobs here. */
const quietEngine = () => ({ registry: new HandlerRegistry(catalog), api: false, workerQueues: ['reconciliation' as const] });

describe('queue prefix bound to one installation', () => {
  const env = useTestEnv();
  const other: ThisInstallation = { id: randomUUID(), database: 'elsewhere:5432/rcm (schema public)' };

  function redis(url = env.config.redis.url): Redis {
    const client = new Redis(url);
    env.defer(() => client.disconnect());
    return client;
  }

  async function ours(): Promise<ThisInstallation> {
    return { id: (await thisInstallation(sqlRunner(env.orm.em.fork()))).id, database: 'here' };
  }

  it('gives the database one installation id, made when it was migrated', async () => {
    const first = await thisInstallation(sqlRunner(env.orm.em.fork()));
    const again = await thisInstallation(sqlRunner(env.orm.em.fork()));
    expect(first.id).to.match(/^[0-9a-f-]{36}$/).and.equal(again.id);
    const [row] = await env.orm.em.fork().getConnection().execute('select count(*)::int as n from installation');
    expect(row.n).to.equal(1);
  });

  it('binds a free prefix, accepts its own installation again, and refuses another', async () => {
    const client = redis();
    const self = await ours();
    const first = await bindPrefix(client, env.config.queuePrefix, self);
    expect(first).to.deep.include({ state: 'bound', created: true });
    expect(await bindPrefix(client, env.config.queuePrefix, self)).to.deep.include({ state: 'bound', created: false });
    const refused = await bindPrefix(client, env.config.queuePrefix, other).catch((e) => e);
    expect(refused).to.be.instanceOf(InstallationConflictError);
    expect(refused.message).to.include(self.id).and.include(other.id).and.include('rcm install rebind --confirm');
    expect(parseBinding(await client.get(bindingKey(env.config.queuePrefix)))?.installationId).to.equal(self.id);
  });

  it('refuses to start an engine on a prefix bound to another installation', async () => {
    await bindPrefix(redis(), env.config.queuePrefix, other);
    const refused = await Engine.start({ config: env.config, logger: env.logger, ...quietEngine() }).catch((e) => e);
    expect(refused).to.be.instanceOf(InstallationConflictError);
    expect(refused.message).to.include(`is bound to installation ${other.id}`).and.include((await ours()).id).and.include('rcm install rebind --confirm');
  });

  it('stops a running engine when another installation takes the prefix over', async () => {
    const config = { ...env.config, installationCheckMs: 200 };
    const engine = await Engine.start({ config, logger: env.logger, ...quietEngine() });
    env.defer(() => engine.stop(2000));
    expect(engine.installation.state).to.equal('bound');
    await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'assign', { taskId: 1 }));
    engine.relay.kick();
    const client = redis();
    await waitFor(async () => (await engine.queues.get('tasks').count()) === 1, 5000, 'the relayed job');

    const queues = new QueueSet(catalog, client, env.config.queuePrefix, env.logger);
    env.defer(() => queues.close());
    const result = await rebindPrefix(client, queues, other, { noticeMs: config.installationCheckMs + 300 });
    const reason = await engine.halted;
    expect(reason.message).to.include(`installation ${other.id}`);
    expect(engine.installation.state).to.equal('lost');
    // Its workers stop taking jobs at once, not after HTTP and the inbox have closed.
    expect(engine.workers.length).to.be.above(0);
    expect(engine.workers.every((w) => w.closing !== undefined), 'every worker closing').to.equal(true);
    // A job of ours still running adds no flow under their prefix (flows bypass the stopped relay).
    const flow = {
      parent: producer.flowJob('posting', 'finalize', { remittanceId: 1 }, jobIds.postingFinalize('lost-1')),
      children: [producer.flowJob('posting', 'chunk', { remittanceId: 1, from: 0, to: 1 }, jobIds.postingChunk('lost-1', 0, 1))],
    };
    const refusedFlow = await producer.addFlows({ connection: client, prefix: env.config.queuePrefix }, [flow]).catch((e) => e);
    expect(refusedFlow).to.be.instanceOf(PrefixLostError);
    expect(result).to.deep.include({ rebound: true, obliteratedQueues: ['claims', 'posting', 'reconciliation', 'collections', 'tasks'] });
    expect(result.previous?.installationId).to.equal((await ours()).id);
    // Work committed now waits in the outbox: neither the relay nor the last pass at stop writes into their prefix.
    await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'assign', { taskId: 2 }));
    engine.relay.kick();
    await engine.stop(2000);
    const [waiting] = await env.orm.em.fork().getConnection().execute(`select count(*)::int as n from outbox where sent_at is null`);
    expect(waiting.n).to.equal(1);
    expect(await client.keys(`${env.config.queuePrefix}:*`)).to.deep.equal([bindingKey(env.config.queuePrefix)]);
  });

  it('binds the prefix again as soon as a Redis restarted empty answers, not at the next periodic check', async function () {
    this.timeout(40000);
    const server = await PrivateRedis.start();
    env.defer(() => server.down());
    // A check interval far longer than the test: only the reconnect can bind again in time.
    const config = { ...loadConfig({ ...process.env, ...env.childEnv, REDIS_URL: server.url }), installationCheckMs: 600_000 };
    const engine = await Engine.start({ config, logger: env.logger, ...quietEngine() });
    env.defer(() => engine.stop(2000));
    expect(engine.installation.state).to.equal('bound');
    const client = redis(server.url);
    client.on('error', () => undefined);
    await server.down();
    await server.up();
    await waitFor(async () => parseBinding(await client.get(bindingKey(config.queuePrefix)).catch(() => null))?.installationId === (await ours()).id,
      15000, 'the binding set again after the restart');
    expect(engine.installation.state).to.equal('bound');
  });

  it('starts without Redis, then binds and starts its workers once Redis answers', async function () {
    this.timeout(40000);
    const server = await PrivateRedis.start();
    env.defer(() => server.down());
    await server.down();
    const config = { ...loadConfig({ ...process.env, ...env.childEnv, REDIS_URL: server.url }), installationCheckMs: 200 };
    const engine = await Engine.start({ config, logger: env.logger, ...quietEngine() });
    env.defer(() => engine.stop(2000));
    expect(engine.installation.state).to.equal('unbound');
    expect(engine.workers, 'no worker before the prefix is bound').to.have.length(0);
    await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'assign', { taskId: 1 }));

    await server.up();
    await waitFor(() => engine.installation.state === 'bound', 10000, 'the binding');
    await waitFor(() => engine.workers.length === 1, 5000, 'the worker to start');
    const client = redis(server.url);
    expect(parseBinding(await client.get(bindingKey(config.queuePrefix)))?.installationId).to.equal((await ours()).id);
    await waitFor(async () => (await engine.queues.get('tasks').count()) === 1, 5000, 'the waiting outbox row to be relayed');
  });

  it('rcm install show names the installation and the binding; rebind wants --confirm; queue commands refuse a foreign prefix', async function () {
    this.timeout(60000); // six CLI runs, on a busy machine
    const self = await ours();
    const free = await runCli(['install', 'show', '--json'], env.childEnv);
    expect(free.code, free.stderr).to.equal(0);
    expect(JSON.parse(free.stdout)).to.include({ installationId: self.id, prefix: env.config.queuePrefix, status: 'not bound', boundTo: null });

    await bindPrefix(redis(), env.config.queuePrefix, other);
    const shown = JSON.parse((await runCli(['install', 'show', '--json'], env.childEnv)).stdout);
    expect(shown).to.include({ status: 'another installation' });
    expect(shown.boundTo).to.include({ installationId: other.id, database: other.database, state: 'bound' });

    const status = await runCli(['queues', 'status'], env.childEnv);
    expect(status.code).to.equal(1);
    expect(status.stderr).to.include(`is bound to installation ${other.id}`).and.include(self.id).and.include('rcm install rebind --confirm');

    const unconfirmed = await runCli(['install', 'rebind'], env.childEnv);
    expect(unconfirmed.code).to.equal(2);
    expect(unconfirmed.stderr).to.include('--confirm');

    const rebound = await runCli(['install', 'rebind', '--confirm', '--json'], { ...env.childEnv, INSTALLATION_CHECK_MS: '100' });
    expect(rebound.code, rebound.stderr).to.equal(0);
    expect(JSON.parse(rebound.stdout)).to.deep.include({ installationId: self.id, rebound: true });
    expect(JSON.parse(rebound.stdout).previous).to.include({ installationId: other.id });
    expect((await runCli(['queues', 'status', '--json'], env.childEnv)).code).to.equal(0);
    const again = JSON.parse((await runCli(['install', 'rebind', '--confirm', '--json'], env.childEnv)).stdout);
    expect(again).to.include({ rebound: false });
  });

  it('rebind removes every job of the other installation: waiting, delayed, job schedulers, flows waiting for children', async () => {
    const client = redis();
    await bindPrefix(client, env.config.queuePrefix, other);
    const queues = new QueueSet(catalog, client, env.config.queuePrefix, env.logger);
    env.defer(() => queues.close());
    await queues.get('tasks').add('assign', { taskId: 1 });
    await queues.get('tasks').add('sla', { taskId: 1 }, { delay: 3_600_000 });
    await queues.get('claims').upsertJobScheduler(jobIds.claimsSubmitScheduler(1), { every: 900_000 }, producer.scheduledJob('claims', 'submit', { payerId: 1 }));
    const key = randomUUID();
    await producer.addFlows({ connection: client, prefix: env.config.queuePrefix }, [{
      parent: producer.flowJob('posting', 'finalize', { remittanceId: 1 }, jobIds.postingFinalize(key)),
      children: [producer.flowJob('posting', 'chunk', { remittanceId: 1, from: 0, to: 1 }, jobIds.postingChunk(key, 0, 1))],
    }]);
    expect(await queues.get('claims').getJobSchedulersCount()).to.equal(1);

    const result = await rebindPrefix(client, queues, await ours(), { noticeMs: 100 });
    expect(result.previous?.installationId).to.equal(other.id);
    expect(await client.keys(`${env.config.queuePrefix}:*`)).to.deep.equal([bindingKey(env.config.queuePrefix)]);
    expect(parseBinding(await client.get(bindingKey(env.config.queuePrefix)))).to.include({ installationId: (await ours()).id, state: 'bound' });
  });

  it('an engine of the rebinding installation waits until `rcm install rebind` has cleared the prefix', async () => {
    const client = redis();
    const self = await ours();
    await client.set(bindingKey(env.config.queuePrefix), bindingValue(self, 'rebinding'));
    const config = { ...env.config, installationCheckMs: 100 };
    const engine = await Engine.start({ config, logger: env.logger, ...quietEngine() });
    env.defer(() => engine.stop(2000));
    expect(engine.installation.state).to.equal('unbound');
    expect(engine.workers).to.have.length(0);
    await client.set(bindingKey(env.config.queuePrefix), bindingValue(self, 'bound'));
    await waitFor(() => engine.workers.length === 1, 5000, 'the worker to start');
    expect(engine.installation.state).to.equal('bound');
  });
});
