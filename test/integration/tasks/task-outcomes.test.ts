import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { seedOffice } from '../posting/posting-support.js';
import { fixedClock, systemClock, type Clock } from '../../../src/domain/clock.js';
import { TASK_TYPES } from '../../../config/task-types.js';
import { recordOutcome, type OutcomeRequest } from '../../../src/services/tasks/record-outcome.service.js';
import { decideWriteOff, type WriteOffDecision } from '../../../src/services/tasks/write-off-approval.service.js';
import { followUpAppeal } from '../../../src/services/tasks/appeal-follow-up.service.js';
import { createFollowUpTask } from '../../../src/services/tasks.service.js';
import type { TestPerson } from '../../support/sign-in.js';
import { assign, footprint, personOf, postEra, query, taskOn, team, type Team } from './outcome-support.js';

// Outcomes through the service, against a real Postgres: who may record one, what each outcome
// writes in the same transaction (claim moves, outbox rows, ledger entries, approvals), and that
// a refused one writes nothing. The jobs those rows become are run by test/e2e/task-outcomes-api.test.ts.
describe('task outcomes', () => {
  const env = useTestEnv();
  let people: Team;
  const NOTE = 'Called payer, rep said resend; NOTE-TEXT-7781';

  async function record(person: TestPerson, request: OutcomeRequest, writeOffApprovalCents = 50000) {
    const actor = await personOf(env, person);
    return env.orm.em.fork().transactional((em) => recordOutcome(em, actor, request, { clock: systemClock, timezone: 'UTC', writeOffApprovalCents }));
  }

  async function decide(person: TestPerson, taskId: number, decision: WriteOffDecision) {
    const actor = await personOf(env, person);
    return env.orm.em.fork().transactional((em) => decideWriteOff(em, actor, taskId, decision, { clock: systemClock, timezone: 'UTC' }));
  }

  async function refusal(work: Promise<unknown>): Promise<{ status: number; message: string; detail: Record<string, unknown> }> {
    try {
      await work;
    } catch (error) {
      const e = error as { statusCode: number; message: string; detail: Record<string, unknown> };
      return { status: e.statusCode, message: e.message, detail: e.detail };
    }
    throw new Error('expected a refusal');
  }

  /** Claims DENY1..n, each a line of 80.00 denied in full with CO-97, posted: one denial task each. */
  async function deniedClaims(n: number) {
    const controls = Array.from({ length: n }, (_, i) => `DENY${i + 1}`);
    const office = await seedOffice(env.orm.em.fork(), controls.map((controlNumber) => ({ controlNumber, lines: [{ procedure: '99213', chargeCents: 8000 }] })));
    await postEra(env, 'TOUT1', controls.map((control) => ({ control, lines: [{ procedure: '99213', chargeCents: 8000, cas: [['CO', '97', 8000] as [string, string, number]] }] })));
    people = await team(env);
    return office;
  }

  /** The jobs outcomes enqueued (the 835's own posting.era row left out). */
  /** The jobs outcomes enqueued: not posting's, nor the SLA check and assignment every new task gets. */
  async function outboxRows() {
    return query(env, `select queue, job_name as job, payload, delay_ms as delay from outbox
      where queue <> 'posting' and job_name not in ('sla', 'assign-batch') order by id`);
  }

  it('refuses an unknown task, another person\'s task, a finished one and an outcome the type does not have, and changes nothing', async function () {
    this.timeout(30000);
    await deniedClaims(2);
    const task = await taskOn(env, 'DENY1');
    const pool = await taskOn(env, 'DENY2');
    await assign(env, task.id, people.alice, 'in-progress');
    const before = await footprint(env);

    // Unknown and someone else's answer alike over the API (404, the same words): bob, another
    // team's supervisor, and a specialist asking for a task in the pool.
    const unknown = await refusal(record(people.alice, { taskId: 987654, outcome: 'appealed' }));
    expect(unknown).to.include({ status: 404, message: 'no task 987654' });
    for (const stranger of [people.bob, people.otherSupervisor]) {
      const refused = await refusal(record(stranger, { taskId: task.id, outcome: 'appealed', note: NOTE }));
      expect(refused).to.include({ status: 404, message: `no task ${task.id}` });
    }
    expect(await refusal(record(people.alice, { taskId: pool.id, outcome: 'appealed' }))).to.include({ status: 404 });
    // A supervisor sees the pool but an unassigned task has nobody's outcome yet.
    expect((await refusal(record(people.supervisor, { taskId: pool.id, outcome: 'appealed' }))).status).to.equal(409);

    const wrong = await refusal(record(people.alice, { taskId: task.id, outcome: 'paid', note: NOTE }));
    expect(wrong.status).to.equal(422);
    expect(wrong.detail).to.deep.equal({ allowed: [...TASK_TYPES.denial.outcomes] });
    expect(wrong.message).to.match(/"paid" is not one of a denial task's: appealed, corrected-and-resubmitted/);
    expect(await refusal(record(people.alice, { taskId: task.id, outcome: 'appealed', note: 'x'.repeat(4001) }))).to.include({ status: 422 });
    expect(await footprint(env)).to.deep.equal(before);

    const done = await record(people.alice, { taskId: task.id, outcome: 'no-action-needed' });
    expect(done).to.deep.include({ outcome: 'no-action-needed', followUp: 'close', state: 'applied', repeated: false });
    expect(done.task).to.deep.include({ id: task.id, status: 'done', leaseExpiresAt: null, assignee: people.alice.login });
    const afterDone = await footprint(env);
    // The same outcome again by the same person: answered, nothing redone. Any other: 409.
    expect(await record(people.alice, { taskId: task.id, outcome: 'no-action-needed' })).to.deep.include({ repeated: true });
    const finished = await refusal(record(people.alice, { taskId: task.id, outcome: 'appealed' }));
    expect(finished).to.include({ status: 409, message: `task ${task.id} is already done (no-action-needed); nothing changed` });
    expect(await refusal(record(people.supervisor, { taskId: task.id, outcome: 'no-action-needed' }))).to.include({ status: 409 });
    expect(await footprint(env)).to.deep.equal(afterDone);
  });

  it('transfers the open amount to the guarantor: two ledger entries summing to zero, balances moved, once; the note stays in task_note', async function () {
    this.timeout(30000);
    const office = await deniedClaims(1);
    const task = await taskOn(env, 'DENY1');
    await assign(env, task.id, people.alice, 'in-progress');
    const recorded = await record(people.alice, { taskId: task.id, outcome: 'transferred-to-patient', note: NOTE });
    expect(recorded).to.deep.include({ followUp: 'transfer', state: 'applied', amountCents: 8000, repeated: false });
    expect(recorded.task).to.deep.include({ status: 'done', leaseExpiresAt: null });

    const claimId = office.claimIds.get('DENY1')!;
    const ledger = await query(env, `select kind, amount_cents::int as cents, claim_id, account_id, idempotency_key as key from ledger_entry where source = ? order by id`, [`task:${task.id}`]);
    expect(ledger).to.deep.equal([
      { kind: 'transfer', cents: -8000, claim_id: claimId, account_id: null, key: `task:${task.id}:transfer:claim` },
      { kind: 'transfer', cents: 8000, claim_id: null, account_id: office.accountId, key: `task:${task.id}:transfer:account` },
    ]);
    const [balances] = await query(env, `select c.balance_cents::int as claim, a.patient_balance_cents::int as guarantor from claim c, account a where c.id = ? and a.id = ?`, [claimId, office.accountId]);
    expect(balances).to.deep.equal({ claim: 0, guarantor: 8000 });

    const [row] = await query(env, `select status, outcome, closed_at is not null as closed, lease_expires_at from task where id = ?`, [task.id]);
    expect(row).to.deep.equal({ status: 'done', outcome: 'transferred-to-patient', closed: true, lease_expires_at: null });
    const events = await query(env, `select kind, actor, detail from task_event where task_id = ? and kind = 'outcome'`, [task.id]);
    expect(events).to.deep.equal([{ kind: 'outcome', actor: people.alice.login, detail: {
      outcome: 'transferred-to-patient', from: 'in-progress', to: 'done', assignee: people.alice.login, followUp: 'transfer', state: 'applied', amountCents: 8000,
    } }]);
    expect(await query(env, `select action, subject_type, subject_id from audit_event where action in ('task.outcome', 'ledger.transfer') order by id`))
      .to.deep.equal([{ action: 'ledger.transfer', subject_type: 'claim', subject_id: String(claimId) }, { action: 'task.outcome', subject_type: 'task', subject_id: String(task.id) }]);
    expect(await query(env, 'select task_id, author_id, text from task_note')).to.deep.equal([{ task_id: task.id, author_id: people.alice.id, text: NOTE }]);

    // A retried request: answered, nothing moved twice.
    const before = await footprint(env);
    expect(await record(people.alice, { taskId: task.id, outcome: 'transferred-to-patient', note: NOTE })).to.deep.include({ repeated: true, amountCents: 8000 });
    expect(await footprint(env)).to.deep.equal(before);

    // The note's text is in task_note and nowhere else.
    const [leaks] = await query(env, `select
      (select count(*)::int from task_event where detail::text like '%NOTE-TEXT%') as events,
      (select count(*)::int from audit_event where detail::text like '%NOTE-TEXT%') as audits,
      (select count(*)::int from outbox where payload::text like '%NOTE-TEXT%') as outbox`);
    expect(leaks).to.deep.equal({ events: 0, audits: 0, outbox: 0 });
  });

  it('writes off at once up to the limit, with the task\'s CARC as its reason, audited', async function () {
    this.timeout(30000);
    const office = await deniedClaims(1);
    const task = await taskOn(env, 'DENY1');
    await assign(env, task.id, people.alice);
    expect(await record(people.alice, { taskId: task.id, outcome: 'written-off' }, 8000)).to.deep.include({ followUp: 'write-off', state: 'applied', amountCents: 8000 });
    const claimId = office.claimIds.get('DENY1')!;
    expect(await query(env, `select kind, amount_cents::int as cents, claim_id, group_code, reason_code, idempotency_key as key from ledger_entry where source = ?`, [`task:${task.id}`]))
      .to.deep.equal([{ kind: 'write-off', cents: 8000, claim_id: claimId, group_code: 'CO', reason_code: '97', key: `task:${task.id}:write-off` }]);
    expect((await query(env, 'select balance_cents::int as b from claim where id = ?', [claimId]))[0].b).to.equal(0);
    expect(await query(env, `select actor, detail from audit_event where action = 'ledger.write-off'`))
      .to.deep.equal([{ actor: people.alice.login, detail: { taskId: task.id, amountCents: 8000, reasonCodes: ['CO-97'] } }]);
  });

  it('holds a write-off above the limit for approval up the chain; a rejection hands the task back; nothing is written off twice', async function () {
    this.timeout(30000);
    const office = await deniedClaims(2);
    const [first, second] = [await taskOn(env, 'DENY1'), await taskOn(env, 'DENY2')];
    await assign(env, first.id, people.alice, 'in-progress');
    await assign(env, second.id, people.bob);
    const limit = 5000;
    expect(await record(people.alice, { taskId: first.id, outcome: 'written-off', note: NOTE }, limit)).to.deep.include({ state: 'pending-approval', amountCents: 8000 });
    // A supervisor may record the outcome of a task of their team.
    expect(await record(people.supervisor, { taskId: second.id, outcome: 'written-off' }, limit)).to.deep.include({ state: 'pending-approval' });
    expect(await query(env, 'select * from ledger_entry where source like ?', ['task:%'])).to.deep.equal([]);
    expect(await query(env, `select task_id, state, amount_cents::int as cents from task_outcome order by id`))
      .to.deep.equal([{ task_id: first.id, state: 'pending-approval', cents: 8000 }, { task_id: second.id, state: 'pending-approval', cents: 8000 }]);

    const before = await footprint(env);
    // The assignee (who recorded it) cannot approve their own; another team's supervisor does not see it;
    // the supervisor who recorded the second cannot approve it either.
    expect(await refusal(decide(people.alice, first.id, 'approved'))).to.include({ status: 403 });
    expect(await refusal(decide(people.otherSupervisor, first.id, 'approved'))).to.include({ status: 404, message: `no task ${first.id}` });
    expect(await refusal(decide(people.supervisor, second.id, 'approved'))).to.include({ status: 403 });
    expect(await refusal(decide(people.bob, first.id, 'approved'))).to.include({ status: 404 });
    expect(await footprint(env)).to.deep.equal(before);

    // The director, up the chain from alice: the write-off happens now, once.
    expect(await decide(people.director, first.id, 'approved')).to.deep.include({ decision: 'approved', amountCents: 8000, repeated: false });
    expect(await decide(people.director, first.id, 'approved')).to.deep.include({ repeated: true });
    const claim1 = office.claimIds.get('DENY1')!;
    expect(await query(env, `select kind, amount_cents::int as cents, claim_id from ledger_entry where source like 'task:%'`)).to.deep.equal([{ kind: 'write-off', cents: 8000, claim_id: claim1 }]);
    expect(await query(env, `select kind, actor, detail from task_event where task_id = ? and kind like 'write-off%'`, [first.id]))
      .to.deep.equal([{ kind: 'write-off-approved', actor: people.director.login, detail: { outcome: 'written-off', amountCents: 8000, recordedBy: people.alice.id, assignee: people.alice.login } }]);
    expect(await refusal(decide(people.admin, first.id, 'rejected'))).to.include({ status: 409 });

    // An admin rejects the second: back to bob, assigned, to choose again.
    expect(await decide(people.admin, second.id, 'rejected')).to.deep.include({ decision: 'rejected' });
    expect(await query(env, 'select status, outcome, assignee_id, closed_at from task where id = ?', [second.id]))
      .to.deep.equal([{ status: 'assigned', outcome: null, assignee_id: people.bob.id, closed_at: null }]);
    expect(await record(people.bob, { taskId: second.id, outcome: 'appealed' })).to.deep.include({ state: 'applied', followUp: 'appeal' });
    expect(await query(env, `select state from task_outcome where task_id = ? order by id`, [second.id])).to.deep.equal([{ state: 'rejected' }, { state: 'applied' }]);
    expect(await query(env, `select count(*)::int as n from ledger_entry where source = ?`, [`task:${second.id}`])).to.deep.equal([{ n: 0 }]);
  });

  it('bills the next payer by coverage rank: a new draft claim for the secondary, its lines, and its scrub in the outbox', async function () {
    this.timeout(30000);
    const office = await deniedClaims(1);
    const task = await taskOn(env, 'DENY1');
    await assign(env, task.id, people.alice);
    const before = await footprint(env);
    const none = await refusal(record(people.alice, { taskId: task.id, outcome: 'billed-secondary' }));
    expect(none.status).to.equal(422);
    expect(none.message).to.match(/billed to the primary \(P\) coverage and the patient has no secondary \(S\) coverage on file/);
    expect(await footprint(env)).to.deep.equal(before);

    const [{ patient_id: patientId }] = await query(env, 'select patient_id from claim where id = ?', [office.claimIds.get('DENY1')]);
    const [{ id: secondaryPayer }] = await query(env, `insert into payer (payer_id, name, timely_filing_days, appeal_days, follow_up_days, created_at) values ('99SEC', 'INVENTED SECONDARY', 90, 180, 30, now()) returning id`);
    const [{ id: coverageId }] = await query(env, `insert into coverage (patient_id, payer_id, member_id, rank, relationship, created_at) values (?, ?, 'S0000009', 'S', '18', now()) returning id`, [patientId, secondaryPayer]);

    const recorded = await record(people.alice, { taskId: task.id, outcome: 'billed-secondary' });
    expect(recorded).to.deep.include({ followUp: 'secondary', state: 'applied' });
    const claims = await query(env, `select id, control_number, payer_id, coverage_id, status, frequency, charge_cents::int as charge, balance_cents::int as balance from claim order by id`);
    expect(claims).to.have.length(2);
    expect(claims[1]).to.deep.equal({ id: recorded.newClaimId, control_number: 'DENY1', payer_id: secondaryPayer, coverage_id: coverageId, status: 'draft', frequency: '1', charge: 8000, balance: 8000 });
    expect(await query(env, 'select procedure, charge_cents::int as charge from claim_line where claim_id = ?', [recorded.newClaimId])).to.deep.equal([{ procedure: '99213', charge: 8000 }]);
    expect(await outboxRows()).to.deep.equal([{ queue: 'claims', job: 'scrub', payload: { claimId: recorded.newClaimId }, delay: 0 }]);
  });

  it('sends a corrected denial back as a replacement: frequency 7 with the payer\'s claim number from CLP07, to be scrubbed', async function () {
    this.timeout(30000);
    const office = await deniedClaims(1);
    const task = await taskOn(env, 'DENY1');
    await assign(env, task.id, people.alice);
    expect(await record(people.admin, { taskId: task.id, outcome: 'corrected-and-resubmitted', note: NOTE })).to.deep.include({ followUp: 'replacement' });
    const claimId = office.claimIds.get('DENY1')!;
    expect(await query(env, 'select status, frequency, payer_claim_number from claim where id = ?', [claimId]))
      .to.deep.equal([{ status: 'draft', frequency: '7', payer_claim_number: 'PCNDENY1' }]);
    expect(await query(env, `select from_status, to_status, detail from claim_event where claim_id = ? order by id desc limit 1`, [claimId]))
      .to.deep.equal([{ from_status: 'denied', to_status: 'draft', detail: { taskId: task.id, reason: 'replacement (frequency 7)' } }]);
    expect(await outboxRows()).to.deep.equal([{ queue: 'claims', job: 'scrub', payload: { claimId }, delay: 0 }]);
  });

  it('follows an appeal up when the payer should have answered: one inquiry if no remittance came, none if one did', async function () {
    this.timeout(30000);
    await deniedClaims(2);
    const [first, second] = [await taskOn(env, 'DENY1'), await taskOn(env, 'DENY2')];
    await assign(env, first.id, people.alice);
    await assign(env, second.id, people.alice);
    await record(people.alice, { taskId: first.id, outcome: 'appealed' });
    await record(people.alice, { taskId: second.id, outcome: 'appealed' });
    // Due the payer's follow_up_days (30 by default) after the appeal; one job waits 20 days at most.
    const twentyDays = 20 * 86400000;
    expect(await outboxRows()).to.deep.equal([
      { queue: 'tasks', job: 'appeal-follow-up', payload: { taskId: first.id }, delay: twentyDays },
      { queue: 'tasks', job: 'appeal-follow-up', payload: { taskId: second.id }, delay: twentyDays },
    ]);
    const [{ due }] = await query(env, 'select follow_up_due_at as due from task_outcome where task_id = ?', [first.id]);
    // The payer answers DENY2's appeal with a payment.
    await postEra(env, 'TOUT2', [{ control: 'DENY2', lines: [{ procedure: '99213', chargeCents: 8000 }] }]);

    const run = (taskId: number, clock: Clock) => env.orm.em.fork().transactional((em) => followUpAppeal(em, taskId, { clock, timezone: 'UTC' }));
    // Twenty days on, ten are left: the job waits again for them, and nothing else happens.
    const early = fixedClock(new Date(new Date(due).getTime() - 10 * 86400000));
    expect(await run(first.id, early)).to.deep.equal({ result: 'waiting' });
    expect((await outboxRows()).slice(2)).to.deep.equal([{ queue: 'tasks', job: 'appeal-follow-up', payload: { taskId: first.id }, delay: 10 * 86400000 }]);
    const late = fixedClock(new Date(new Date(due).getTime() + 1000));
    const opened = await run(first.id, late);
    expect(opened.result).to.equal('opened-inquiry');
    expect(await run(first.id, late)).to.deep.equal({ result: 'already-checked' });
    expect(await run(second.id, late)).to.deep.equal({ result: 'answered' });
    expect(await run(second.id, late)).to.deep.equal({ result: 'already-checked' });
    const inquiries = await query(env, `select id, subject_id, reason_codes, amount_at_risk_cents::int as amount, status from task where type = 'claim-status-inquiry'`);
    expect(inquiries).to.have.length(1);
    expect(inquiries[0]).to.deep.include({ id: opened.inquiryTaskId, reason_codes: ['APPEAL-NO-ANSWER'], amount: 8000, status: 'open' });
  });

  it('scrubs a corrected edit or rejection again, sends an overridden edit or a resubmitted rejection as it is, and refuses a claim in another status', async function () {
    this.timeout(30000);
    const office = await seedOffice(env.orm.em.fork(), ['EDIT1', 'EDIT2', 'REJ1', 'REJ2', 'REJ3'].map((controlNumber) => ({ controlNumber, lines: [{ procedure: '99213', chargeCents: 5000 }] })));
    people = await team(env);
    const id = (cn: string) => office.claimIds.get(cn)!;
    await query(env, `update claim set status = 'edits' where control_number like 'EDIT%'`);
    await query(env, `update claim set status = 'rejected' where control_number in ('REJ1', 'REJ2')`);
    const open = async (cn: string, type: 'claim-edit' | 'claim-rejection') => {
      const { taskId } = await env.orm.em.fork().transactional((em) => createFollowUpTask(em, {
        type, subjectType: 'claim', subjectId: id(cn), reasonCodes: ['X'], amountAtRiskCents: 5000, payerId: office.payerId,
      }, { timezone: 'UTC' }));
      await assign(env, taskId, people.bob);
      return taskId;
    };
    const tasks = { edit1: await open('EDIT1', 'claim-edit'), edit2: await open('EDIT2', 'claim-edit'), rej1: await open('REJ1', 'claim-rejection'), rej2: await open('REJ2', 'claim-rejection'), rej3: await open('REJ3', 'claim-rejection') };

    // REJ3 is still accepted: it cannot be resubmitted as rejected.
    const before = await footprint(env);
    const wrong = await refusal(record(people.bob, { taskId: tasks.rej3, outcome: 'resubmitted' }));
    expect(wrong).to.include({ status: 409 });
    expect(wrong.message).to.equal('claim REJ3 is accepted; resubmitted needs it rejected (to become ready); nothing changed');
    expect(await footprint(env)).to.deep.equal(before);

    expect((await record(people.bob, { taskId: tasks.edit1, outcome: 'corrected' })).followUp).to.equal('correction');
    expect((await record(people.bob, { taskId: tasks.edit2, outcome: 'overridden' })).followUp).to.equal('override');
    expect((await record(people.bob, { taskId: tasks.rej1, outcome: 'corrected-and-resubmitted' })).followUp).to.equal('correction');
    expect((await record(people.bob, { taskId: tasks.rej2, outcome: 'resubmitted' })).followUp).to.equal('resubmission');
    expect(await query(env, `select control_number as cn, status, frequency from claim order by id`)).to.deep.equal([
      { cn: 'EDIT1', status: 'draft', frequency: '1' }, { cn: 'EDIT2', status: 'ready', frequency: '1' },
      { cn: 'REJ1', status: 'draft', frequency: '1' }, { cn: 'REJ2', status: 'ready', frequency: '1' }, { cn: 'REJ3', status: 'accepted', frequency: '1' },
    ]);
    expect(await outboxRows()).to.deep.equal([
      { queue: 'claims', job: 'scrub', payload: { claimId: id('EDIT1') }, delay: 0 },
      { queue: 'claims', job: 'submit', payload: { payerId: office.payerId }, delay: 0 },
      { queue: 'claims', job: 'scrub', payload: { claimId: id('REJ1') }, delay: 0 },
      { queue: 'claims', job: 'submit', payload: { payerId: office.payerId }, delay: 0 },
    ]);
  });
});
