import { expect } from 'chai';
import { signedInPerson } from '../support/sign-in.js';
import { useTestEnv } from '../support/test-env.js';
import { PrivateRedis } from '../support/private-redis.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine.js';
import { openOrm } from '../../src/db/orm.js';
import { engineHandlers } from '../../workers/registry.js';
import { buildApp } from '../../src/http/app.js';
import { createRedis, whenReady } from '../../src/queues/connection.js';
import { QueueSet } from '../../src/queues/queue-set.js';
import { catalog } from '../../src/queues/registry.js';
import type { MikroORM } from '@mikro-orm/postgresql';

describe('GET /health and the board', () => {
  const env = useTestEnv();

  async function startApi(overrides: Record<string, string>) {
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', ...overrides });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(2000));
    return `http://127.0.0.1:${engine.port}`;
  }

  it('answers 200 when Redis and Postgres are up, and the board lists the five queues', async () => {
    const base = await startApi({});
    const health = await fetch(`${base}/health`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.deep.include({ status: 'ok', redis: 'up', postgres: 'up' });
    // The board needs an operator (or admin): no token is 401, a specialist's 403.
    expect((await fetch(`${base}/board/api/queues`)).status).to.equal(401);
    const specialist = await signedInPerson(env.orm, 'specialist');
    expect((await fetch(`${base}/board/api/queues`, { headers: specialist.headers })).status).to.equal(403);
    const { headers: auth } = await signedInPerson(env.orm, 'operator');
    const board = await fetch(`${base}/board/api/queues`, { headers: auth });
    expect(board.status).to.equal(200);
    const names = ((await board.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).to.deep.equal(['claims', 'collections', 'posting', 'reconciliation', 'tasks']);
    expect((await fetch(`${base}/board`, { headers: auth })).status).to.equal(200);
  });

  it('answers 503 naming Redis when Redis stops', async () => {
    const redis = await PrivateRedis.start();
    env.defer(() => redis.down());
    const base = await startApi({ REDIS_URL: redis.url });
    expect((await fetch(`${base}/health`)).status).to.equal(200);
    await redis.down();
    const health = await fetch(`${base}/health`);
    expect(health.status).to.equal(503);
    expect(await health.json()).to.deep.include({ status: 'degraded', redis: 'down', postgres: 'up', down: ['redis'], breakers: [] });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).to.equal(503);
    const report = await ready.json() as { down: string[]; queues: Array<{ state: string }> };
    expect(report).to.deep.include({ status: 'not-ready', redis: 'down', down: ['redis'] });
    expect(report.queues.map((q) => q.state)).to.deep.equal(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    expect((await fetch(`${base}/health/live`)).status).to.equal(200);
  });

  it('answers 503 naming Postgres when Postgres is unreachable', async () => {
    // The engine refuses to start without Postgres, so build the app over an ORM whose
    // server has gone away: a pool pointed at a port where nothing listens.
    const orm = await openOrm({ url: 'postgres://postgres@127.0.0.1:1/rcm', schema: 'public' }, { connect: false });
    env.defer(() => orm.close());
    const app = await healthOnlyApp(orm);
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).to.equal(503);
    expect(response.json()).to.deep.include({ redis: 'up', postgres: 'down', down: ['postgres'] });
  });

  it('answers /health/live always, /health/ready when ready, and shows the clearinghouse breaker on /health', async () => {
    const base = await startApi({});
    expect([(await fetch(`${base}/health/live`)).status, await (await fetch(`${base}/health/live`)).json()]).to.deep.equal([200, { status: 'alive' }]);
    const health = await (await fetch(`${base}/health`)).json();
    expect(health).to.deep.include({ status: 'ok', breakers: [{ clearinghouse: 'simulator', state: 'closed', failures: 0, openedAt: null, retryAt: null }] });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).to.equal(200);
    const report = await ready.json() as Record<string, unknown>;
    expect(report).to.deep.include({ status: 'ready', redis: 'up', postgres: 'up', down: [], lagging: [], paused: [], breakersOpen: [] });
    expect(report.outbox).to.deep.include({ state: 'ok', thresholdSeconds: 60 });
    expect((report.queues as Array<{ state: string }>).map((q) => q.state)).to.deep.equal(['running', 'running', 'running', 'running', 'running']);
  });

  async function healthOnlyApp(orm: MikroORM) {
    const redis = createRedis(env.config.redis.url, 'producer');
    await whenReady(redis);
    const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger);
    const app = await buildApp({ orm, redis, queues, logger: env.logger });
    env.defer(async () => {
      await app.close();
      await queues.close();
      redis.disconnect();
    });
    return app;
  }

  it('is not ready, naming the outbox, while the oldest waiting job is older than the threshold; live all the same', async () => {
    // The health-only app runs no relay: the row stays waiting.
    await env.orm.em.getConnection().execute(`insert into outbox (queue, job_name, payload, delay_ms, job_key, created_at)
      values ('claims', 'submit', '{"payerId": 1}', 0, gen_random_uuid(), now() - interval '120 seconds')`);
    const app = await healthOnlyApp(env.orm);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).to.equal(503);
    expect(ready.json()).to.deep.include({ status: 'not-ready', down: [], lagging: ['outbox'] });
    expect(ready.json().outbox.state).to.equal('lagging');
    expect(ready.json().outbox.oldestWaitingSeconds).to.be.at.least(120);
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).to.equal(200);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).to.equal(200);
  });

  it('is not ready, naming Postgres, when Postgres is unreachable (the outbox then unknown)', async () => {
    const orm = await openOrm({ url: 'postgres://postgres@127.0.0.1:1/rcm', schema: 'public' }, { connect: false });
    env.defer(() => orm.close());
    const app = await healthOnlyApp(orm);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).to.equal(503);
    expect(ready.json()).to.deep.include({ status: 'not-ready', redis: 'up', postgres: 'down', down: ['postgres'], lagging: [] });
    expect(ready.json().outbox).to.deep.equal({ state: 'unknown', oldestWaitingSeconds: null, thresholdSeconds: 60 });
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).to.equal(200);
  });
});
