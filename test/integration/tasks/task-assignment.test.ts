// Assignment against real Postgres: who gets which task, the events it leaves, running it twice
// (and two runs at once) without over-filling anyone, the rebalance, and the whole path from a
// task's creation through the outbox to the `tasks.assign-batch` job.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { assignOpenTasks, rebalanceTasks } from '../../../src/services/tasks/task-assignment.service.js';
import { pullNextTask } from '../../../src/services/tasks/task-pull.service.js';
import { PeopleRepository } from '../../../src/db/repositories/people.repository.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { addPayer, eventsOf, openTestTasks, taskRow } from './task-routing-support.js';

describe('task assignment', () => {
  const env = useTestEnv();
  // Wednesday 10:00 in Chicago; test people work around the clock unless a test says otherwise.
  const clock = fixedClock('2026-12-02T16:00:00Z');

  async function assignedTo(): Promise<Map<string, number>> {
    const rows = await sqlRunner(env.orm.em.fork())<{ login: string; n: string }>(
      `select s.login, count(*) as n from task t join specialist s on s.id = t.assignee_id where t.status = 'assigned' group by s.login`,
    );
    return new Map(rows.map((r) => [r.login, Number(r.n)]));
  }

  it('gives each task to the least loaded eligible specialist, highest priority first, with an assigned event', async () => {
    await signedInPerson(env.orm, 'specialist', { login: 'ana', skills: ['denials'], capacity: 2 });
    await signedInPerson(env.orm, 'specialist', { login: 'ben', skills: ['denials'], capacity: 2 });
    await signedInPerson(env.orm, 'specialist', { login: 'poster', skills: ['posting'] });
    await signedInPerson(env.orm, 'supervisor', { login: 'sue', skills: ['denials'] });
    const [low, high, middle, lowest, extra] = await openTestTasks(env.orm, [
      { priority: 10 }, { priority: 90 }, { priority: 50 }, { priority: 5 }, { priority: 1 },
    ]);
    const result = await assignOpenTasks(env.orm.em.fork(), 'pool', { clock });
    expect(result).to.deep.equal({ assigned: 4, leftInPool: 1 });
    // Both start empty and never assigned: ana (lower id) first, then the least loaded alternate.
    expect((await taskRow(env.orm, high)).assignee).to.equal('ana');
    expect((await taskRow(env.orm, middle)).assignee).to.equal('ben');
    expect((await taskRow(env.orm, low)).assignee).to.equal('ana');
    expect((await taskRow(env.orm, lowest)).assignee).to.equal('ben');
    expect(await taskRow(env.orm, extra)).to.deep.equal({ status: 'open', assignee: null, leaseExpiresAt: null }); // both full
    expect(await eventsOf(env.orm, high)).to.deep.equal([
      { kind: 'created', actor: 'system', detail: { type: 'denial', reasonKey: 'CO-16' } },
      { kind: 'assigned', actor: 'system', detail: { to: 'ana', from: null } },
    ]);
    const [audit] = await sqlRunner(env.orm.em.fork())(`select actor, action, detail from audit_event where action = 'task.assigned' and subject_id = ?`, [String(high)]);
    expect(audit).to.deep.equal({ actor: 'system', action: 'task.assigned', detail: { to: 'ana', from: null } });
  });

  it('ranks by idle time when loads are equal: the one given a task longest ago goes first', async () => {
    await signedInPerson(env.orm, 'specialist', { login: 'recent', skills: ['denials'] });
    await signedInPerson(env.orm, 'specialist', { login: 'waiting', skills: ['denials'] });
    await sqlRunner(env.orm.em.fork())(`update specialist set last_task_at = case login when 'recent' then '2026-12-02T15:00:00Z'::timestamptz
      else '2026-12-02T09:00:00Z'::timestamptz end`);
    const [task] = await openTestTasks(env.orm, [{}]);
    await assignOpenTasks(env.orm.em.fork(), 'pool', { clock });
    expect((await taskRow(env.orm, task)).assignee).to.equal('waiting');
  });

  it('applies the payer, certification, level and shift rules', async () => {
    const aetna = await addPayer(env.orm, '60054');
    await addPayer(env.orm, '87726');
    // First in line (lowest id, no load) for everything, but off shift at 10:00 in Chicago.
    await signedInPerson(env.orm, 'specialist', { login: 'night', skills: ['denials'], level: 'senior', certifications: ['CPC'],
      timeZone: 'America/Chicago', workingHours: { start: '22:00', end: '06:00', days: [1, 2, 3, 4, 5] } });
    await signedInPerson(env.orm, 'specialist', { login: 'uhc-only', skills: ['denials'], payers: ['87726'], level: 'senior', certifications: ['CPC'] });
    await signedInPerson(env.orm, 'specialist', { login: 'generalist', skills: ['denials'], level: 'mid' });
    await signedInPerson(env.orm, 'specialist', { login: 'coder', skills: ['denials'], certifications: ['CCS'], level: 'mid' });
    await signedInPerson(env.orm, 'specialist', { login: 'senior', skills: ['denials'], level: 'senior' });
    const [aetnaCoding, bigAppeal, plain] = await openTestTasks(env.orm, [
      { payerId: aetna, reasonCodes: ['CO-4'], priority: 30 },
      { payerId: aetna, amountAtRiskCents: 20_000_00, priority: 20 },
      { payerId: aetna, priority: 10 },
    ]);
    await assignOpenTasks(env.orm.em.fork(), 'pool', { clock });
    expect((await taskRow(env.orm, aetnaCoding)).assignee).to.equal('coder');
    expect((await taskRow(env.orm, bigAppeal)).assignee).to.equal('senior');
    expect((await taskRow(env.orm, plain)).assignee).to.equal('generalist');
  });

  it('leaves a task nobody may take in the pool, and the rebalance gives it out once someone can', async () => {
    const [task] = await openTestTasks(env.orm, [{ type: 'quarantined-file', subjectType: 'file', reasonCodes: ['BAD-ISA'] }]);
    await signedInPerson(env.orm, 'specialist', { login: 'denials-only', skills: ['denials'] });
    expect(await assignOpenTasks(env.orm.em.fork(), 'pool', { clock })).to.deep.equal({ assigned: 0, leftInPool: 0 });
    expect(await taskRow(env.orm, task)).to.deep.include({ status: 'open', assignee: null });
    await signedInPerson(env.orm, 'specialist', { login: 'edi', skills: ['edi'] });
    expect(await rebalanceTasks(env.orm.em.fork(), { clock })).to.deep.equal({ leasesExpired: 0, assigned: 1, leftInPool: 0 });
    expect(await taskRow(env.orm, task)).to.deep.include({ status: 'assigned', assignee: 'edi' });
  });

  it('assigns nothing twice: a second run, and a task already assigned, are left alone', async () => {
    await signedInPerson(env.orm, 'specialist', { login: 'ana', skills: ['denials'] });
    const ids = await openTestTasks(env.orm, [{}, {}, {}]);
    expect((await assignOpenTasks(env.orm.em.fork(), { fromTaskId: ids[0], toTaskId: ids[2] }, { clock })).assigned).to.equal(3);
    await signedInPerson(env.orm, 'specialist', { login: 'ben', skills: ['denials'] }); // less loaded now, but the tasks are taken
    expect(await assignOpenTasks(env.orm.em.fork(), { fromTaskId: ids[0], toTaskId: ids[2] }, { clock })).to.deep.equal({ assigned: 0, leftInPool: 0 });
    expect(await assignedTo()).to.deep.equal(new Map([['ana', 3]]));
    for (const id of ids) expect((await eventsOf(env.orm, id)).filter((e) => e.kind === 'assigned')).to.have.length(1);
  });

  it('two runs at once never fill a person past capacity nor assign a task twice', async () => {
    await signedInPerson(env.orm, 'specialist', { login: 'ana', skills: ['denials'], capacity: 7 });
    await signedInPerson(env.orm, 'specialist', { login: 'ben', skills: ['denials'], capacity: 5 });
    const ids = await openTestTasks(env.orm, Array.from({ length: 40 }, (_, i) => ({ priority: i })));
    const range = { fromTaskId: ids[0], toTaskId: ids[ids.length - 1] };
    const [first, second] = await Promise.all([
      assignOpenTasks(env.orm.em.fork(), range, { clock, sliceSize: 3 }),
      assignOpenTasks(env.orm.em.fork(), 'pool', { clock, sliceSize: 4 }),
    ]);
    expect(first.assigned + second.assigned).to.equal(12);
    expect(await assignedTo()).to.deep.equal(new Map([['ana', 7], ['ben', 5]]));
    const [twice] = await sqlRunner(env.orm.em.fork())<{ n: string }>(
      `select count(*) as n from (select task_id from task_event where kind = 'assigned' group by task_id having count(*) > 1) x`,
    );
    expect(Number(twice.n)).to.equal(0);
  });

  it('counts tasks in progress against capacity', async () => {
    const ana = await signedInPerson(env.orm, 'specialist', { login: 'ana', skills: ['denials'], capacity: 2 });
    await openTestTasks(env.orm, [{ priority: 9 }]);
    const person = (await new PeopleRepository(sqlRunner(env.orm.em.fork())).findById(ana.id))!;
    await pullNextTask(env.orm.em.fork(), person, { now: clock.now(), leaseMinutes: 30 });
    await openTestTasks(env.orm, [{}, {}, {}]);
    expect((await assignOpenTasks(env.orm.em.fork(), 'pool', { clock })).assigned).to.equal(1);
  });

  it('returns tasks whose lease ran out to the pool in the rebalance, then offers them again', async () => {
    const ana = await signedInPerson(env.orm, 'specialist', { login: 'ana', skills: ['denials'], capacity: 1 });
    const [task] = await openTestTasks(env.orm, [{}]);
    const person = (await new PeopleRepository(sqlRunner(env.orm.em.fork())).findById(ana.id))!;
    const later = fixedClock(clock.now());
    await pullNextTask(env.orm.em.fork(), person, { now: later.now(), leaseMinutes: 30 });
    later.advance(29 * 60_000);
    expect((await rebalanceTasks(env.orm.em.fork(), { clock: later })).leasesExpired).to.equal(0);
    later.advance(60_000);
    await sqlRunner(env.orm.em.fork())(`update specialist set capacity = 0`); // ana stops taking work: the task stays in the pool
    expect(await rebalanceTasks(env.orm.em.fork(), { clock: later })).to.deep.equal({ leasesExpired: 1, assigned: 0, leftInPool: 0 });
    expect(await taskRow(env.orm, task)).to.deep.equal({ status: 'open', assignee: null, leaseExpiresAt: null });
    expect((await eventsOf(env.orm, task)).map((e) => [e.kind, e.detail])).to.deep.equal([
      ['created', { type: 'denial', reasonKey: 'CO-16' }],
      ['claimed', { to: 'ana', from: null, status: 'open', leaseExpiresAt: '2026-12-02T16:30:00.000Z' }],
      ['lease-expired', { from: 'ana', to: null }],
    ]);
  });

  it('assigns tasks as they are created: one assign-batch job per creation, through the outbox', async () => {
    await signedInPerson(env.orm, 'specialist', { login: 'ana', skills: ['denials', 'payment-variance'] });
    const config = { ...env.config, repair: { intervalMs: 0, graceMs: 0 } };
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['tasks'], clock });
    env.defer(() => engine.stop());
    const ids = await openTestTasks(env.orm, [{}, {}, { type: 'underpayment', reasonCodes: ['UNDERPAID'] }]);
    const outbox = await sqlRunner(env.orm.em.fork())(`select job_name, payload from outbox where job_name like 'assign%'`);
    expect(outbox).to.deep.equal([{ job_name: 'assign-batch', payload: { fromTaskId: ids[0], toTaskId: ids[2] } }]);
    engine.relay.kick();
    await waitFor(async () => (await assignedTo()).get('ana') === 3, 10000, 'three tasks assigned to ana');
  });
});
