// `rcm queues pause` as an operator would type it: an unknown queue is refused (exit 2, nothing
// paused), a pause shows in `rcm queues status` with who and why. Three spawns only (each costs
// seconds); resuming is the same service, tested in test/integration/operations.
import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { adminCli } from '../support/run-cli.js';
import { signedInPerson } from '../support/sign-in.js';
import { queueRunStates, resumeQueue } from '../../src/services/operations/queue-pause.service.js';
import { sqlRunner } from '../../src/db/sql.js';
import { createRedis, whenReady } from '../../src/queues/connection.js';
import { QueueSet } from '../../src/queues/queue-set.js';
import { catalog } from '../../src/queues/registry.js';

describe('rcm queues pause and resume', () => {
  const env = useTestEnv();

  it('refuses an unknown queue, pauses a queue (shown in status with the reason), auditing it', async function () {
    this.timeout(120000);
    const { rcm, ok } = adminCli(env.childEnv);
    const operator = await signedInPerson(env.orm, 'operator');
    const unknown = await rcm('queues', 'pause', 'billing', '--reason', 'test', '--as', operator.login);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.equal('rcm: unknown queue "billing" (queues: claims, posting, reconciliation, collections, tasks); nothing changed\n');

    const paused = await ok('queues', 'pause', 'posting', '--reason', 'bank file late', '--as', operator.login);
    expect(paused).to.deep.include({ changed: true });
    const status = await rcm('queues', 'status');
    expect(status.code, status.stderr).to.equal(0);
    expect(status.stdout).to.match(/^posting\s+paused\s/m).and.match(/^claims\s+running\s/m);
    expect(status.stdout).to.include(`posting paused by ${operator.login} at `).and.include(': bank file late');

    // The engine's view of the same pause, and the resume that undoes it.
    const redis = createRedis(env.config.redis.url, 'producer');
    await whenReady(redis);
    const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger);
    env.defer(async () => { await queues.close(); redis.disconnect(); });
    const posting = (await queueRunStates(sqlRunner(env.orm.em.fork()), queues)).find((q) => q.queue === 'posting');
    expect(posting).to.deep.include({ state: 'paused', pausedBy: operator.login, reason: 'bank file late' });
    await resumeQueue(env.orm, queues, { queue: 'posting', actor: operator.login }, new Date());
    const events = await env.orm.em.fork().getConnection().execute(`select actor, action, subject_id from audit_event where action like 'queue.%' order by id`);
    expect(events).to.deep.equal([
      { actor: operator.login, action: 'queue.pause', subject_id: 'posting' }, { actor: operator.login, action: 'queue.resume', subject_id: 'posting' },
    ]);
  });
});
