// Patient payments and payment plans against the real database: the ledger entry, the cached
// balance and the plan's installments move together; a retried post is recorded once; bad input
// and conflicts are refused with nothing written; the daily review marks missed installments
// once (a task each, the account back in the statement cycle) and completes paid plans.
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { postPatientPayment, type PatientPaymentRequest } from '../../../src/services/collections/patient-payment.service.js';
import { cancelPaymentPlan, createPaymentPlan, reviewPaymentPlans, type PlanRequest } from '../../../src/services/collections/payment-plan.service.js';
import { query } from '../tasks/outcome-support.js';
import { officeClock, owingAccount, TODAY, writtenState } from './collections-support.js';

describe('patient payments and payment plans', () => {
  const env = useTestEnv();
  const options = (day = TODAY) => ({ clock: officeClock(day), timezone: 'UTC' });

  async function desk() {
    const person = await signedInPerson(env.orm, 'specialist');
    return { id: person.id, login: person.login };
  }
  const pay = (actor: { id: number; login: string }, request: PatientPaymentRequest, day = TODAY) =>
    env.orm.em.fork().transactional((em) => postPatientPayment(em, actor, request, options(day)));
  const plan = (actor: { id: number; login: string }, request: PlanRequest, day = TODAY) =>
    env.orm.em.fork().transactional((em) => createPaymentPlan(em, actor, request, options(day)));
  const review = (asOf: string) => env.orm.em.fork().transactional((em) => reviewPaymentPlans(em, asOf, options(asOf)));
  const refusal = async (work: () => Promise<unknown>): Promise<Error & { statusCode?: number }> => {
    try {
      await work();
    } catch (error) {
      return error as Error & { statusCode?: number };
    }
    throw new Error('expected a refusal');
  };

  it('records a payment to the ledger, lowers the balance, pays installments oldest first, and records a retried post once', async () => {
    const actor = await desk();
    const accountId = await owingAccount(env, 'ACC-1', 10000);
    const made = await plan(actor, { account: { number: 'ACC-1' }, installments: '2026-12-15:40.00,2027-01-15:30.00,2027-02-15:30.00', total: '100.00' });
    expect(made.status).to.equal('current');
    expect(made.installments.map((i) => i.amountCents)).to.deep.equal([4000, 3000, 3000]);
    expect((await query(env, 'select dunning_stage from account where id = ?', [accountId]))[0].dunning_stage).to.equal('plan');

    const first = await pay(actor, { account: { id: accountId }, amount: '50.00', date: TODAY, method: 'check', reference: '1042' });
    expect(first.repeated).to.equal(false);
    expect(first.account.patientBalanceCents).to.equal(5000);
    expect(first.plan).to.deep.include({ id: made.id, status: 'current' });
    expect(first.plan!.installments.map((i) => [i.sequence, i.appliedCents, i.status])).to.deep.equal([[1, 4000, 'paid'], [2, 1000, 'due']]);
    const ledger = await query(env, `select kind, amount_cents::int as amount, account_id, claim_id, source, idempotency_key, to_char(effective_date, 'YYYY-MM-DD') as day
      from ledger_entry where kind = 'patient-payment'`);
    expect(ledger).to.deep.equal([{
      kind: 'patient-payment', amount: -5000, account_id: accountId, claim_id: null, source: `patient-payment:${first.payment.id}`,
      idempotency_key: `patient-payment:account:${accountId}:check:1042`, day: TODAY,
    }]);
    // The account's ledger still adds up to its cached balance.
    const [sums] = await query(env, `select (select sum(amount_cents) from ledger_entry where account_id = ?)::int as ledger, (select patient_balance_cents from account where id = ?)::int as cached`, [accountId, accountId]);
    expect(sums.ledger).to.equal(sums.cached);

    // The same post again (a retry after a lost answer): the first payment, nothing written.
    const before = await writtenState(env);
    const again = await pay(actor, { account: { id: accountId }, amount: '50.00', date: TODAY, method: 'check', reference: '1042' });
    expect(again.repeated).to.equal(true);
    expect(again.payment.id).to.equal(first.payment.id);
    expect(await writtenState(env)).to.deep.equal(before);
    // The same reference for a different payment is a conflict, not a second payment.
    const reused = await refusal(() => pay(actor, { account: { id: accountId }, amount: '60.00', date: TODAY, method: 'check', reference: '1042' }));
    expect(reused.statusCode).to.equal(409);
    expect(reused.message).to.include('already has payment');
    expect(await writtenState(env)).to.deep.equal(before);
    // A client key makes a post its own payment whatever the reference.
    const keyed = await pay(actor, { account: { id: accountId }, amount: '20.00', date: TODAY, method: 'card', reference: 'AUTH1', idempotencyKey: 'desk-7' });
    const keyedAgain = await pay(actor, { account: { id: accountId }, amount: '20.00', date: TODAY, method: 'card', reference: 'AUTH1', idempotencyKey: 'desk-7' });
    expect([keyed.repeated, keyedAgain.repeated, keyedAgain.payment.id]).to.deep.equal([false, true, keyed.payment.id]);

    // The rest, and more: the plan is paid and completed, the account leaves 'plan', the extra is a credit.
    const last = await pay(actor, { account: { number: 'ACC-1' }, amount: '40.00', date: TODAY, method: 'cash', reference: 'R-9' });
    expect(last.plan!.status).to.equal('completed');
    expect(last.account.patientBalanceCents).to.equal(-1000);
    const [after] = await query(env, `select a.dunning_stage, p.status from account a join payment_plan p on p.account_id = a.id where a.id = ?`, [accountId]);
    expect(after).to.deep.equal({ dunning_stage: 'none', status: 'completed' });
    expect((await query(env, `select string_agg(status || ':' || paid_cents, ',' order by sequence) as s from payment_plan_installment`))[0].s).to.equal('paid:4000,paid:3000,paid:3000');
    const audits = await query(env, `select action, subject_type, subject_id, detail from audit_event where action = 'patient-payment.post' order by id`);
    expect(audits).to.have.length(3);
    expect(audits[0]).to.deep.include({ subject_type: 'account', subject_id: String(accountId) });
    expect(Object.keys(audits[0].detail).sort()).to.deep.equal(['amountCents', 'appliedToPlanCents', 'method', 'paymentId', 'planId']);
  });

  it('refuses zero, negative and malformed amounts, unknown accounts, future dates and unknown methods, writing nothing', async () => {
    const actor = await desk();
    const accountId = await owingAccount(env, 'ACC-2', 5000);
    const before = await writtenState(env);
    const base = { account: { id: accountId }, date: TODAY, method: 'card', reference: 'A1' };
    for (const amount of ['0', '0.00', '-25.00', '25.001', 'twenty', '1e3', '']) {
      const error = await refusal(() => pay(actor, { ...base, amount }));
      expect(error.name, amount).to.equal('PaymentInputError');
      expect(error.message, amount).to.match(/^amount: /);
    }
    expect((await refusal(() => pay(actor, { ...base, amount: '-25.00' }))).message).to.include('more than zero');
    const unknown = await refusal(() => pay(actor, { ...base, account: { number: 'NOPE' }, amount: '5.00' }));
    expect([unknown.statusCode, unknown.message]).to.deep.equal([404, 'no account number NOPE; nothing changed']);
    expect((await refusal(() => pay(actor, { ...base, account: { id: 999999 }, amount: '5.00' }))).statusCode).to.equal(404);
    expect((await refusal(() => pay(actor, { ...base, amount: '5.00', date: '2026-12-02' }))).message).to.include('after today');
    expect((await refusal(() => pay(actor, { ...base, amount: '5.00', method: 'iou' }))).message).to.match(/^method: /);
    expect(await writtenState(env)).to.deep.equal(before);
  });

  it('refuses plans whose installments do not add up, a second live plan, and a plan for nothing owed', async () => {
    const actor = await desk();
    await owingAccount(env, 'ACC-3', 10000);
    await owingAccount(env, 'ACC-4', 0);
    const before = await writtenState(env);
    const short = await refusal(() => plan(actor, { account: { number: 'ACC-3' }, installments: '2026-12-15:50.00,2027-01-15:40.00' }));
    expect([short.name, short.message]).to.deep.equal(['PlanInputError', "installments add up to 90.00, not the plan's total of 100.00"]);
    expect((await refusal(() => plan(actor, { account: { number: 'ACC-3' }, installments: '2027-01-15:50.00,2026-12-15:50.00' }))).message).to.include('dates must ascend');
    expect((await refusal(() => plan(actor, { account: { number: 'ACC-3' }, installments: '2026-12-15:100.00', total: '90.00' }))).statusCode).to.equal(422);
    expect((await refusal(() => plan(actor, { account: { number: 'ACC-4' }, count: 2 }))).message).to.include('owes nothing');
    expect((await refusal(() => plan(actor, { account: { number: 'NOPE' }, count: 2 }))).statusCode).to.equal(404);
    expect(await writtenState(env)).to.deep.equal(before);

    const made = await plan(actor, { account: { number: 'ACC-3' }, count: 3, every: 'month', first: '2026-12-10' });
    expect(made.installments.map((i) => [i.dueDate, i.amountCents])).to.deep.equal([['2026-12-10', 3334], ['2027-01-10', 3333], ['2027-02-10', 3333]]);
    const second = await refusal(() => plan(actor, { account: { number: 'ACC-3' }, count: 2 }));
    expect([second.statusCode, second.message]).to.deep.equal([409, `account ACC-3 already has plan ${made.id} (current); cancel it first; nothing changed`]);
    // Cancelled, the account is back in the cycle and may have a new plan.
    const cancelled = await env.orm.em.fork().transactional((em) => cancelPaymentPlan(em, actor, made.id, options()));
    expect(cancelled.status).to.equal('cancelled');
    expect((await query(env, `select dunning_stage from account where account_number = 'ACC-3'`))[0].dunning_stage).to.equal('none');
    expect((await plan(actor, { account: { number: 'ACC-3' }, count: 2 })).status).to.equal('current');
  });

  it('marks a missed installment once (plan missed, account back in the cycle, one task), and completes paid plans, on re-runs too', async () => {
    const actor = await desk();
    const late = await owingAccount(env, 'ACC-5', 10000);
    const paidUp = await owingAccount(env, 'ACC-6', 6000);
    const latePlan = await plan(actor, { account: { id: late }, installments: '2026-12-15:50.00,2027-01-15:50.00' });
    const paidPlan = await plan(actor, { account: { id: paidUp }, installments: '2026-12-20:60.00' });
    await pay(actor, { account: { id: late }, amount: '20.00', date: TODAY, method: 'card', reference: 'P1' });

    // Within the grace days (10): nothing is missed yet.
    const early = await review('2026-12-25');
    expect(early).to.deep.include({ installmentsMissed: 0, plansMissed: 0, plansCompleted: 0, tasksOpened: 0 });
    const missed = await review('2026-12-26');
    expect(missed).to.deep.include({ installmentsMissed: 1, plansMissed: 1, plansCompleted: 0, tasksOpened: 1 });
    const [row] = await query(env, `select p.status, a.dunning_stage from payment_plan p join account a on a.id = p.account_id where p.id = ?`, [latePlan.id]);
    expect(row).to.deep.equal({ status: 'missed', dunning_stage: 'none' });
    // The other plan's installment, due 2026-12-20, is still within its grace days.
    expect((await query(env, 'select status from payment_plan where id = ?', [paidPlan.id]))[0].status).to.equal('current');
    const tasks = await query(env, `select type, subject_type, subject_id, reason_codes, amount_at_risk_cents::int as at_risk, status from task`);
    expect(tasks).to.deep.equal([{ type: 'payment-plan-missed', subject_type: 'account', subject_id: late, reason_codes: [`PLAN-${latePlan.id}-1`], at_risk: 3000, status: 'open' }]);
    const [outbox] = await query(env, `select count(*)::int as n from outbox where queue = 'tasks'`);
    expect(outbox.n).to.be.greaterThan(0);

    // The same day again: nothing changes (the installment is already missed, its task open).
    const before = await writtenState(env);
    expect(await review('2026-12-26')).to.deep.include({ installmentsMissed: 0, plansMissed: 0, tasksOpened: 0 });
    expect(await writtenState(env)).to.deep.equal(before);

    // The paid-up plan's installment paid in full (outside a payment, as a correction would): the review completes it.
    await query(env, `update payment_plan_installment set paid_cents = amount_cents, status = 'paid' where plan_id = ?`, [paidPlan.id]);
    const next = await review('2027-01-26');
    expect(next).to.deep.include({ installmentsMissed: 1, plansMissed: 0, plansCompleted: 1, tasksOpened: 1 });
    expect((await query(env, 'select status from payment_plan where id = ?', [paidPlan.id]))[0].status).to.equal('completed');
    expect((await query(env, `select dunning_stage from account where id = ?`, [paidUp]))[0].dunning_stage).to.equal('none');
    expect((await query(env, `select reason_codes from task order by id`)).map((t) => t.reason_codes[0])).to.deep.equal([`PLAN-${latePlan.id}-1`, `PLAN-${latePlan.id}-2`]);
    const rerun = await writtenState(env);
    expect(await review('2027-01-26')).to.deep.include({ installmentsMissed: 0, plansCompleted: 0, tasksOpened: 0 });
    expect(await writtenState(env)).to.deep.equal(rerun);

    // Paying late still pays: the missed plan completes when the last cent arrives.
    const settled = await pay(actor, { account: { id: late }, amount: '80.00', date: '2027-01-26', method: 'ach', reference: 'T-1' }, '2027-01-26');
    expect(settled.plan!.status).to.equal('completed');
    expect(settled.account.patientBalanceCents).to.equal(0);
  });
});
