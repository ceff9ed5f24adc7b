// The account explained over the API, with a claim posted from a real 835 (CO-45, PR-1, PR-3 and a
// bundled line), a statement, a payment and a plan: the figures, the reasons in words, who may ask,
// and the audit row every read leaves. Disputes: opened with their patient-inquiry task (the
// reason kept only as the task's note), resolved by the task's outcome or by a supervisor.
import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { recordOutcome } from '../../../src/services/tasks/record-outcome.service.js';
import { seedOffice } from '../posting/posting-support.js';
import { assign, personOf, postEra, query } from '../tasks/outcome-support.js';
import { officeClock, TODAY } from './collections-support.js';

describe('patient questions: the account summary and disputes over the API', () => {
  const env = useTestEnv();

  async function startApi() {
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', HOST: '127.0.0.1', TIMEZONE: 'UTC', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-accounts-inbox-')) });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [], clock: officeClock() });
    env.defer(() => engine.stop(5000));
    const base = `http://127.0.0.1:${engine.port}`;
    const call = (method: string, path: string, who: { headers: Record<string, string> }, body?: unknown) => fetch(`${base}${path}`, {
      method, headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { call };
  }

  /** One claim of two lines, posted: line 1 paid after CO-45, PR-1 and PR-3; line 2 bundled (CO-97). */
  async function postedAccount(): Promise<number> {
    const office = await env.orm.em.fork().transactional((em) => seedOffice(em, [{
      controlNumber: 'C100', serviceDate: '2026-10-02',
      lines: [{ procedure: '99213', chargeCents: 20000, serviceDate: '2026-10-02' }, { procedure: '36415', chargeCents: 3000, serviceDate: '2026-10-02' }],
    }]));
    await postEra(env, 'TRN-SUM-1', [{
      control: 'C100', lines: [
        { procedure: '99213', chargeCents: 20000, date: '2026-10-02', cas: [['CO', '45', 6000], ['PR', '1', 5000], ['PR', '3', 2500]] },
        { procedure: '36415', chargeCents: 3000, date: '2026-10-02', cas: [['CO', '97', 3000]] },
      ],
    }]);
    return office.accountId;
  }

  it('explains the account: charges, what the payer paid and adjusted and why in words, what is owed, statements, payments, plan; audited; operators refused', async function () {
    this.timeout(60000);
    const { call } = await startApi();
    const accountId = await postedAccount();
    const specialist = await signedInPerson(env.orm, 'specialist');
    const operator = await signedInPerson(env.orm, 'operator');
    await query(env, `insert into statement (account_id, kind, stage, statement_date, amount_due_cents, idempotency_key) values (?, 'statement', 'statement-1', '2026-11-01', 7500, 'test-st-1')`, [accountId]);
    const paid = await call('POST', `/api/accounts/${accountId}/payments`, specialist, { amount: '25.00', date: TODAY, method: 'card', reference: 'AUTH-77' });
    expect(paid.status).to.equal(201);
    const paidAgain = await call('POST', `/api/accounts/${accountId}/payments`, specialist, { amount: '25.00', date: TODAY, method: 'card', reference: 'AUTH-77' });
    expect([paidAgain.status, ((await paidAgain.json()) as { repeated: boolean }).repeated]).to.deep.equal([200, true]);
    const planned = await call('POST', `/api/accounts/${accountId}/plans`, specialist, { installments: [{ dueDate: '2026-12-15', amount: '25.00' }, { dueDate: '2027-01-15', amount: '25.00' }] });
    expect(planned.status, await planned.clone().text()).to.equal(201);

    const answer = await call('GET', `/api/accounts/${accountId}/summary`, specialist);
    expect(answer.status).to.equal(200);
    const summary = await answer.json() as any;
    expect(summary.account).to.deep.include({ id: accountId, patientBalanceCents: 5000, youOweCents: 5000, creditCents: 0, dunningStage: 'plan' });
    expect(summary.claims).to.have.length(1);
    const [claim] = summary.claims;
    expect(claim).to.deep.include({ controlNumber: 'C100', serviceDate: '2026-10-02', chargeCents: 23000, patientResponsibilityCents: 7500 });
    expect(claim.lines.map((l: any) => [l.serviceDate, l.procedure, l.chargeCents])).to.deep.equal([['2026-10-02', '99213', 20000], ['2026-10-02', '36415', 3000]]);
    expect(claim.payers).to.have.length(1);
    expect(claim.payers[0]).to.deep.include({ payerName: 'INVENTED PAYER', paidCents: 6500 });
    const byCode = Object.fromEntries(claim.payers[0].adjustments.map((a: any) => [a.code, a]));
    expect(Object.keys(byCode).sort()).to.deep.equal(['CO-45', 'CO-97', 'PR-1', 'PR-3']);
    expect(byCode['CO-45']).to.deep.include({ kind: 'contractual', amountCents: 6000 });
    expect(byCode['CO-45'].explanation).to.include('not billed to you');
    expect(byCode['PR-1']).to.deep.include({ kind: 'patient-responsibility', amountCents: 5000 });
    expect(byCode['PR-1'].explanation).to.match(/^Deductible/);
    expect(byCode['PR-3'].explanation).to.match(/^Copay/);
    expect(byCode['CO-97'].explanation).to.include('paid as part of another service');
    expect(summary.statements).to.deep.equal([{ id: summary.statements[0].id, kind: 'statement', stage: 'statement-1', statementDate: '2026-11-01', amountDueCents: 7500 }]);
    expect(summary.payments.map((p: any) => [p.amountCents, p.method, p.reference, p.paymentDate])).to.deep.equal([[2500, 'card', 'AUTH-77', TODAY]]);
    expect(summary.plan).to.deep.include({ status: 'current', totalCents: 5000 });
    expect(summary.plan.installments.map((i: any) => i.dueDate)).to.deep.equal(['2026-12-15', '2027-01-15']);
    expect(summary.paymentOptions).to.be.an('array').that.is.not.empty;

    // The read is audited: who, which account, by which way; no patient data.
    const audits = await query(env, `select actor, subject_type, subject_id, detail from audit_event where action = 'account.summary.read'`);
    expect(audits).to.deep.equal([{ actor: specialist.login, subject_type: 'account', subject_id: String(accountId), detail: { via: 'api' } }]);

    // Operators run the machines; they do not read patients' accounts.
    const refused = await call('GET', `/api/accounts/${accountId}/summary`, operator);
    expect(refused.status).to.equal(403);
    expect((await call('POST', `/api/accounts/${accountId}/payments`, operator, { amount: '1.00', date: TODAY, method: 'cash', reference: 'X' })).status).to.equal(403);
    const missing = await call('GET', '/api/accounts/999999/summary', specialist);
    expect([missing.status, ((await missing.json()) as { error: string }).error]).to.deep.equal([404, 'no account 999999; nothing changed']);
    const bad = await call('POST', `/api/accounts/${accountId}/payments`, specialist, { amount: '-5.00', date: TODAY, method: 'cash', reference: 'X' });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { error: string }).error).to.include('more than zero');
    const uneven = await call('POST', `/api/accounts/${accountId}/plans`, specialist, { installments: [{ dueDate: '2026-12-15', amount: '10.00' }] });
    expect(uneven.status).to.equal(409); // the live plan comes first
    expect((await query(env, `select count(*)::int as n from audit_event where action = 'account.summary.read'`))[0].n).to.equal(1);
  });

  it('opens a dispute with its patient-inquiry task (the reason only in the task note), pauses for it, and resolves it by outcome or by a supervisor', async function () {
    this.timeout(60000);
    const { call } = await startApi();
    const accountId = await postedAccount();
    const supervisor = await signedInPerson(env.orm, 'supervisor');
    const specialist = await signedInPerson(env.orm, 'specialist', { supervisorId: supervisor.id });
    const REASON = 'Patient says visit was covered; REASON-TEXT-8812';

    const opened = await call('POST', `/api/accounts/${accountId}/disputes`, specialist, { reason: REASON });
    expect(opened.status).to.equal(201);
    const { dispute, taskId } = await opened.json() as { dispute: any; taskId: number };
    expect(dispute).to.deep.include({ accountId, status: 'open', taskId, openedBy: specialist.login, resolvedAt: null });
    const [task] = await query(env, 'select type, subject_type, subject_id, reason_codes, amount_at_risk_cents::int as at_risk, status from task where id = ?', [taskId]);
    expect(task).to.deep.equal({ type: 'patient-inquiry', subject_type: 'account', subject_id: accountId, reason_codes: [`DISPUTE-${dispute.id}`], at_risk: 7500, status: 'open' });
    expect((await query(env, 'select text from task_note where task_id = ?', [taskId])).map((n) => n.text)).to.deep.equal([REASON]);
    // The reason is nowhere but the note: not in the audit, the outbox (jobs) or job records.
    const leaks = await query(env, `select
      (select count(*) from audit_event where detail::text like '%REASON-TEXT%')::int as audit,
      (select count(*) from outbox where payload::text like '%REASON-TEXT%')::int as outbox`);
    expect(leaks).to.deep.equal([{ audit: 0, outbox: 0 }]);
    // One open dispute per account.
    expect((await call('POST', `/api/accounts/${accountId}/disputes`, specialist, { reason: 'again' })).status).to.equal(409);

    // The inquiry answered: the dispute is resolved, the cycle may resume.
    await assign(env, taskId, specialist, 'in-progress');
    const options = { clock: officeClock(), timezone: 'UTC', writeOffApprovalCents: 100000 };
    await env.orm.em.fork().transactional(async (em) => recordOutcome(em, await personOf(env, specialist), { taskId, outcome: 'answered' }, options));
    const [resolved] = await query(env, 'select status, resolved_at is not null as stamped from account_dispute where id = ?', [dispute.id]);
    expect(resolved).to.deep.equal({ status: 'resolved', stamped: true });

    // A second dispute referred to a supervisor stays open until the supervisor resolves it.
    const second = await (await call('POST', `/api/accounts/${accountId}/disputes`, specialist, { reason: 'billed twice' })).json() as { dispute: any; taskId: number };
    await assign(env, second.taskId, specialist, 'in-progress');
    await env.orm.em.fork().transactional(async (em) => recordOutcome(em, await personOf(env, specialist), { taskId: second.taskId, outcome: 'referred-to-supervisor' }, options));
    expect((await query(env, 'select status from account_dispute where id = ?', [second.dispute.id]))[0].status).to.equal('open');
    expect((await call('POST', `/api/disputes/${second.dispute.id}/resolve`, specialist)).status).to.equal(403);
    const decided = await call('POST', `/api/disputes/${second.dispute.id}/resolve`, supervisor);
    expect(decided.status).to.equal(200);
    expect(await decided.json()).to.deep.include({ id: second.dispute.id, status: 'resolved' });
    expect((await call('POST', `/api/disputes/${second.dispute.id}/resolve`, supervisor)).status).to.equal(409);
    const actions = await query(env, `select action, detail from audit_event where action like 'account.dispute.%' order by id`);
    expect(actions.map((a) => [a.action, a.detail.via ?? null])).to.deep.equal([
      ['account.dispute.open', null], ['account.dispute.resolve', 'outcome'], ['account.dispute.open', null], ['account.dispute.resolve', 'resolve'],
    ]);
  });
});
