import { expect } from 'chai';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { createRedis } from '../../src/queues/connection.js';
import { QueueSet } from '../../src/queues/queue-set.js';
import { OutboxRelay, outboxJobId } from '../../src/queues/outbox-relay.js';
import { catalog } from '../../src/queues/registry.js';
import { enqueue } from '../../src/queues/producer.js';
import { OutboxRepository } from '../../src/db/repositories/outbox.repository.js';
import { runCli } from '../support/run-cli.js';

describe('outbox relay: rows it cannot deliver, and sent rows past retention', () => {
  const env = useTestEnv();

  /** Job records of a final outcome for the outbox rows of these tasks' jobs, as the workers write them. */
  async function recordOutcome(taskIds: string, outcome: 'completed' | 'failed') {
    await sql(`insert into job_record (queue, job_id, name, attempt, outcome, queued_at, started_at, finished_at, wait_ms, run_ms)
               select queue, 'ob-' || job_key::text, job_name, 1, ?, now(), now(), now(), 0, 0 from outbox
               where (payload->>'taskId')::int in ${taskIds}`, [outcome]);
  }

  function relayFor(retention?: { hours: number; batchSize: number }) {
    const redis = createRedis(env.config.redis.url, 'producer');
    const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger);
    const relay = new OutboxRelay(env.orm, queues, env.logger, 50, 500, 3000, retention);
    env.defer(async () => {
      await relay.stop();
      await queues.close();
      redis.disconnect();
    });
    return { relay, queues };
  }

  const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) => env.orm.em.fork().getConnection().execute<T[]>(text, params);

  /** A row written as another version (or a hand edit) would: straight into the table. */
  async function rawRow(queue: string, jobName: string, payload: unknown, delayMs = 0): Promise<number> {
    const [row] = await sql<{ id: string }>(
      `insert into outbox (queue, job_name, payload, delay_ms, created_at) values (?, ?, ?::jsonb, ?, now()) returning id`,
      [queue, jobName, JSON.stringify(payload), delayMs],
    );
    return Number(row.id);
  }

  it('sets aside a row for an unknown queue, an unknown job or an invalid payload, with the reason, and delivers the rest', async function () {
    this.timeout(40000); // runs the CLI
    await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'assign', { taskId: 1 }));
    const unknownQueue = await rawRow('billing', 'assign', { taskId: 2 });
    await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'assign', { taskId: 3 }));
    const unknownJob = await rawRow('tasks', 'explode', { taskId: 4 });
    const invalid = await rawRow('tasks', 'assign', { taskId: 5, memberId: 'ZZ99887766' });
    await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'sla', { taskId: 6 }));

    const { relay, queues } = relayFor();
    expect(await relay.relayOnce()).to.equal(6);
    expect(await relay.relayOnce(), 'set-aside rows are not tried again').to.equal(0);

    const rows = await sql<{ id: string; job_key: string; sent_at: Date | null; set_aside_at: Date | null; set_aside_reason: string | null }>(
      'select id, job_key, sent_at, set_aside_at, set_aside_reason from outbox order by id');
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    expect(byId.get(unknownQueue)).to.include({ sent_at: null, set_aside_reason: 'unknown queue "billing"' });
    expect(byId.get(unknownJob)).to.include({ sent_at: null, set_aside_reason: 'no job "explode" on queue "tasks"' });
    expect(byId.get(invalid)!.set_aside_reason).to.match(/^invalid payload for tasks\.assign: /).and.not.include('ZZ99887766');
    for (const id of [unknownQueue, unknownJob, invalid]) expect(byId.get(id)!.set_aside_at).not.to.equal(null);

    const delivered = rows.filter((r) => ![unknownQueue, unknownJob, invalid].includes(Number(r.id)));
    expect(delivered).to.have.length(3);
    const jobs = await Promise.all(delivered.map((r) => queues.get('tasks').getJob(outboxJobId(r.job_key))));
    expect(jobs.map((j) => j?.data)).to.deep.equal([{ taskId: 1 }, { taskId: 3 }, { taskId: 6 }]);
    expect(delivered.every((r) => r.sent_at !== null && r.set_aside_at === null)).to.equal(true);
    expect(await queues.get('tasks').count()).to.equal(3);
    expect(await new OutboxRepository(env.orm.em.fork()).countUndelivered()).to.equal(0);

    const cli = await runCli(['queues', 'outbox', '--json'], env.childEnv);
    expect(cli.code, cli.stderr).to.equal(0);
    const shown = JSON.parse(cli.stdout);
    expect(shown).to.include({ waiting: 0, setAside: 3, sentKept: 3, retentionHours: 168, oldestWaitingSeconds: null });
    expect(shown.setAsideRows.map((r: { id: number }) => r.id)).to.deep.equal([invalid, unknownJob, unknownQueue]);
    expect(shown.setAsideRows[2]).to.include({ queue: 'billing', jobName: 'assign', reason: 'unknown queue "billing"' });
    expect(cli.stdout).not.to.include('ZZ99887766');

    // Given back to the relay: still unknown, so set aside again with its reason; an id that was never set aside is said.
    const retried = await runCli(['queues', 'outbox-retry', String(unknownQueue), '999999', '--json'], env.childEnv);
    expect(retried.code).to.equal(1);
    expect(JSON.parse(retried.stdout)).to.deep.equal({ released: [unknownQueue], notSetAside: [999999] });
    expect(await new OutboxRepository(env.orm.em.fork()).countUndelivered()).to.equal(1);
    expect(await relay.relayOnce()).to.equal(1);
    const [again] = await sql<{ set_aside_reason: string }>('select set_aside_reason from outbox where id = ?', [unknownQueue]);
    expect(again.set_aside_reason).to.equal('unknown queue "billing"');
  });

  it('deletes sent rows past the retention whose job finished, in bounded batches, and keeps recent, unfinished, waiting and set-aside rows', async () => {
    for (let taskId = 1; taskId <= 5; taskId++) await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'assign', { taskId }));
    await rawRow('billing', 'assign', { taskId: 9 });
    const { relay } = relayFor({ hours: 24, batchSize: 2 });
    expect(await relay.relayOnce()).to.equal(6);
    // Four of the five sent rows were sent two days ago; one an hour ago. The set-aside row is old too.
    await sql(`update outbox set sent_at = now() - interval '2 days' where sent_at is not null and (payload->>'taskId')::int <= 4`);
    await sql(`update outbox set sent_at = now() - interval '1 hour' where (payload->>'taskId')::int = 5`);
    await sql(`update outbox set created_at = now() - interval '30 days', set_aside_at = now() - interval '30 days' where queue = 'billing'`);
    await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'assign', { taskId: 10 })); // waiting
    // Jobs 1 and 2 completed, 3 failed for good, 4 has not finished (its workers down, say): 4 stays.
    await recordOutcome('(1, 2)', 'completed');
    await recordOutcome('(3)', 'failed');

    expect(await relay.deleteExpiredOnce()).to.equal(2);
    expect(await relay.deleteExpiredOnce()).to.equal(1);
    expect(await relay.deleteExpiredOnce()).to.equal(0);
    const left = await sql<{ task: number; state: string }>(
      `select (payload->>'taskId')::int as task,
              case when set_aside_at is not null then 'set aside' when sent_at is null then 'waiting' else 'sent' end as state
       from outbox order by id`);
    expect(left).to.deep.equal([{ task: 4, state: 'sent' }, { task: 5, state: 'sent' }, { task: 9, state: 'set aside' }, { task: 10, state: 'waiting' }]);
  });

  it('deletes expired rows on its own while it runs', async () => {
    for (let taskId = 1; taskId <= 3; taskId++) await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'assign', { taskId }));
    const { relay } = relayFor({ hours: 24, batchSize: 2 });
    expect(await relay.relayOnce()).to.equal(3);
    await sql(`update outbox set sent_at = now() - interval '25 hours'`);
    await recordOutcome('(1, 2, 3)', 'completed');
    relay.start();
    // Three rows at two a batch: the full first batch makes the next pass take the rest at once.
    await waitFor(async () => (await sql<{ n: number }>('select count(*)::int as n from outbox'))[0].n === 0, 10000, 'the expired rows to be deleted');
  });
});
