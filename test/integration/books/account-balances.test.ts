// reconciliation.accounts against real Postgres: a planted difference on a claim and on an account
// each becomes one balance-discrepancy task with both figures, nothing is fixed, a re-run adds
// nothing, and a clean office opens no task.
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { checkAccountBalances } from '../../../src/services/reconciliation/account-balances.service.js';
import { BalanceCheckRepository } from '../../../src/db/repositories/balance-check.repository.js';
import { addClaim, addEntries, inventedOffice, postPayment, query } from './books-support.js';

describe('reconciliation.accounts: balances proved against the ledger', () => {
  const env = useTestEnv();
  const clock = fixedClock('2026-12-07T15:00:00Z');
  const check = (asOf = '2026-12-07') => env.orm.em.fork().transactional((tx) => checkAccountBalances(tx, { asOf, timezone: 'America/New_York', clock }));
  const tasks = () => query(env, `select id, type, subject_type, subject_id, reason_codes, amount_at_risk_cents, payer_id from task order by id`);

  async function books() {
    const office = await inventedOffice(env);
    const payerId = await office.payer('99AAA');
    const alice = await office.guarantor();
    const bob = await office.guarantor();
    const paid = await addClaim(env, office, { payerId, patientId: alice.patientId, serviceDate: '2026-10-01', lineCharges: [10000, 5000] });
    await postPayment(env, { claimId: paid.claimId, lineId: paid.lineIds[0], accountId: alice.accountId, paid: 6000, contractual: 2500, patientResp: 1500 });
    await postPayment(env, { claimId: paid.claimId, lineId: paid.lineIds[1], accountId: alice.accountId, paid: 3000, contractual: 1000, patientResp: 1000 });
    // A denial stays open; a transfer moves what is left to the patient (as task outcomes write it).
    const denied = await addClaim(env, office, { payerId, patientId: bob.patientId, serviceDate: '2026-10-02', lineCharges: [8000] });
    await addEntries(env, [{ kind: 'denial', cents: 8000, claimId: denied.claimId, lineId: denied.lineIds[0] }]);
    await query(env, 'update claim set denied_cents = 8000, status = ? where id = ?', ['denied', denied.claimId]);
    await addEntries(env, [{ kind: 'transfer', cents: -2000, claimId: denied.claimId }, { kind: 'transfer', cents: 2000, accountId: bob.accountId }]);
    await query(env, 'update claim set balance_cents = balance_cents - 2000 where id = ?', [denied.claimId]);
    await query(env, 'update account set patient_balance_cents = patient_balance_cents + 2000 where id = ?', [bob.accountId]);
    // The patient pays part of it.
    await addEntries(env, [{ kind: 'patient-payment', cents: -500, accountId: bob.accountId }]);
    await query(env, 'update account set patient_balance_cents = patient_balance_cents - 500 where id = ?', [bob.accountId]);
    const draft = await addClaim(env, office, { payerId, patientId: alice.patientId, serviceDate: '2026-11-20', lineCharges: [4000], status: 'draft' });
    return { payerId, alice, bob, paid, denied, draft };
  }

  it('finds nothing in books that agree with their ledger, and opens no task', async () => {
    await books();
    const result = await check();
    expect(result).to.include({ claimsChecked: 3, accountsChecked: 2, claimDiscrepancies: 0, accountDiscrepancies: 0, tasksOpened: 0, recorded: 0 });
    expect(await tasks()).to.deep.equal([]);
  });

  it('turns a planted difference on a claim and on an account into one task each with both figures, fixes nothing, and adds nothing on a re-run', async () => {
    const b = await books();
    // Someone changed the caches by hand: the claim's balance and paid amount, and Bob's balance.
    await query(env, 'update claim set balance_cents = balance_cents - 700, paid_cents = paid_cents + 700 where id = ?', [b.paid.claimId]);
    await query(env, 'update account set patient_balance_cents = 9999 where id = ?', [b.bob.accountId]);

    const first = await check();
    expect(first).to.include({ claimDiscrepancies: 1, accountDiscrepancies: 1, tasksOpened: 2, recorded: 2 });
    const opened = await tasks();
    expect(opened.map((t) => [t.type, t.subject_type, t.subject_id, t.reason_codes])).to.deep.equal([
      ['balance-discrepancy', 'claim', b.paid.claimId, ['LEDGER-MISMATCH']],
      ['balance-discrepancy', 'account', b.bob.accountId, ['LEDGER-MISMATCH']],
    ]);
    expect(Number(opened[0].amount_at_risk_cents)).to.equal(700);
    expect(opened[0].payer_id).to.equal(b.payerId);
    expect(Number(opened[1].amount_at_risk_cents)).to.equal(9999 - 1500);

    // Both figures, on the record and on the task's history.
    const repo = new BalanceCheckRepository(env.orm.em.fork());
    expect((await repo.ofSubject('claim', b.paid.claimId))[0].figures).to.deep.equal({
      paid: { stored: 9700, ledger: 9000 }, balance: { stored: 0 - 700, ledger: 0 },
    });
    expect((await repo.ofSubject('account', b.bob.accountId))[0].figures).to.deep.equal({ patientBalance: { stored: 9999, ledger: 1500 } });
    const [event] = await query(env, `select detail from task_event where task_id = ? and kind = 'discrepancy-found'`, [opened[1].id]);
    expect(event.detail).to.deep.equal({ asOf: '2026-12-07', subject: 'account', subjectId: b.bob.accountId, figures: { patientBalance: { stored: 9999, ledger: 1500 } } });

    // Nothing fixed.
    const [claim] = await query(env, 'select balance_cents, paid_cents from claim where id = ?', [b.paid.claimId]);
    expect([Number(claim.balance_cents), Number(claim.paid_cents)]).to.deep.equal([-700, 9700]);
    const [account] = await query(env, 'select patient_balance_cents from account where id = ?', [b.bob.accountId]);
    expect(Number(account.patient_balance_cents)).to.equal(9999);

    // The same day again: nothing new anywhere. The next day: still one task each, the finding recorded for that day.
    const again = await check();
    expect(again).to.include({ claimDiscrepancies: 1, accountDiscrepancies: 1, tasksOpened: 0, recorded: 0 });
    expect((await tasks()).length).to.equal(2);
    expect((await query(env, `select count(*)::int as n from task_event where kind = 'discrepancy-found'`))[0].n).to.equal(2);
    const nextDay = await check('2026-12-08');
    expect(nextDay).to.include({ tasksOpened: 0, recorded: 2 });
    expect((await tasks()).length).to.equal(2);
  });

  it('reports a line the ledger took more off than it charged, on its claim', async () => {
    const b = await books();
    // A second payment on the first line, posted twice to the line but caches moved with it: the claim agrees, the line does not.
    await postPayment(env, { claimId: b.paid.claimId, lineId: b.paid.lineIds[0], accountId: b.alice.accountId, paid: 4000, contractual: 0, patientResp: 0 });
    await addEntries(env, [{ kind: 'refund', cents: 4000, claimId: b.paid.claimId }]);
    await query(env, 'update claim set balance_cents = balance_cents + 4000 where id = ?', [b.paid.claimId]);
    const result = await check();
    expect(result).to.include({ claimDiscrepancies: 1, accountDiscrepancies: 0, tasksOpened: 1 });
    const [found] = await new BalanceCheckRepository(env.orm.em.fork()).ofSubject('claim', b.paid.claimId);
    expect(found.figures).to.deep.equal({ overpostedLines: [{ lineNumber: 1, chargeCents: 10000, ledgerBalanceCents: -4000 }] });
  });
});
