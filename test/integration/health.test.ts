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
    expect(await health.json()).to.deep.include({ status: 'degraded', redis: 'down', postgres: 'up', down: ['redis'] });
  });

  it('answers 503 naming Postgres when Postgres is unreachable', async () => {
    // The engine refuses to start without Postgres, so build the app over an ORM whose
    // server has gone away: a pool pointed at a port where nothing listens.
    const orm = await openOrm({ url: 'postgres://postgres@127.0.0.1:1/rcm', schema: 'public' }, { connect: false });
    const redis = createRedis(env.config.redis.url, 'producer');
    await whenReady(redis);
    const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger);
    const app = await buildApp({ orm, redis, queues, logger: env.logger });
    env.defer(async () => {
      await app.close();
      await queues.close();
      await orm.close();
      redis.disconnect();
    });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).to.equal(503);
    expect(response.json()).to.deep.include({ redis: 'up', postgres: 'down', down: ['postgres'] });
  });
});
