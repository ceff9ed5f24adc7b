import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { testCatalog } from '../../support/test-catalog.js';
import { dropClaimFile, importFile, recentClaim, upstream837 } from '../claims/claims-support.js';
import { HandlerRegistry } from '../../../src/queues/handlers.js';
import { catalog } from '../../../src/queues/registry.js';
import { jobOptions } from '../../../src/queues/job-options.js';
import { RequestRefused, TransientError } from '../../../src/errors.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { listDeadLetters, replayJob, replaySince } from '../../../src/services/operations/dead-letters.service.js';
import { setPolicy } from '../../../src/services/operations/retry-policies.service.js';
import { policyDeps, queuesOf, refusal, replayDeps, rows, startWorker } from './operations-support.js';

describe('dead letters: kept, a task, replayed once', () => {
  const env = useTestEnv();

  it('replays a dead letter once, closes its task, audits it, and refuses unknown, waiting and replayed jobs', async () => {
    const admin = await signedInPerson(env.orm, 'admin');
    const operator = await signedInPerson(env.orm, 'operator');
    const specialist = await signedInPerson(env.orm, 'specialist');
    const queues = queuesOf(env, testCatalog);
    await setPolicy(policyDeps(env, queues), admin.login, 'testq', { attempts: 1 }, 'one try in this test');
    let failing = true;
    let runs = 0;
    startWorker(env, 'testq', new HandlerRegistry(testCatalog).register('testq', {
      noop: async () => {
        runs += 1;
        if (failing) throw new TransientError('clearinghouse timed out');
      },
      slow: async ({ ms }) => { await new Promise((r) => setTimeout(r, ms)); },
    }));
    const queue = queues.get('testq');
    await queue.add('noop', { n: 1 }, jobOptions('testq', 'dl-1'));
    await queue.add('noop', { n: 2 }, jobOptions('testq', 'dl-2'));
    await waitFor(async () => (await rows(env, 'select id from dead_letter')).length === 2, 10000, 'two dead letters');
    const listed = await listDeadLetters(sqlRunner(env.orm.em.fork()), { queue: 'testq' });
    expect(listed.map((l) => [l.jobId, l.status, l.payload])).to.have.deep.members([['dl-1', 'open', { n: 1 }], ['dl-2', 'open', { n: 2 }]]);

    const deps = replayDeps(env, queues);
    expect(await refusal(replayJob(deps, specialist.login, 'dl-1'))).to.deep.include(403);
    expect(await refusal(replayJob(deps, operator.login, 'no-such-job'))).to.deep.equal([404, 'no dead letter for job no-such-job; nothing replayed']);

    failing = false;
    // Two replays at once: one puts the job back, the other is refused; the work runs once.
    const both = await Promise.allSettled([replayJob(deps, operator.login, 'dl-1'), replayJob(deps, operator.login, 'dl-1')]);
    const done = both.filter((r) => r.status === 'fulfilled') as Array<PromiseFulfilledResult<Awaited<ReturnType<typeof replayJob>>>>;
    expect(done).to.have.length(1);
    expect(done[0].value).to.include({ jobId: 'dl-1', how: 'retried', taskClosed: true });
    const refused = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as RequestRefused).statusCode).to.equal(409);
    await waitFor(async () => (await (await queue.getJob('dl-1'))!.getState()) === 'completed', 10000, 'the replayed job');
    expect(runs).to.equal(3);
    const [letter] = await rows(env, `select status, replayed_by, task_id from dead_letter where job_id = 'dl-1'`);
    expect(letter).to.include({ status: 'replayed', replayed_by: operator.login });
    const [task] = await rows(env, 'select status, outcome from task where id = ?', [letter.task_id]);
    expect(task).to.include({ status: 'done', outcome: 'retried' });
    const [again] = [await refusal(replayJob(deps, operator.login, 'dl-1'))];
    expect(again[0]).to.equal(409);
    expect(again[1]).to.match(/^job dl-1 was replayed at .* by operator\d+ and is completed now; nothing replayed$/);

    // A job still running is refused and keeps its dead letter open.
    await queue.add('slow', { ms: 3000, marker: 1 }, jobOptions('testq', 'dl-3'));
    await waitFor(async () => (await (await queue.getJob('dl-3'))!.getState()) === 'active', 10000, 'dl-3 running');
    await env.orm.em.fork().getConnection().execute(
      `insert into dead_letter (queue, job_id, job_name, payload, attempts, error_class, error_message, reason, first_queued_at, failed_at)
       values ('testq', 'dl-3', 'slow', '{}', 1, 'Error', 'Error: details withheld', 'attempts-used', now(), now())`);
    expect(await refusal(replayJob(deps, admin.login, 'dl-3'))).to.deep.equal([409, 'job dl-3 is active, not failed; nothing replayed']);
    expect((await rows(env, `select status from dead_letter where job_id = 'dl-3'`))[0].status).to.equal('open');

    // By queue and time: dl-2 is replayed, dl-3 (still running) is listed as refused.
    const bulk = await replaySince(deps, admin.login, 'testq', new Date(Date.now() - 3_600_000));
    expect(bulk.replayed.map((r) => r.jobId)).to.deep.equal(['dl-2']);
    expect(bulk.refused).to.deep.equal([{ jobId: 'dl-3', reason: 'job dl-3 is active, not failed' }]);
    const audits = await rows(env, `select actor, action, detail from audit_event where action = 'job.replay' order by id`);
    expect(audits.map((a) => [a.actor, a.detail.jobId])).to.deep.equal([[operator.login, 'dl-1'], [admin.login, 'dl-2']]);
  });

  it('stops retrying a claim job near its filing deadline and opens a filing-deadline task instead', async () => {
    const fileId = await dropClaimFile(env, undefined, 'late.837', upstream837([recentClaim(1)]));
    await importFile(env, fileId);
    const [claim] = await rows(env, 'select c.id, c.payer_id, c.charge_cents from claim c order by id limit 1');
    // Served 2026-11-02: a 35-day window ends 2026-12-07, and retries stop 5 days before: already past.
    await env.orm.em.fork().getConnection().execute('update payer set timely_filing_days = 35 where id = ?', [claim.payer_id]);
    const queues = queuesOf(env, catalog);
    startWorker(env, 'claims', new HandlerRegistry(catalog).register('claims', {
      scrub: async () => { throw new TransientError('clearinghouse timed out'); },
    }));
    await queues.get('claims').add('scrub', { claimId: claim.id }, jobOptions('claims', 'scrub-late-1'));
    const [letter] = await waitFor(async () => {
      const found = await rows(env, `select * from dead_letter where job_id = 'scrub-late-1'`);
      return found.length === 1 && found;
    }, 10000, 'the dead letter');
    expect(letter).to.include({ attempts: 1, reason: 'filing-deadline', error_class: 'TransientError' });
    const tasks = await rows(env, `select id, type, subject_type, subject_id, to_char(deadline, 'YYYY-MM-DD') as deadline, amount_at_risk_cents from task where type in ('filing-deadline', 'dead-letter')`);
    expect(tasks).to.have.length(1);
    expect(tasks[0]).to.include({ id: letter.task_id, type: 'filing-deadline', subject_type: 'claim', subject_id: claim.id, deadline: '2026-12-07' });
    expect(Number(tasks[0].amount_at_risk_cents)).to.equal(Number(claim.charge_cents));
  });
});
