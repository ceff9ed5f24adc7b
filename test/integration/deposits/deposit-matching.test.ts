// reconciliation.deposits at the service: deposits paired with remittances by trace and amount
// within the window, a deposit-variance task for each leftover after the configured days (and
// none before), and a second run for the same day changing nothing.
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { importDepositFile } from '../../../src/services/deposits/deposit-import.service.js';
import { reconcileDeposits } from '../../../src/services/deposits/deposit-matching.service.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { addRemittances, bai2Report } from './deposit-support.js';

const rules = { matchWindowDays: 3, depositWithoutEraDays: 5, eraWithoutDepositDays: 4, eftPaymentMethods: ['ACH', 'FWT', 'BOP'] };

describe('deposit matching', () => {
  const env = useTestEnv();
  const query = (sql: string, params: unknown[] = []) => sqlRunner(env.orm.em.fork())(sql, params);
  const reconcile = (asOf: string) => env.orm.em.fork().transactional((tx) =>
    reconcileDeposits(tx, { asOf, timezone: env.config.timezone, clock: fixedClock(`${asOf}T15:00:00Z`), rules }));
  const importBai2 = (yymmdd: string, credits: Parameters<typeof bai2Report>[1]) =>
    importDepositFile(env.orm.em.fork(), { fileName: `${yymmdd}.bai2`, content: Buffer.from(bai2Report(yymmdd, credits)) }, { timezone: env.config.timezone, actor: 'tester' });
  const tasks = () => query(`select subject_type, reason_codes, amount_at_risk_cents::int as at_risk, status from task where type = 'deposit-variance' order by subject_type, id`);

  it('matches by trace and amount, and a trace with another amount is a variance showing both amounts', async () => {
    const [exact, short, outside] = await env.orm.em.fork().transactional((tx) => addRemittances(tx, [
      { trace: 'EFT-1', paymentCents: 125050, paymentDate: '2026-12-02' },
      { trace: 'eft-2', paymentCents: 120000, paymentDate: '2026-12-03' },
      { trace: 'EFT-3', paymentCents: 5000, paymentDate: '2026-11-20' }, // the deposit is 13 days later: outside the window
    ]));
    await importBai2('261203', [{ amountCents: 125050, trace: 'EFT-1' }, { amountCents: 125000, trace: 'EFT-2' }, { amountCents: 5000, trace: 'EFT-3' }]);

    const result = await reconcile('2026-12-03');
    // The variance, and the 835 of EFT-3, whose deposit came too late to pair, waiting past its 4 days.
    expect(result).to.include({ matched: 2, variances: 1, tasksOpened: 2 });
    expect(await query('select trace_number, status, remittance_id from deposit order by line')).to.deep.equal([
      { trace_number: 'EFT-1', status: 'matched', remittance_id: exact },
      { trace_number: 'EFT-2', status: 'variance', remittance_id: short },
      { trace_number: 'EFT-3', status: 'unmatched', remittance_id: null },
    ]);
    expect(await tasks()).to.deep.equal([
      { subject_type: 'deposit', reason_codes: ['AMOUNT-VARIANCE', 'DEPOSIT 1250.00', 'ERA 1200.00'], at_risk: 5000, status: 'open' },
      { subject_type: 'remittance', reason_codes: ['NO-DEPOSIT'], at_risk: 5000, status: 'open' },
    ]);
    expect((await query(`select subject_id from task where subject_type = 'remittance'`))[0].subject_id).to.equal(outside);
  });

  it('opens a task for a deposit with no ERA and an EFT ERA with no deposit only once their days have passed, once ever', async () => {
    const [eft, , , ] = await env.orm.em.fork().transactional((tx) => addRemittances(tx, [
      { trace: 'ACH-9', paymentCents: 80000, paymentDate: '2026-12-01' },
      { trace: 'CHK-7', paymentCents: 30000, paymentDate: '2026-12-01', method: 'CHK' }, // a check: no EFT to miss
      { trace: 'NON-1', paymentCents: 0, paymentDate: '2026-12-01', method: 'NON' }, // no payment
      { trace: 'DUP-1', paymentCents: 80000, paymentDate: '2026-12-01', status: 'duplicate' }, // a copy of another 835
    ]));
    await importBai2('261201', [{ amountCents: 4200, trace: 'NOBODY' }, { amountCents: 990, typeCode: '399' }]);

    // Days 4 (no deposit) and 5 (no ERA) not reached yet: nothing.
    expect(await reconcile('2026-12-04')).to.include({ matched: 0, tasksOpened: 0 });
    expect(await reconcile('2026-12-05')).to.include({ tasksOpened: 1 });
    expect(await reconcile('2026-12-06')).to.include({ tasksOpened: 2 });
    expect(await tasks()).to.deep.equal([
      { subject_type: 'deposit', reason_codes: ['NO-ERA'], at_risk: 4200, status: 'open' },
      { subject_type: 'deposit', reason_codes: ['NO-ERA'], at_risk: 990, status: 'open' },
      { subject_type: 'remittance', reason_codes: ['NO-DEPOSIT'], at_risk: 80000, status: 'open' },
    ]);
    expect((await query(`select subject_id from task where subject_type = 'remittance'`))[0].subject_id).to.equal(eft);

    // The same day again changes nothing; neither does a later day once a person has closed a task.
    const before = await query('select id, status, remittance_id, matched_at from deposit order by id');
    expect(await reconcile('2026-12-06')).to.include({ matched: 0, tasksOpened: 0 });
    await query(`update task set status = 'done', closed_at = now() where subject_type = 'remittance'`);
    expect(await reconcile('2026-12-09')).to.include({ matched: 0, tasksOpened: 0 });
    expect(await query('select id, status, remittance_id, matched_at from deposit order by id')).to.deep.equal(before);
    expect(await query(`select count(*)::int as n from task`)).to.deep.equal([{ n: 3 }]);
  });

  it('pairs each remittance with one deposit, the same amount first, and a re-run pairs nothing again', async () => {
    const [first, second] = await env.orm.em.fork().transactional((tx) => addRemittances(tx, [
      { trace: 'T-1', paymentCents: 1000, paymentDate: '2026-12-01' },
      { trace: 'T-1', paymentCents: 2000, paymentDate: '2026-12-01', payer: '60054' }, // the same trace from another payer
    ]));
    await importBai2('261202', [{ amountCents: 2000, trace: 'T-1' }, { amountCents: 1000, trace: 'T-1' }, { amountCents: 1000, trace: 'T-1' }]);
    expect(await reconcile('2026-12-02')).to.include({ matched: 2, variances: 0, tasksOpened: 0 });
    expect(await query('select line, status, remittance_id from deposit order by line')).to.deep.equal([
      { line: 4, status: 'matched', remittance_id: second },
      { line: 5, status: 'matched', remittance_id: first },
      { line: 6, status: 'unmatched', remittance_id: null },
    ]);
    expect(await reconcile('2026-12-02')).to.include({ matched: 0, depositsLookedAt: 1, remittancesLookedAt: 0 });
  });
});
