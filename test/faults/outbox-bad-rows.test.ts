// The relay never stops for one bad row: rows naming a queue or job this version does not know
// are set aside with their reason (and logged once, without the payload) while the rows around
// them are delivered and their work done.
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { useTestEnv } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';
import { Engine } from '../../src/engine.js';
import { engineHandlers } from '../../workers/registry.js';
import { dropClaimFile, query, recentClaim, settledFile, statuses, upstream837 } from '../integration/claims/claims-support.js';

describe('faults: bad outbox rows', () => {
  const env = useTestEnv();

  it('sets aside a row for an unknown queue and one for an unknown job, and delivers the rows around them', async () => {
    const fileBefore = await dropClaimFile(env, undefined, 'before.837', upstream837([recentClaim(1), recentClaim(2)], 7001));
    const [unknownQueue] = await query<{ id: string }>(env,
      `insert into outbox (queue, job_name, payload, created_at) values ('billing', 'import', '{"fileId": 1, "memberId": "ZZ99887766"}', now()) returning id`);
    const [unknownJob] = await query<{ id: string }>(env,
      `insert into outbox (queue, job_name, payload, created_at) values ('claims', 'explode', '{"fileId": 1, "memberId": "ZZ99887766"}', now()) returning id`);
    const fileAfter = await dropClaimFile(env, undefined, 'after.837', upstream837([recentClaim(3)], 7002));

    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
    const engine = await Engine.start({ config: env.config, logger, registry: engineHandlers(), api: false, workerQueues: ['claims'] });
    env.defer(() => engine.stop(5000));

    expect(await settledFile(env, fileBefore)).to.equal('processed');
    expect(await settledFile(env, fileAfter)).to.equal('processed');
    expect(await statuses(env)).to.deep.equal({ PCN00001: 'ready', PCN00002: 'ready', PCN00003: 'ready' });

    const rows = await query<{ id: string; sent_at: unknown; set_aside_reason: string | null }>(env,
      'select id, sent_at, set_aside_reason from outbox where id in (?, ?) order by id', [unknownQueue.id, unknownJob.id]);
    expect(rows.map((r) => [Number(r.id), r.sent_at, r.set_aside_reason])).to.deep.equal([
      [Number(unknownQueue.id), null, 'unknown queue "billing"'],
      [Number(unknownJob.id), null, 'no job "explode" on queue "claims"'],
    ]);
    const [waiting] = await query(env, 'select count(*)::int as n from outbox where sent_at is null and set_aside_at is null');
    expect(waiting.n).to.equal(0);

    // Logged once each, with id, queue and reason; never the payload.
    const setAsideLogs = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'outbox row set aside: it cannot be delivered');
    expect(setAsideLogs.map((l) => [l.outboxId, l.queue, l.job, l.reason])).to.deep.equal([
      [Number(unknownQueue.id), 'billing', 'import', 'unknown queue "billing"'],
      [Number(unknownJob.id), 'claims', 'explode', 'no job "explode" on queue "claims"'],
    ]);
    expect(lines.join('')).not.to.include('ZZ99887766');

    const cli = await runCli(['queues', 'outbox', '--json'], env.childEnv);
    expect(cli.code, cli.stderr).to.equal(0);
    expect(JSON.parse(cli.stdout)).to.include({ waiting: 0, setAside: 2 });
    expect(cli.stdout).not.to.include('ZZ99887766');
  });
});
