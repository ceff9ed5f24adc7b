// The scheduled jobs of config/schedules.ts: created as BullMQ job schedulers in the office's zone
// when a queue's workers start (and on record for the repair sweep), listed with their next run,
// and run on demand for an office day through the outbox, which the engine's worker then runs.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { jobIds } from '../../../src/queues/job-options.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { listSchedules, runScheduleNow } from '../../../src/services/schedules/scheduled-jobs.service.js';
import { nextRunOf, scheduleNamed, UnknownScheduleError } from '../../../src/domain/schedules.js';
import { SCHEDULES } from '../../../config/schedules.js';
import { hasJobScheduler } from '../../../src/queues/job-lookup.js';
import { importDepositFile } from '../../../src/services/deposits/deposit-import.service.js';
import { BadInputError } from '../../../src/errors.js';
import { loseRedis, query, repairRig } from '../repair/repair-support.js';
import { addRemittances, bai2Report } from '../deposits/deposit-support.js';

describe('scheduled jobs', () => {
  const env = useTestEnv();
  const timezone = 'America/Chicago';

  async function startEngine(workerQueues: Array<'reconciliation' | 'collections'>): Promise<Engine> {
    const config = { ...env.config, timezone, repair: { intervalMs: 0, graceMs: 0 } };
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues });
    env.defer(() => engine.stop());
    return engine;
  }

  it('reads every configured pattern, and knows its next run in the office zone', () => {
    expect(SCHEDULES.map((s) => s.name)).to.have.members([
      'reconciliation.deposits', 'reconciliation.accounts', 'reconciliation.aging', 'collections.dunning', 'collections.plans', 'collections.follow-up',
      'reconciliation.kpi-snapshot',
    ]);
    for (const s of SCHEDULES) expect(() => nextRunOf(s.pattern, timezone, new Date()), s.name).not.to.throw();
    // 07:00 in Chicago is 13:00 UTC in winter and 12:00 UTC in summer.
    expect(nextRunOf('0 7 * * *', timezone, new Date('2026-12-04T18:00:00Z')).toISOString()).to.equal('2026-12-05T13:00:00.000Z');
    expect(nextRunOf('0 7 * * *', timezone, new Date('2026-07-04T18:00:00Z')).toISOString()).to.equal('2026-07-05T12:00:00.000Z');
    expect(() => scheduleNamed('reconciliation.deposit')).to.throw(UnknownScheduleError, 'no schedule named "reconciliation.deposit"; schedules are');
  });

  it('creates the schedulers of the queues whose workers start, in the office zone, on record for the repair sweep', async () => {
    const engine = await startEngine(['reconciliation', 'collections']);
    const reconciliation = engine.queues.get('reconciliation');
    const id = jobIds.configuredScheduler('reconciliation.deposits');
    const scheduler = await waitFor(() => reconciliation.getJobScheduler(id), 10000, 'the deposits scheduler');
    expect(scheduler).to.include({ name: 'deposits', pattern: '0 7 * * *', tz: timezone });
    await waitFor(async () => (await query(env, 'select count(*)::int as n from job_schedule'))[0].n === 7, 10000, 'seven schedules on record');
    expect(await query(env, `select queue, job_name, payload, pattern, tz from job_schedule where scheduler_id = ?`, [id])).to.deep.equal([
      { queue: 'reconciliation', job_name: 'deposits', payload: {}, pattern: '0 7 * * *', tz: timezone },
    ]);

    const views = await listSchedules({ timezone, clock: fixedClock('2026-12-04T18:00:00Z'),
      isScheduled: (queue, schedulerId) => hasJobScheduler(engine.queues.get(queue as 'reconciliation'), schedulerId) });
    expect(views.find((v) => v.name === 'reconciliation.deposits')).to.deep.include({
      pattern: '0 7 * * *', timezone, enabled: true, nextRun: '2026-12-05T13:00:00.000Z', scheduled: true, schedulerId: id,
    });
    expect(views.every((v) => v.scheduled)).to.equal(true);
    await engine.stop();

    await loseRedis(env);
    const repairs = (await repairRig(env).sweep()).repairs.map((r: { subject: string }) => r.subject);
    expect(repairs).to.include(`scheduler ${id} (at "0 7 * * *" ${timezone})`);
  });

  it('runs one on demand for an office day through the outbox; the worker matches deposits as of that day', async () => {
    await env.orm.em.fork().transactional((tx) => addRemittances(tx, [{ trace: 'EFT-77', paymentCents: 5000, paymentDate: '2026-11-30' }]));
    await importDepositFile(env.orm.em.fork(), { fileName: 'd.bai2', content: Buffer.from(bai2Report('261201', [{ amountCents: 5000, trace: 'EFT-77' }, { amountCents: 700, trace: 'NONE' }])) },
      { timezone, actor: 'tester' });
    const clock = fixedClock('2026-12-20T15:00:00Z');
    const run = await env.orm.em.fork().transactional((em) => runScheduleNow(em, 'reconciliation.deposits', { asOf: '2026-12-01', actor: 'ops', timezone, clock }));
    expect(run).to.deep.equal({ name: 'reconciliation.deposits', queue: 'reconciliation', job: 'deposits', asOf: '2026-12-01' });
    expect(await query(env, `select queue, job_name, payload from outbox where queue = 'reconciliation'`)).to.deep.equal([
      { queue: 'reconciliation', job_name: 'deposits', payload: { asOf: '2026-12-01' } },
    ]);
    expect(await query(env, `select actor, subject_id, detail from audit_event where action = 'schedules.run'`)).to.deep.equal([
      { actor: 'ops', subject_id: 'reconciliation.deposits', detail: { asOf: '2026-12-01' } },
    ]);

    await startEngine(['reconciliation']);
    await waitFor(async () => (await query(env, `select count(*)::int as n from deposit where status = 'matched'`))[0].n === 1, 15000, 'the deposit matched');
    // As of 2026-12-01 the other deposit is not 5 days old: no task (a run for today would open one).
    await waitFor(async () => (await query(env, `select count(*)::int as n from job_record where queue = 'reconciliation' and outcome = 'completed'`))[0].n === 1, 10000, 'the run recorded');
    expect(await query(env, `select count(*)::int as n from task where type = 'deposit-variance'`)).to.deep.equal([{ n: 0 }]);
  });

  it('refuses an unknown name and a bad date, enqueueing nothing', async () => {
    const options = { actor: 'ops', timezone, clock: fixedClock('2026-12-20T15:00:00Z') };
    const unknown = await env.orm.em.fork().transactional((em) => runScheduleNow(em, 'deposits', options)).catch((e) => e);
    expect(unknown).to.be.instanceOf(UnknownScheduleError);
    const badDate = await env.orm.em.fork().transactional((em) => runScheduleNow(em, 'collections.dunning', { ...options, asOf: '2026-02-30' })).catch((e) => e);
    expect(badDate).to.be.instanceOf(BadInputError);
    expect(badDate.message).to.equal('as-of date "2026-02-30" is not a calendar date in YYYY-MM-DD form');
    // Without --as-of: today in the office zone (still the 19th in Chicago at 03:00 UTC on the 20th).
    const today = await env.orm.em.fork().transactional((em) => runScheduleNow(em, 'collections.dunning', { ...options, clock: fixedClock('2026-12-20T03:00:00Z') }));
    expect(today.asOf).to.equal('2026-12-19');
    expect(await query(env, 'select count(*)::int as n from outbox')).to.deep.equal([{ n: 1 }]);
  });
});
