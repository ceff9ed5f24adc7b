import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { adminCli } from '../support/run-cli.js';
import { signedInPerson } from '../support/sign-in.js';
import { query } from '../integration/tasks/outcome-support.js';
import { systemClock, todayIn } from '../../src/domain/clock.js';
import { owingAccount, writtenState } from '../integration/collections/collections-support.js';

// `rcm payments post`, `rcm plans create` and `rcm accounts show` as a user runs them: a payment
// recorded, a refusal with exit 2 and nothing written, a plan split by count, and
// the account explained (its read audited as the --as person).
describe('rcm payments, plans and accounts', () => {
  const env = useTestEnv();

  it('posts a payment, refuses a negative amount with nothing written, makes a plan and shows the account', async function () {
    this.timeout(180000);
    const accountId = await owingAccount(env, 'CLI-1', 12000);
    const desk = await signedInPerson(env.orm, 'specialist');
    const { rcm, ok } = adminCli(env.childEnv);
    const today = todayIn(systemClock, env.config.timezone); // the CLI's today, in the office's zone

    const post = ['payments', 'post', '--account', 'CLI-1', '--amount', '20.00', '--date', today, '--method', 'check', '--reference', '5001', '--as', desk.login];
    const first = await ok(...post);
    expect(first).to.deep.include({ repeated: false });
    expect(first.account).to.deep.include({ id: accountId, patientBalanceCents: 10000 });
    // (A retried post, unknown accounts and the other refusals are tested at the service level.)
    const before = await writtenState(env);
    const bad = await rcm('payments', 'post', '--account', 'CLI-1', '--amount', '-20.00', '--date', today, '--method', 'check', '--reference', '5002', '--as', desk.login);
    expect([bad.code, bad.stderr]).to.deep.equal([2, 'rcm: amount: a payment must be more than zero; a refund is not recorded here\n']);
    expect(await writtenState(env)).to.deep.equal(before);

    const plan = await ok('plans', 'create', '--account', 'CLI-1', '--count', '4', '--every', 'month', '--total', '100.00', '--as', desk.login);
    expect(plan).to.deep.include({ status: 'current', totalCents: 10000 });
    expect(plan.installments.map((i: { amountCents: number }) => i.amountCents)).to.deep.equal([2500, 2500, 2500, 2500]);

    const shown = await ok('accounts', 'show', 'CLI-1', '--as', desk.login);
    expect(shown.account).to.deep.include({ accountNumber: 'CLI-1', youOweCents: 10000, dunningStage: 'plan' });
    expect(shown.payments.map((p: { amountCents: number }) => p.amountCents)).to.deep.equal([2000]);
    expect(shown.plan.id).to.equal(plan.id);
    expect(await query(env, `select actor, detail from audit_event where action = 'account.summary.read'`)).to.deep.equal([{ actor: desk.login, detail: { via: 'cli' } }]);
  });
});
