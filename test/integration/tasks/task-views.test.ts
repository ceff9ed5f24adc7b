// What people see of tasks over the API: the list and detail inside each person's scope (404
// outside it), the detail's claim, lines, money, payer and remittance, patient name and birth date
// only for patient work and every such read audited, a supervisor's reassign and return with their
// task events, statistics on a small hand-built set, and bad input that changes nothing.
import { expect } from 'chai';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { createFollowUpTasks } from '../../../src/services/tasks.service.js';
import type { FollowUpTaskInput } from '../../../src/domain/tasks/follow-up.js';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson, type TestPerson } from '../../support/sign-in.js';
import { seedOffice } from '../posting/posting-support.js';
import { query } from '../repair/repair-support.js';

// Monday 7 December 2026, 15:00 in New York (the office's zone in these tests).
const NOW = '2026-12-07T20:00:00.000Z';
const OPENED = '2026-12-07T14:00:00.000Z';

describe('tasks as people see and route them (API)', () => {
  const env = useTestEnv();
  let baseUrl: string;
  let people: Record<'director' | 'supervisor' | 'otherSupervisor' | 'ann' | 'bob' | 'cat' | 'admin', TestPerson>;
  let ids: Record<'denial' | 'call' | 'edit' | 'pooled' | 'done', number>;
  let office: Awaited<ReturnType<typeof seedOffice>>;

  beforeEach(async function () {
    this.timeout(30000);
    const director = await signedInPerson(env.orm, 'director');
    const supervisor = await signedInPerson(env.orm, 'supervisor', { supervisorId: director.id });
    const otherSupervisor = await signedInPerson(env.orm, 'supervisor', { supervisorId: director.id });
    people = {
      director, supervisor, otherSupervisor,
      ann: await signedInPerson(env.orm, 'specialist', { login: 'ann', supervisorId: supervisor.id }),
      bob: await signedInPerson(env.orm, 'specialist', { login: 'bob', supervisorId: supervisor.id }),
      cat: await signedInPerson(env.orm, 'specialist', { login: 'cat', supervisorId: otherSupervisor.id }),
      admin: await signedInPerson(env.orm, 'admin'),
    };
    office = await seedOffice(env.orm.em.fork(), [
      { controlNumber: 'C1', lines: [{ procedure: '99213', chargeCents: 150_00, modifiers: ['25'] }, { procedure: '81002', chargeCents: 20_00 }] },
      { controlNumber: 'C2', lines: [{ procedure: '99214', chargeCents: 200_00 }] },
    ]);
    const c1 = office.claimIds.get('C1')!;
    const c2 = office.claimIds.get('C2')!;
    await query(env, `update patient set first_name = 'Invented', birth_date = '1970-03-04'`);
    await query(env, `update claim set diagnoses = '[{"qualifier":"ABK","code":"E119"}]' where id = ?`, [c1]);
    const inputs: FollowUpTaskInput[] = [
      { type: 'denial', subjectType: 'claim', subjectId: c1, reasonCodes: ['CO-50'], amountAtRiskCents: 150_00, payerId: office.payerId },
      { type: 'patient-call', subjectType: 'account', subjectId: office.accountId, reasonCodes: ['BALANCE'], amountAtRiskCents: 40_00 },
      { type: 'claim-edit', subjectType: 'claim', subjectId: c2, reasonCodes: ['E-NPI'], amountAtRiskCents: 200_00 },
      { type: 'underpayment', subjectType: 'claim', subjectId: c1, reasonCodes: ['UNDERPAID'], amountAtRiskCents: 500_000_00 },
      { type: 'claim-edit', subjectType: 'claim', subjectId: c1, reasonCodes: ['E-DONE'], amountAtRiskCents: 1_00 },
    ];
    await env.orm.em.fork().transactional((tx) => createFollowUpTasks(tx, inputs, { timezone: 'America/New_York', clock: fixedClock(OPENED) }));
    const rows = await query<{ id: number; reason_key: string }>(env, 'select id, reason_key from task order by id');
    const byReason = new Map(rows.map((r) => [r.reason_key, Number(r.id)]));
    ids = { denial: byReason.get('CO-50')!, call: byReason.get('BALANCE')!, edit: byReason.get('E-NPI')!, pooled: byReason.get('UNDERPAID')!, done: byReason.get('E-DONE')! };
    await query(env, `update task set assignee_id = ?, status = 'assigned' where id in (?, ?)`, [people.ann.id, ids.denial, ids.call]);
    await query(env, `update task set assignee_id = ?, status = 'assigned' where id = ?`, [people.cat.id, ids.edit]);
    await query(env, `update task set assignee_id = ?, status = 'done', outcome = 'corrected', closed_at = ? where id = ?`, [people.bob.id, NOW, ids.done]);
    await query(env, `insert into claim_edit (claim_id, code, severity, field, line, message, created_at) values (?, 'E-NPI', 'error', 'NM109', null, 'rendering NPI fails its check digit', now())`, [c2]);
    // A remittance that denied C1's first line (CO-50, remark N115).
    const [file] = await query(env, `insert into edi_file (kind, direction, file_name, sha256, size_bytes, status, received_at)
      values ('835', 'inbound', 'tr1.835', repeat('a', 64), 1, 'processed', now()) returning id`);
    const [remittance] = await query(env, `insert into remittance (file_id, transaction_sequence, st_control_number, remittance_key, trace_number, payer_identifier,
        payer_id, status, payment_cents, payment_method, payment_date, provider_adjustments, job_key, created_at)
      values (?, 1, '0001', 'P1:TR1', 'TR1', '1935665544', ?, 'posted', 2000, 'ACH', '2026-12-01', '[]', gen_random_uuid(), now()) returning id`, [file.id, office.payerId]);
    await query(env, `insert into remittance_claim (remittance_id, sequence, control_number, status_code, charge_cents, paid_cents, detail, claim_id)
      values (?, 1, 'C1', '1', 17000, 2000, 'null', ?)`, [remittance.id, c1]);
    const [line] = await query(env, 'select id from claim_line where claim_id = ? and line_number = 1', [c1]);
    await query(env, `insert into ledger_entry (kind, amount_cents, claim_id, claim_line_id, payer_id, group_code, reason_code, remark_codes, source, idempotency_key, effective_date, posted_at)
      values ('denial', 15000, ?, ?, ?, 'CO', '50', '["N115"]', ?, 'test-denial-1', '2026-12-01', now())`, [c1, line.id, office.payerId, `remittance:${remittance.id}`]);

    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', TIMEZONE: 'America/New_York' });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [], clock: fixedClock(NOW) });
    env.defer(() => engine.stop(2000));
    baseUrl = `http://127.0.0.1:${engine.port}`;
  });

  async function call(person: TestPerson, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method, headers: { ...person.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }
  const get = (person: TestPerson, path: string) => call(person, 'GET', path);
  const listed = async (person: TestPerson, qs = '') => {
    const answer = await get(person, `/api/tasks${qs}`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return (answer.body as Array<{ id: number }>).map((t) => t.id).sort((a, b) => a - b);
  };

  it('lists each person\'s scope: a specialist their own, a supervisor their team and the pool, an admin all; with filters', async function () {
    this.timeout(20000);
    expect(await listed(people.ann)).to.deep.equal([ids.denial, ids.call]);
    expect(await listed(people.cat)).to.deep.equal([ids.edit]);
    expect(await listed(people.supervisor)).to.deep.equal([ids.denial, ids.call, ids.pooled, ids.done]);
    expect(await listed(people.otherSupervisor)).to.deep.equal([ids.edit, ids.pooled]);
    expect(await listed(people.director)).to.deep.equal([ids.denial, ids.call, ids.edit, ids.pooled, ids.done]);
    expect(await listed(people.admin)).to.deep.equal([ids.denial, ids.call, ids.edit, ids.pooled, ids.done]);
    expect(await listed(people.admin, '?type=claim-edit')).to.deep.equal([ids.edit, ids.done]);
    expect(await listed(people.admin, '?status=done')).to.deep.equal([ids.done]);
    expect(await listed(people.supervisor, '?assignee=ann')).to.deep.equal([ids.denial, ids.call]);
    expect(await listed(people.supervisor, '?assignee=cat')).to.deep.equal([]);
    expect(await listed(people.admin, '?assignee=none')).to.deep.equal([ids.pooled]);
    const [first] = (await get(people.ann, '/api/tasks')).body;
    expect(first).to.have.keys(['id', 'type', 'status', 'priority', 'priorityParts', 'claimControlNumber', 'reasonCodes', 'amountAtRiskCents', 'deadline',
      'dueAt', 'assignee', 'leaseExpiresAt', 'allowedOutcomes']);
    expect((await get(people.admin, '/api/tasks?type=no-such-type')).status).to.equal(400);
    expect((await get(people.admin, '/api/tasks?status=finished')).status).to.equal(400);
  });

  it('shows a task\'s detail inside the scope only: another\'s task is 404, an unknown one too', async function () {
    this.timeout(20000);
    expect(await get(people.ann, `/api/tasks/${ids.edit}`)).to.deep.equal({ status: 404, body: { error: `no task ${ids.edit}` } });
    expect((await get(people.ann, `/api/tasks/${ids.pooled}`)).status).to.equal(404);
    expect((await get(people.supervisor, `/api/tasks/${ids.edit}`)).status).to.equal(404);
    expect((await get(people.supervisor, `/api/tasks/${ids.pooled}`)).status).to.equal(200);
    expect((await get(people.otherSupervisor, `/api/tasks/${ids.edit}`)).status).to.equal(200);
    expect((await get(people.admin, '/api/tasks/999999')).status).to.equal(404);
    expect((await get(people.admin, '/api/tasks/abc')).status).to.equal(400);
  });

  it('details a denial: claim, lines and codes, money, payer, the remittance\'s CARC/RARC and the events; no patient name; the diagnoses read audited', async function () {
    this.timeout(20000);
    const { status, body } = await get(people.ann, `/api/tasks/${ids.denial}`);
    expect(status).to.equal(200);
    expect(body).to.include({ id: ids.denial, type: 'denial', assignee: 'ann', claimControlNumber: 'C1', patients: null });
    expect(body.subject).to.deep.equal({ type: 'claim', id: office.claimIds.get('C1') });
    expect(body.claim).to.deep.include({ controlNumber: 'C1', frequency: '1', status: 'accepted', chargeCents: 170_00, diagnoses: [{ qualifier: 'ABK', code: 'E119' }] });
    expect(body.lines.map((l: any) => [l.lineNumber, l.procedure, l.modifiers, l.chargeCents, l.deniedCents])).to.deep.equal([[1, '99213', ['25'], 150_00, 150_00], [2, '81002', [], 20_00, 0]]);
    expect(body.payer).to.deep.include({ payerId: '1935665544', name: 'INVENTED PAYER' });
    expect(body.remittances).to.have.length(1);
    expect(body.remittances[0]).to.deep.include({ traceNumber: 'TR1', paymentDate: '2026-12-01', statusCode: '1', paidCents: 20_00 });
    expect(body.remittances[0].adjustments).to.deep.equal([{ kind: 'denial', group: 'CO', reason: '50', remarks: ['N115'], amountCents: 150_00, line: 1 }]);
    expect(body.events.map((e: any) => e.kind)).to.deep.equal(['created']);
    expect(body.escalation).to.deep.equal({ level: 0, to: null, at: null });
    expect(JSON.stringify(body)).not.to.include('INVENTED"').and.not.to.include('1970-03-04');
    const audits = await query(env, `select actor, action, subject_type, subject_id, detail from audit_event where action = 'patient.read'`);
    expect(audits).to.deep.equal([{ actor: 'ann', action: 'patient.read', subject_type: 'patient', subject_id: String(await patientId()), detail: { taskId: ids.denial, fields: ['diagnoses'] } }]);
  });

  it('shows the patient\'s name and birth date for a patient call only, and audits the read without them', async function () {
    this.timeout(20000);
    const { status, body } = await get(people.ann, `/api/tasks/${ids.call}`);
    expect(status).to.equal(200);
    expect(body.patients).to.deep.equal([{ patientId: await patientId(), lastName: 'INVENTED', firstName: 'Invented', middleName: null, birthDate: '1970-03-04' }]);
    expect(body.account).to.deep.include({ accountNumber: 'A-1935665544' });
    const audits = await query(env, `select actor, subject_type, subject_id, detail from audit_event where action = 'patient.read'`);
    expect(audits).to.deep.equal([{ actor: 'ann', subject_type: 'patient', subject_id: String(await patientId()), detail: { taskId: ids.call, fields: ['name', 'birthDate'] } }]);
    const edit = await get(people.otherSupervisor, `/api/tasks/${ids.edit}`);
    expect(edit.body.patients).to.equal(null);
    expect(edit.body.edits).to.deep.equal([{ code: 'E-NPI', severity: 'error', field: 'NM109', line: null, message: 'rendering NPI fails its check digit' }]);
    expect(await query(env, `select count(*)::int as n from audit_event where action = 'patient.read'`)).to.deep.equal([{ n: 1 }]); // C2 has no diagnoses
  });

  it('reassigns within the team and returns to the pool, each a task event with from and to', async function () {
    this.timeout(20000);
    const moved = await call(people.supervisor, 'POST', `/api/tasks/${ids.denial}/reassign`, { to: 'bob' });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(moved.body).to.include({ id: ids.denial, assignee: 'bob', status: 'assigned', leaseExpiresAt: null });
    const pulled = await call(people.supervisor, 'POST', `/api/tasks/${ids.pooled}/reassign`, { to: 'ann' });
    expect(pulled.body).to.include({ assignee: 'ann', status: 'assigned' });
    await query(env, `update task set status = 'in-progress', lease_expires_at = ? where id = ?`, ['2026-12-07T21:00:00Z', ids.call]);
    const returned = await call(people.supervisor, 'POST', `/api/tasks/${ids.call}/return`);
    expect(returned.body).to.include({ id: ids.call, status: 'open', assignee: null, leaseExpiresAt: null });
    const byAdmin = await call(people.admin, 'POST', `/api/tasks/${ids.edit}/reassign`, { to: 'ann' });
    expect(byAdmin.body).to.include({ assignee: 'ann' });

    const events = await query(env, `select task_id, kind, actor, detail, at from task_event where kind in ('reassigned', 'returned') order by id`);
    expect(events.map((e) => [Number(e.task_id), e.kind, e.actor, e.detail])).to.deep.equal([
      [ids.denial, 'reassigned', people.supervisor.login, { from: 'ann', to: 'bob', fromStatus: 'assigned', toStatus: 'assigned' }],
      [ids.pooled, 'reassigned', people.supervisor.login, { from: null, to: 'ann', fromStatus: 'open', toStatus: 'assigned' }],
      [ids.call, 'returned', people.supervisor.login, { from: 'ann', to: null, fromStatus: 'in-progress', toStatus: 'open' }],
      [ids.edit, 'reassigned', people.admin.login, { from: 'cat', to: 'ann', fromStatus: 'assigned', toStatus: 'assigned' }],
    ]);
    expect(events.every((e) => new Date(e.at).toISOString() === NOW)).to.equal(true);
    expect(await query(env, `select count(*)::int as n from audit_event where action in ('task.reassigned', 'task.returned')`)).to.deep.equal([{ n: 4 }]);
    const detail = await get(people.bob, `/api/tasks/${ids.denial}`);
    expect(detail.body.events.map((e: any) => e.kind)).to.deep.equal(['created', 'reassigned']);
  });

  it('refuses bad reassignments and returns, changing nothing', async function () {
    this.timeout(20000);
    const before = await query(env, 'select id, status, assignee_id from task order by id');
    const refusals: Array<[TestPerson, string, unknown, number, string | RegExp]> = [
      [people.supervisor, `/api/tasks/${ids.denial}/reassign`, { to: 'cat' }, 422, `cat is not in ${people.supervisor.login}'s team; nothing changed`],
      [people.supervisor, `/api/tasks/${ids.denial}/reassign`, { to: 'nobody' }, 422, 'no person nobody; nothing changed'],
      [people.supervisor, `/api/tasks/${ids.denial}/reassign`, { to: people.admin.login }, 422, /does not work tasks/],
      [people.supervisor, '/api/tasks/999999/reassign', { to: 'bob' }, 404, 'no task 999999'],
      [people.supervisor, `/api/tasks/${ids.edit}/reassign`, { to: 'bob' }, 404, `no task ${ids.edit}`],
      [people.supervisor, `/api/tasks/${ids.done}/reassign`, { to: 'bob' }, 409, `task ${ids.done} is done; nothing changed`],
      [people.supervisor, `/api/tasks/${ids.done}/return`, undefined, 409, `task ${ids.done} is done; nothing changed`],
      [people.supervisor, `/api/tasks/${ids.edit}/return`, undefined, 404, `no task ${ids.edit}`],
      [people.ann, `/api/tasks/${ids.denial}/reassign`, { to: 'bob' }, 403, /ann is specialist/],
      [people.ann, `/api/tasks/${ids.denial}/return`, undefined, 403, /ann is specialist/],
      [people.supervisor, `/api/tasks/${ids.denial}/reassign`, {}, 400, /to/],
    ];
    await query(env, `update specialist set active = false where login = 'bob'`);
    refusals.push([people.supervisor, `/api/tasks/${ids.denial}/reassign`, { to: 'bob' }, 422, 'bob is deactivated; nothing changed']);
    for (const [person, path, body, status, message] of refusals) {
      const answer = await call(person, 'POST', path, body);
      expect(answer.status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`).to.equal(status);
      if (typeof message === 'string') expect(answer.body.error).to.equal(message);
      else expect(answer.body.error).to.match(message);
    }
    expect(await query(env, 'select id, status, assignee_id from task order by id')).to.deep.equal(before);
    expect(await query(env, `select count(*)::int as n from task_event where kind in ('reassigned', 'returned')`)).to.deep.equal([{ n: 0 }]);
  });

  it('counts statistics on a small hand-built set, scoped for a supervisor', async function () {
    this.timeout(20000);
    // ann claimed the denial at 13:00 and recorded an outcome on the call at 14:30 (claimed 14:00),
    // bob finished his edit at 10:00 today (claimed 09:00) and one yesterday (not today).
    const event = (taskId: number, kind: string, actor: string, at: string) =>
      query(env, `insert into task_event (task_id, kind, actor, detail, at) values (?, ?, ?, null, ?)`, [taskId, kind, actor, at]);
    await event(ids.call, 'claimed', 'ann', '2026-12-07T19:00:00Z');
    await event(ids.call, 'outcome', 'ann', '2026-12-07T19:30:00Z');
    await event(ids.done, 'claimed', 'bob', '2026-12-07T14:00:00Z');
    await event(ids.done, 'outcome', 'bob', '2026-12-07T15:00:00Z');
    await event(ids.done, 'claimed', 'bob', '2026-12-06T14:00:00Z');
    await event(ids.done, 'outcome', 'bob', '2026-12-07T04:59:00Z'); // 23:59 yesterday in New York
    // The denial is overdue (ann, the supervisor's team), the edit too (cat), and the pooled task.
    await query(env, `update task set due_at = '2026-12-07T18:00:00Z' where id in (?, ?, ?)`, [ids.denial, ids.edit, ids.pooled]);
    await query(env, `update task set due_at = '2026-12-08T18:00:00Z' where id = ?`, [ids.call]);
    await query(env, `update task set priority = 55 where id = ?`, [ids.pooled]); // medium: 40-69

    const { status, body } = await get(people.admin, '/api/tasks/stats');
    expect(status, JSON.stringify(body)).to.equal(200);
    expect(body.at).to.equal(NOW);
    expect(body.todayFrom).to.equal('2026-12-07T05:00:00.000Z');
    expect(body.waiting).to.deep.equal({
      total: 1, byType: { underpayment: { high: 0, medium: 1, low: 0, total: 1 } }, oldestTaskId: ids.pooled, oldestWaitingSeconds: 6 * 3600,
    });
    const person = (login: string) => body.people.find((p: any) => p.login === login);
    expect(person('ann')).to.deep.equal({ login: 'ann', role: 'specialist', open: 2, doneToday: 1, averageHandleSeconds: 1800 });
    expect(person('bob')).to.deep.equal({ login: 'bob', role: 'specialist', open: 0, doneToday: 1, averageHandleSeconds: 3600 });
    expect(person('cat')).to.deep.equal({ login: 'cat', role: 'specialist', open: 1, doneToday: 0, averageHandleSeconds: null });
    expect(body.people.map((p: any) => p.login)).not.to.include(people.admin.login);
    expect(body.overdue).to.deep.equal({
      teams: [
        { supervisor: people.director.login, overdue: 2 }, { supervisor: people.otherSupervisor.login, overdue: 1 }, { supervisor: people.supervisor.login, overdue: 1 },
      ].sort((a, b) => a.supervisor.localeCompare(b.supervisor)),
      unassigned: 1,
    });

    const scoped = await get(people.supervisor, '/api/tasks/stats');
    expect(scoped.body.people.map((p: any) => p.login).sort()).to.deep.equal(['ann', 'bob', people.supervisor.login].sort());
    expect(scoped.body.overdue).to.deep.equal({ teams: [{ supervisor: people.supervisor.login, overdue: 1 }], unassigned: 1 });
    expect(scoped.body.waiting.total).to.equal(1);
    expect((await get(people.ann, '/api/tasks/stats')).status).to.equal(403);
  });

  async function patientId(): Promise<number> {
    const [row] = await query(env, 'select id from patient');
    return Number(row.id);
  }
});
