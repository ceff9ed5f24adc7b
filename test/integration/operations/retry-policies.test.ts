import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { testCatalog } from '../../support/test-catalog.js';
import { HandlerRegistry } from '../../../src/queues/handlers.js';
import { jobOptions } from '../../../src/queues/job-options.js';
import { BadInputError, RetryLaterError, TransientError } from '../../../src/errors.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { policyHistory, setPolicy } from '../../../src/services/operations/retry-policies.service.js';
import { policyDeps, queuesOf, refusal, rows, startWorker } from './operations-support.js';

describe('retry policies: decided when an attempt fails, changed live', () => {
  const env = useTestEnv();

  it('re-times a job already waiting for its retry, with the worker running, and counts queued jobs on a dry run', async () => {
    const admin = await signedInPerson(env.orm, 'admin');
    const queues = queuesOf(env, testCatalog);
    const deps = policyDeps(env, queues);
    await setPolicy(deps, admin.login, 'testq', { attempts: 3, backoffType: 'fixed', delayMs: 600_000 }, 'clearinghouse flaky: wait long');
    const queue = queues.get('testq');
    startWorker(env, 'testq', new HandlerRegistry(testCatalog).register('testq', {
      leaky: async () => { throw new TransientError('clearinghouse timed out'); },
      noop: async () => undefined,
    }));
    await queue.add('leaky', { marker: 1 }, jobOptions('testq', 'leaky-1'));
    const job = await waitFor(async () => {
      const j = await queue.getJob('leaky-1');
      return j && (await j.getState()) === 'delayed' && j;
    }, 10000, 'the first failure');
    // Ten minutes away under the first version.
    expect(job.timestamp + job.delay).to.be.greaterThan(Date.now() + 500_000);
    await queue.add('noop', { n: 1 }, jobOptions('testq', 'later-1', 3_600_000));

    const dry = await setPolicy(deps, admin.login, 'testq', { delayMs: 50 }, undefined, { dryRun: true });
    expect(dry).to.deep.include({ dryRun: true, affected: { waiting: 0, delayed: 1, retrying: 1, total: 2 } });
    expect(dry.version).to.equal(undefined);
    expect(await policyHistory(sqlRunner(env.orm.em.fork()), deps.known, 'testq')).to.have.length(1);

    const changed = await setPolicy(deps, admin.login, 'testq', { delayMs: 50 }, 'clearinghouse back: retry soon');
    expect(changed.version).to.equal(2);
    expect(changed.retimed).to.include({ jobs: 1 });
    // Both remaining attempts run at the new pace; the third failure ends it as a dead letter and a task.
    const [letter] = await waitFor(async () => {
      const found = await rows(env, `select * from dead_letter where job_id = 'leaky-1'`);
      return found.length === 1 && found;
    }, 10000, 'the dead letter');
    expect(letter).to.include({ queue: 'testq', job_name: 'leaky', attempts: 3, error_class: 'TransientError', reason: 'attempts-used', status: 'open' });
    expect(letter.error_message).to.equal('TransientError: clearinghouse timed out');
    const records = await rows(env, `select attempt, outcome from job_record where job_id = 'leaky-1' order by attempt`);
    expect(records.map((r) => r.outcome)).to.deep.equal(['retrying', 'retrying', 'failed']);
    const [task] = await rows(env, `select type, subject_type, subject_id, status from task where id = ?`, [letter.task_id]);
    expect(task).to.include({ type: 'dead-letter', subject_type: 'dead-letter', subject_id: letter.id, status: 'open' });
    expect(await (await queue.getJob('leaky-1'))!.getState()).to.equal('failed');

    const audits = await rows(env, `select actor, action, subject_id, detail from audit_event where action = 'policy.set' order by id`);
    expect(audits.map((a) => [a.actor, a.subject_id, a.detail.version])).to.deep.equal([[admin.login, 'testq', 1], [admin.login, 'testq', 2]]);
    expect(audits[1].detail.changed).to.deep.equal(['delayMs']);
  });

  it('refuses invalid values, unknown queues and jobs, a missing reason and a non-admin, changing nothing', async () => {
    const admin = await signedInPerson(env.orm, 'admin');
    const operator = await signedInPerson(env.orm, 'operator');
    const deps = policyDeps(env, queuesOf(env, testCatalog));
    expect(await refusal(setPolicy(deps, admin.login, 'testq', { attempts: -1 }, 'r'))).to.deep.equal([422, 'testq: attempts must be at least 1 (got -1); nothing changed']);
    expect(await refusal(setPolicy(deps, admin.login, 'testq', { delayMs: 5000, maxDelayMs: 1000 }, 'r'))).to.deep.equal([422, 'testq: max delay 1000 ms is below the delay 5000 ms; nothing changed']);
    expect((await refusal(setPolicy(deps, admin.login, 'testq', { jitter: 1.5 }, 'r')))[0]).to.equal(422);
    expect((await refusal(setPolicy(deps, admin.login, 'nosuch', { attempts: 2 }, 'r')))).to.deep.equal([404, 'unknown queue "nosuch" (queues: testq); nothing changed']);
    expect((await refusal(setPolicy(deps, admin.login, 'testq.nosuch', { attempts: 2 }, 'r')))[1]).to.match(/^unknown job "nosuch" on queue "testq"/);
    expect((await refusal(setPolicy(deps, admin.login, 'testq', { attempts: 2 }, '  ')))[1]).to.match(/a reason is required/);
    expect((await refusal(setPolicy(deps, operator.login, 'testq', { attempts: 2 }, 'r')))[0]).to.equal(403);
    expect(await rows(env, 'select * from retry_policy_version')).to.have.length(0);
    expect(await rows(env, `select * from audit_event where action = 'policy.set'`)).to.have.length(0);
  });

  it('applies each error class: bad input at once, a never-retry class at once, a deferral without an attempt', async () => {
    const admin = await signedInPerson(env.orm, 'admin');
    const queues = queuesOf(env, testCatalog);
    const deps = policyDeps(env, queues);
    await setPolicy(deps, admin.login, 'testq.leaky', { attempts: 5, delayMs: 10, neverRetry: ['TypeError'] }, 'TypeErrors are bugs');
    let deferrals = 0;
    startWorker(env, 'testq', new HandlerRegistry(testCatalog).register('testq', {
      leaky: async () => { throw new TypeError('x is undefined'); },
      bad: async ({ marker }) => { throw new BadInputError(`file ${marker} has no ISA segment`); },
      noop: async () => {
        if (deferrals++ < 2) throw new RetryLaterError('breaker open for clearinghouse', 20);
      },
    }));
    const queue = queues.get('testq');
    await queue.add('leaky', { marker: 1 }, jobOptions('testq', 'never-1'));
    await queue.add('bad', { marker: 7 }, jobOptions('testq', 'bad-1'));
    await queue.add('noop', { n: 1 }, jobOptions('testq', 'deferred-1'));
    const letters = await waitFor(async () => {
      const found = await rows(env, `select job_id, attempts, error_class, reason, task_id from dead_letter order by job_id`);
      return found.length === 2 && found;
    }, 10000, 'two dead letters');
    expect(letters.map((l) => [l.job_id, l.attempts, l.error_class, l.reason])).to.deep.equal([
      ['bad-1', 1, 'BadInputError', 'bad-input'], ['never-1', 1, 'TypeError', 'never-retry'],
    ]);
    const tasks = await rows(env, `select type, reason_codes from task order by id`);
    expect(tasks.map((t) => t.type)).to.deep.equal(['dead-letter', 'dead-letter']);
    await waitFor(async () => (await (await queue.getJob('deferred-1'))!.getState()) === 'completed', 10000, 'the deferred job to complete');
    expect(deferrals).to.equal(3);
    // Deferrals are not attempts: one record, attempt 1, completed. A completed attempt's record
    // is written in the background (the recorder's next batch), so it may land just after the state.
    const records = async () => (await rows(env, `select attempt, outcome from job_record where job_id = 'deferred-1'`)).map((r) => [r.attempt, r.outcome]);
    await waitFor(async () => (await records()).length > 0 || undefined, 5000, 'the completed attempt recorded');
    await new Promise((r) => setTimeout(r, 100)); // a second record, were there one, would have followed by now
    expect(await records()).to.deep.equal([[1, 'completed']]);
  });
  it('gives a job queued before a change the new policy when its attempt fails', async () => {
    const admin = await signedInPerson(env.orm, 'admin');
    const queues = queuesOf(env, testCatalog);
    const queue = queues.get('testq');
    await queue.add('leaky', { marker: 1 }, jobOptions('testq', 'queued-1'));
    // Config would give it 3 attempts, 1 s apart and doubling; the change gives 2, 10 ms apart.
    const change = await setPolicy(policyDeps(env, queues), admin.login, 'testq.leaky', { attempts: 2, backoffType: 'fixed', delayMs: 10 }, 'fail fast');
    expect(change.affected).to.deep.equal({ waiting: 1, delayed: 0, retrying: 0, total: 1 });
    startWorker(env, 'testq', new HandlerRegistry(testCatalog).register('testq', { leaky: async () => { throw new TransientError('timed out'); } }));
    const [letter] = await waitFor(async () => {
      const found = await rows(env, `select attempts, reason from dead_letter where job_id = 'queued-1'`);
      return found.length === 1 && found;
    }, 10000, 'the dead letter');
    expect(letter).to.deep.equal({ attempts: 2, reason: 'attempts-used' });
  });
});
