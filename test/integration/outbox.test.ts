import { expect } from 'chai';
import { Queue } from 'bullmq';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { PrivateRedis } from '../support/private-redis.js';
import { createRedis } from '../../src/queues/connection.js';
import { QueueSet } from '../../src/queues/queue-set.js';
import { OutboxRelay, outboxJobId } from '../../src/queues/outbox-relay.js';
import { catalog } from '../../src/queues/registry.js';
import { enqueue, enqueueMany, producer } from '../../src/queues/producer.js';
import { defaultJobOptions, jobIds } from '../../src/queues/job-options.js';
import { OutboxMessage, Payer } from '../../src/db/entities/index.js';

describe('transactional outbox', () => {
  const env = useTestEnv();

  function relayFor(redisUrl: string) {
    const redis = createRedis(redisUrl, 'producer');
    redis.on('error', () => undefined);
    const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger);
    const relay = new OutboxRelay(env.orm, queues, env.logger, 50);
    env.defer(async () => {
      await relay.stop();
      await queues.close();
      redis.disconnect();
    });
    return { relay, queues };
  }

  it('writes a job together with the data that caused it', async () => {
    const em = env.orm.em.fork();
    await em.transactional(async (tx) => {
      const payer = tx.create(Payer, { payerId: '99TEST', name: 'Invented Health Plan' });
      await tx.flush();
      enqueue(tx, 'claims', 'submit', { payerId: payer.id });
    });
    const { relay, queues } = relayFor(env.config.redis.url);
    expect(await relay.relayOnce()).to.equal(1);
    const [row] = await env.orm.em.fork().find(OutboxMessage, {});
    const job = await queues.get('claims').getJob(outboxJobId(row.jobKey));
    expect(job?.name).to.equal('submit');
    const [payer] = await env.orm.em.fork().find(Payer, {});
    expect(job?.data).to.deep.equal({ payerId: payer.id });
    expect(row.payload).to.deep.equal({ payerId: payer.id });
    expect(row.sentAt).to.be.instanceOf(Date);
  });

  it('leaves no job for a rolled-back write', async () => {
    const em = env.orm.em.fork();
    await em
      .transactional(async (tx) => {
        tx.create(Payer, { payerId: '99ROLL', name: 'Invented Rollback Plan' });
        enqueue(tx, 'claims', 'submit', { payerId: 1 });
        await tx.flush();
        throw new Error('business rule says no');
      })
      .catch(() => undefined);
    const { relay, queues } = relayFor(env.config.redis.url);
    expect(await relay.relayOnce()).to.equal(0);
    expect(await env.orm.em.fork().count(OutboxMessage, {})).to.equal(0);
    expect(await queues.get('claims').count()).to.equal(0);
  });

  it('delivers a job committed while Redis was down once Redis is back', async () => {
    const redis = await PrivateRedis.start();
    env.defer(() => redis.down());
    const { relay, queues } = relayFor(redis.url);
    await redis.down();

    await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'assign', { taskId: 42 }));
    let failed = false;
    await relay.relayOnce().catch(() => (failed = true));
    expect(failed, 'relay must fail while Redis is down').to.equal(true);
    const [row] = await env.orm.em.fork().find(OutboxMessage, {});
    expect(row.sentAt).to.equal(null);

    relay.start(); // keeps retrying with backoff in the background
    await redis.up();
    const job = await waitFor(() => queues.get('tasks').getJob(outboxJobId(row.jobKey)), 15000, 'the job to arrive');
    expect(job.data).to.deep.equal({ taskId: 42 });
    expect(await queues.get('tasks').count()).to.equal(1);
  });

  it('enqueues nothing twice when the relay runs twice', async () => {
    await env.orm.em.fork().transactional(async (tx) => {
      enqueue(tx, 'reconciliation', 'aging', { asOf: '2026-11-26' });
      enqueue(tx, 'reconciliation', 'accounts', { asOf: '2026-11-26' });
    });
    const { relay, queues } = relayFor(env.config.redis.url);
    const other = relayFor(env.config.redis.url).relay;
    const delivered = await Promise.all([relay.relayOnce(), other.relayOnce()]);
    expect(delivered[0] + delivered[1]).to.equal(2);

    // A relay that died after adding but before marking the rows sent: re-adding is a no-op.
    await env.orm.em.getConnection().execute('update outbox set sent_at = null');
    expect(await relay.relayOnce()).to.equal(2);
    const queue: Queue = queues.get('reconciliation');
    expect(await queue.count()).to.equal(2);
  });

  it('validates the payload when the job is written', async () => {
    const em = env.orm.em.fork();
    expect(() => enqueue(em, 'claims', 'scrub', { claimId: 1, memberId: 'XYZ123' } as never)).to.throw(/claims\.scrub/);
  });

  it('relays a delayed fan-out with the queue options and the delay', async () => {
    await env.orm.em.fork().transactional((tx) => enqueueMany(tx, 'tasks', 'sla', [{ taskId: 1 }, { taskId: 2 }], { delayMs: 60_000 }));
    const { relay, queues } = relayFor(env.config.redis.url);
    expect(await relay.relayOnce()).to.equal(2);
    const rows = await env.orm.em.fork().find(OutboxMessage, {}, { orderBy: { id: 'asc' } });
    const jobs = await Promise.all(rows.map((row) => queues.get('tasks').getJob(jobIds.outbox(row.jobKey))));
    expect(jobs.map((j) => j?.data)).to.deep.equal([{ taskId: 1 }, { taskId: 2 }]);
    const expected = defaultJobOptions('tasks');
    for (const job of jobs) {
      expect(job!.opts).to.deep.include({ attempts: expected.attempts, backoff: expected.backoff, delay: 60_000 });
      expect(await job!.getState()).to.equal('delayed');
    }
  });
});

describe('flows through the producer', () => {
  const env = useTestEnv();

  it('adds a validated parent with its children, each with its id and the queue options, once', async () => {
    const redis = createRedis(env.config.redis.url, 'producer');
    const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger);
    env.defer(async () => {
      await queues.close();
      redis.disconnect();
    });
    const flow = {
      parent: producer.flowJob('posting', 'finalize', { remittanceId: 9 }, jobIds.postingFinalize('rem-9')),
      children: [
        producer.flowJob('posting', 'chunk', { remittanceId: 9, from: 0, to: 2 }, jobIds.postingChunk('rem-9', 0, 2)),
        producer.flowJob('posting', 'chunk', { remittanceId: 9, from: 2, to: 3 }, jobIds.postingChunk('rem-9', 2, 3)),
      ],
    };
    const target = { connection: redis, prefix: env.config.queuePrefix };
    await producer.addFlows(target, [flow]);
    await producer.addFlows(target, [flow]); // the era job re-run: nothing twice

    const posting = queues.get('posting');
    const parent = await posting.getJob('posting-rem-9-finalize');
    expect(parent?.name).to.equal('finalize');
    expect(await parent!.getState()).to.equal('waiting-children');
    const expected = defaultJobOptions('posting');
    expect(parent!.opts).to.deep.include({ attempts: expected.attempts, backoff: expected.backoff });
    const child = await posting.getJob('posting-rem-9-chunk-0-2');
    expect(child?.data).to.deep.equal({ remittanceId: 9, from: 0, to: 2 });
    expect(child!.opts).to.deep.include({ attempts: expected.attempts, backoff: expected.backoff });
    expect(await posting.getJobCountByTypes('waiting', 'waiting-children')).to.equal(3);
  });
});
