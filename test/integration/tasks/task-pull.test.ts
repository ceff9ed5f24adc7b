// Pulling the next task and its lease, against real Postgres: the order of answers, the rules
// applied to the pool, 100 people pulling at once, lease renewal and expiry under a controllable
// clock, and the refusals. Through the HTTP API (the token says who) where the route matters.
import { expect } from 'chai';
import { loadConfig } from '../../../src/config.js';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson, type TestPerson, type TestPersonFields } from '../../support/sign-in.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { PeopleRepository } from '../../../src/db/repositories/people.repository.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { pullNextTask } from '../../../src/services/tasks/task-pull.service.js';
import { assignOpenTasks } from '../../../src/services/tasks/task-assignment.service.js';
import { addPayer, eventsOf, openTestTasks, taskRow } from './task-routing-support.js';

describe('pulling tasks: POST /api/tasks/next and leases', () => {
  const env = useTestEnv();
  const clock = fixedClock('2026-12-02T16:00:00Z');
  let baseUrl: string;

  beforeEach(async () => {
    clock.set('2026-12-02T16:00:00Z');
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', TASK_LEASE_MINUTES: '30' });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [], clock });
    env.defer(() => engine.stop(5000));
    baseUrl = `http://127.0.0.1:${engine.port}`;
  });

  async function post(person: TestPerson, path: string): Promise<{ status: number; body: any }> {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: person.headers });
    return { status: response.status, body: await response.json() };
  }

  const next = async (person: TestPerson) => {
    const answer = await post(person, '/api/tasks/next');
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body.task as { id: number; status: string; assignee: string | null; leaseExpiresAt: string | null } | null;
  };

  const denialsDesk = (fields: TestPersonFields = {}) => signedInPerson(env.orm, 'specialist', { skills: ['denials'], ...fields });

  it('claims the highest-priority open task with a lease, as the task JSON, and records who claimed it', async () => {
    const ana = await denialsDesk({ login: 'ana' });
    const [, top] = await openTestTasks(env.orm, [{ priority: 20 }, { priority: 70 }, { priority: 40 }]);
    const task = await next(ana);
    expect(task).to.include({ id: top, status: 'in-progress', assignee: 'ana', leaseExpiresAt: '2026-12-02T16:30:00.000Z' });
    expect(Object.keys(task!)).to.have.members(['id', 'type', 'status', 'priority', 'priorityParts', 'claimControlNumber', 'reasonCodes',
      'amountAtRiskCents', 'deadline', 'dueAt', 'assignee', 'leaseExpiresAt', 'allowedOutcomes']);
    expect((await eventsOf(env.orm, top)).at(-1)).to.deep.equal({
      kind: 'claimed', actor: 'ana', detail: { to: 'ana', from: null, status: 'open', leaseExpiresAt: '2026-12-02T16:30:00.000Z' },
    });
  });

  it('answers the leased task again, then the person\'s own assigned task before a higher-priority open one', async () => {
    const ana = await denialsDesk({ login: 'ana', capacity: 1 });
    const [mine] = await openTestTasks(env.orm, [{ priority: 10 }]);
    await assignOpenTasks(env.orm.em.fork(), 'pool', { clock });
    const [better] = await openTestTasks(env.orm, [{ priority: 99 }]);
    const first = await next(ana);
    expect(first).to.include({ id: mine, status: 'in-progress', assignee: 'ana' });
    clock.advance(5 * 60_000);
    expect(await next(ana)).to.deep.equal(first); // the same lease: asking again hands out nothing new
    expect(await taskRow(env.orm, better)).to.deep.include({ status: 'open', assignee: null });
    expect((await eventsOf(env.orm, mine)).map((e) => e.kind)).to.deep.equal(['created', 'assigned', 'claimed']);
  });

  it('pulls in priority order, one task after another as each is finished', async () => {
    const ana = await denialsDesk({ login: 'ana' });
    const ids = await openTestTasks(env.orm, [{ priority: 5 }, { priority: 80 }, { priority: 80 }, { priority: 30 }]);
    const order: number[] = [];
    for (let i = 0; i < 4; i++) {
      const task = (await next(ana))!;
      order.push(task.id);
      await sqlRunner(env.orm.em.fork())(`update task set status = 'done' where id = ?`, [task.id]);
    }
    expect(order).to.deep.equal([ids[1], ids[2], ids[3], ids[0]]);
    expect(await next(ana)).to.equal(null);
  });

  it('gives from the pool only what the person may take: skill, payer, certification, level, capacity', async () => {
    const aetna = await addPayer(env.orm, '60054');
    const uhc = await addPayer(env.orm, '87726');
    const [coding, bigAppeal, otherPayer, posting, plain] = await openTestTasks(env.orm, [
      { reasonCodes: ['CO-11'], priority: 90, payerId: aetna },
      { amountAtRiskCents: 20_000_00, priority: 80, payerId: aetna },
      { priority: 70, payerId: uhc },
      { type: 'unmatched-remittance', subjectType: 'remittance-claim', reasonCodes: ['NO-MATCHING-CLAIM'], priority: 60 },
      { priority: 10, payerId: aetna },
    ]);
    const ana = await denialsDesk({ login: 'ana', payers: ['60054'], level: 'mid' });
    expect((await next(ana))!.id).to.equal(plain);
    const coder = await denialsDesk({ login: 'coder', certifications: ['CPC'], payers: ['60054'] });
    expect((await next(coder))!.id).to.equal(coding);
    const senior = await denialsDesk({ login: 'senior', level: 'senior' }); // all payers
    expect((await next(senior))!.id).to.equal(bigAppeal);
    const full = await denialsDesk({ login: 'full', capacity: 0 });
    expect(await next(full)).to.equal(null);
    const supervisor = await signedInPerson(env.orm, 'supervisor', { login: 'sue', skills: ['denials'] });
    expect((await next(supervisor))!.id).to.equal(otherPayer);
    expect(await taskRow(env.orm, posting)).to.deep.include({ status: 'open' });
  });

  it('never gives one task to two of 100 people pulling at once', async function () {
    this.timeout(120000);
    const ids = await openTestTasks(env.orm, Array.from({ length: 150 }, (_, i) => ({ priority: i % 7 })));
    const run = sqlRunner(env.orm.em.fork());
    const people = [];
    for (let i = 0; i < 100; i++) people.push(await denialsDesk({ login: `puller${i}` }));
    const persons = await Promise.all(people.map(async (p) => (await new PeopleRepository(run).findById(p.id))!));
    const answers = await Promise.all(persons.map((person) => pullNextTask(env.orm.em.fork(), person, { now: clock.now(), leaseMinutes: 30 })));
    const taken = answers.map((t) => t!.id);
    expect(new Set(taken).size).to.equal(100);
    expect(taken.every((id) => ids.includes(id))).to.equal(true);
    const [held] = await run<{ n: string; holders: string }>(
      `select count(*) as n, count(distinct assignee_id) as holders from task where status = 'in-progress'`,
    );
    expect({ n: Number(held.n), holders: Number(held.holders) }).to.deep.equal({ n: 100, holders: 100 });
    const claims = await run<{ n: string }>(`select count(*) as n from task_event where kind = 'claimed'`);
    expect(Number(claims[0].n)).to.equal(100);
    // Highest priorities first: nothing left open outranks anything taken.
    const [edge] = await run<{ best_open: number; worst_taken: number }>(
      `select (select max(priority) from task where status = 'open') as best_open, (select min(priority) from task where status = 'in-progress') as worst_taken`,
    );
    expect(edge.best_open).to.be.at.most(edge.worst_taken);
  });

  it('returns a task whose lease ran out to the pool, where another person pulls it', async () => {
    const ana = await denialsDesk({ login: 'ana' });
    const ben = await denialsDesk({ login: 'ben' });
    const [task] = await openTestTasks(env.orm, [{}]);
    expect((await next(ana))!.id).to.equal(task);
    clock.advance(29 * 60_000);
    expect(await next(ben)).to.equal(null); // still ana's
    clock.advance(60_000);
    expect(await next(ben)).to.include({ id: task, assignee: 'ben', leaseExpiresAt: '2026-12-02T17:00:00.000Z' });
    expect((await eventsOf(env.orm, task)).slice(1).map((e) => [e.kind, e.actor, e.detail?.from ?? null, e.detail?.to ?? null])).to.deep.equal([
      ['claimed', 'ana', null, 'ana'],
      ['lease-expired', 'system', 'ana', null],
      ['claimed', 'ben', null, 'ben'],
    ]);
    // ana's renewal comes too late: the task is ben's now, so for her it does not exist.
    const late = await post(ana, `/api/tasks/${task}/lease`);
    expect(late).to.deep.equal({ status: 404, body: { error: `no task ${task}` } });
  });

  it('renews a lease for its holder only; an expired or finished one is 409 and changes nothing', async () => {
    const ana = await denialsDesk({ login: 'ana' });
    const ben = await denialsDesk({ login: 'ben' });
    const [first, second] = await openTestTasks(env.orm, [{ priority: 9 }, { priority: 1 }]);
    await next(ana);
    clock.advance(20 * 60_000);
    const renewed = await post(ana, `/api/tasks/${first}/lease`);
    expect(renewed.status).to.equal(200);
    expect(renewed.body.task).to.include({ id: first, leaseExpiresAt: '2026-12-02T16:50:00.000Z', assignee: 'ana' });
    expect((await eventsOf(env.orm, first)).at(-1)).to.deep.equal({
      kind: 'lease-renewed', actor: 'ana', detail: { from: '2026-12-02T16:30:00.000Z', to: '2026-12-02T16:50:00.000Z' },
    });

    expect(await post(ben, `/api/tasks/${first}/lease`)).to.deep.equal({ status: 404, body: { error: `no task ${first}` } });
    expect(await post(ben, `/api/tasks/999999/lease`)).to.deep.equal({ status: 404, body: { error: 'no task 999999' } });
    expect((await post(ben, `/api/tasks/abc/lease`)).status).to.equal(400);

    clock.advance(31 * 60_000);
    const expired = await post(ana, `/api/tasks/${first}/lease`);
    expect(expired.status).to.equal(409);
    expect(expired.body.error).to.match(/lease has expired/);
    expect((await taskRow(env.orm, first)).leaseExpiresAt).to.equal('2026-12-02T16:50:00.000Z');

    const again = (await next(ana))!; // her own lapsed task, not yet swept, is hers to take again
    expect(again.id).to.equal(first);
    await sqlRunner(env.orm.em.fork())(`update task set status = 'done', lease_expires_at = null where id = ?`, [first]);
    const finished = await post(ana, `/api/tasks/${first}/lease`);
    expect(finished).to.deep.equal({ status: 409, body: { error: `task ${first} has no live lease to renew: it is done; pull a task again`, status: 'done' } });
    expect((await taskRow(env.orm, second)).status).to.equal('open');
  });

  it('refuses people who do not pull (403) and requests without a token (401), changing nothing', async () => {
    await openTestTasks(env.orm, [{}]);
    for (const role of ['operator', 'admin', 'director'] as const) {
      const person = await signedInPerson(env.orm, role, { skills: ['denials'] });
      expect((await post(person, '/api/tasks/next')).status, role).to.equal(403);
    }
    expect((await fetch(`${baseUrl}/api/tasks/next`, { method: 'POST' })).status).to.equal(401);
    const inactive = await denialsDesk({ active: false });
    expect((await post(inactive, '/api/tasks/next')).status).to.equal(401);
    const [row] = await sqlRunner(env.orm.em.fork())(`select count(*)::int as n from task where status <> 'open'`);
    expect(row.n).to.equal(0);
  });
});
