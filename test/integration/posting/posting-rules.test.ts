import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { Account, Claim, FeeSchedule, Task } from '../../../src/db/entities/index.js';
import { listTasks } from '../../../src/services/posting/posting-queries.service.js';
import { setCarcOverride } from '../../../src/services/posting/carc-table.service.js';
import { importAndWait, ledgerOf, seedOffice, startPosting } from './posting-support.js';
import { eraText } from './era-text.js';

describe('posting rules: denials, underpayments, reversals, crossovers and provider adjustments', () => {
  const env = useTestEnv();

  it('records a denial without lowering the balance, and opens one denial task with codes and amount at risk', async function () {
    const office = await seedOffice(env.orm.em.fork(), [
      { controlNumber: 'D1', lines: [{ procedure: '99213', chargeCents: 12000 }, { procedure: '93000', chargeCents: 5000 }] },
    ]);
    const rig = startPosting(env);
    const summary = await importAndWait(env, rig, 'denial.835', eraText({ trace: 'TD1', claims: [{ control: 'D1', lines: [
      { procedure: '99213', chargeCents: 12000, cas: [['CO', '45', 2000], ['CO', '16', 3000]] },
      { procedure: '93000', chargeCents: 5000, cas: [['CO', '97', 5000]] },
    ] }] }));
    expect(summary).to.include({ status: 'posted', deniedCents: 8000, contractualCents: 2000, paidCents: 7000, claimsWithDenial: 1, tasksCreated: 1 });
    const claim = await env.orm.em.fork().findOneOrFail(Claim, office.claimIds.get('D1')!);
    // The denied 80.00 stays open: 170 - 70 paid - 20 contractual.
    expect(claim).to.include({ paidCents: 7000, deniedCents: 8000, contractualCents: 2000, balanceCents: 8000, status: 'partially-paid' });
    const [task] = await listTasks(env.orm.em.fork(), { type: 'denial' });
    expect(task).to.include({ status: 'open', claimControlNumber: 'D1', amountAtRiskCents: 8000, assignee: null });
    expect(task.reasonCodes).to.deep.equal(['CO-16', 'CO-97']);
    const stored = await env.orm.em.fork().findOneOrFail(Task, task.id);
    expect(stored.deadline).to.equal('2024-04-09'); // payment date + the payer's 90 appeal days
  });

  it('opens an underpayment task when the payer allowed less than its fee schedule', async function () {
    const office = await seedOffice(env.orm.em.fork(), [{ controlNumber: 'U1', lines: [{ procedure: '99214', chargeCents: 20000 }] }]);
    const em = env.orm.em.fork();
    em.create(FeeSchedule, { payerId: office.payerId, procedure: '99214', allowedCents: 15000 });
    await em.flush();
    const rig = startPosting(env);
    // Allowed 120 (paid 100 + coinsurance 20) against 150 in the schedule: 30 short.
    const summary = await importAndWait(env, rig, 'under.835', eraText({ trace: 'TU1', claims: [{ control: 'U1', lines: [
      { procedure: '99214', chargeCents: 20000, cas: [['CO', '45', 8000], ['PR', '2', 2000]] },
    ] }] }));
    expect(summary.tasksCreated).to.equal(1);
    const [task] = await listTasks(env.orm.em.fork(), { type: 'underpayment' });
    expect(task).to.include({ claimControlNumber: 'U1', amountAtRiskCents: 3000 });
    expect(task.reasonCodes).to.deep.equal(['UNDERPAID']);
  });

  it('backs out an earlier payment with a CLP02 = 22 reversal (negative amounts) and posts the correction', async function () {
    const office = await seedOffice(env.orm.em.fork(), [{ controlNumber: 'R1', lines: [{ procedure: '99213', chargeCents: 12000, lineControlNumber: 'R1L1' }] }]);
    const rig = startPosting(env);
    await importAndWait(env, rig, 'first.835', eraText({ trace: 'TR1', claims: [{ control: 'R1', lines: [
      { procedure: '99213', chargeCents: 12000, lineControl: 'R1L1', cas: [['CO', '45', 2000], ['PR', '1', 1000]] },
    ] }] }));
    const account = () => env.orm.em.fork().findOneOrFail(Account, office.accountId);
    expect((await account()).patientBalanceCents).to.equal(1000);
    const summary = await importAndWait(env, rig, 'reversal.835', eraText({ trace: 'TR2', claims: [
      { control: 'R1', status: '22', lines: [{ procedure: '99213', chargeCents: -12000, lineControl: 'R1L1', cas: [['CO', '45', -2000], ['PR', '1', -1000]] }] },
      { control: 'R1', status: '1', lines: [{ procedure: '99213', chargeCents: 12000, lineControl: 'R1L1', cas: [['CO', '45', 3000]] }] },
    ] }));
    expect(summary).to.include({ status: 'posted', paymentCents: 0, paidCents: 0, claims: 2, matched: 2 });
    const claim = await env.orm.em.fork().findOneOrFail(Claim, office.claimIds.get('R1')!);
    expect(claim).to.include({ paidCents: 9000, contractualCents: 3000, patientRespCents: 0, balanceCents: 0, status: 'paid' });
    expect((await account()).patientBalanceCents).to.equal(0);
    const reversed = await ledgerOf(env, `idempotency_key like '%TR2:clp1:%'`);
    expect(reversed.map((r) => [r.kind, r.cents])).to.deep.equal([['payment', -9000], ['contractual', -2000], ['patient-responsibility', -1000]]);
  });

  it('marks a claim forwarded to the next payer (CLP02 19) and posts PLB amounts to the provider-level ledger', async function () {
    await seedOffice(env.orm.em.fork(), [{ controlNumber: 'F1', lines: [{ procedure: '99213', chargeCents: 10000 }] }]);
    const rig = startPosting(env);
    const summary = await importAndWait(env, rig, 'crossover.835', eraText({
      trace: 'TF1', claims: [{ control: 'F1', status: '19', lines: [{ procedure: '99213', chargeCents: 10000, cas: [['PR', '2', 2000]] }] }],
      plb: [['L6', -150], ['WO', 2500]],
    }));
    expect(summary).to.include({ status: 'posted', paidCents: 8000, providerAdjustmentCents: 2350, paymentCents: 5650 });
    const [forwarded] = await env.orm.em.fork().getConnection().execute('select forwarded from remittance_claim');
    expect(forwarded.forwarded).to.equal(true);
    const plb = await ledgerOf(env, `kind = 'provider-adjustment'`);
    expect(plb.map((r) => [r.reason_code, r.cents, r.claim_id])).to.deep.equal([['L6', -150, null], ['WO', 2500, null]]);
  });
});

describe('CARC overrides by an admin', () => {
  const env = useTestEnv();

  it('change how the next file posts: CO-45 as a denial', async function () {
    await seedOffice(env.orm.em.fork(), [{ controlNumber: 'O1', lines: [{ procedure: '99213', chargeCents: 10000 }] }]);
    await env.orm.em.fork().transactional((em) => setCarcOverride(em, {
      key: 'co-45', action: 'denial', recoverability: 0.4, reason: 'payer contract under dispute', changedBy: 'sup.lead',
    }));
    const rig = startPosting(env);
    const summary = await importAndWait(env, rig, 'override.835', eraText({ trace: 'TO1', claims: [{ control: 'O1', lines: [
      { procedure: '99213', chargeCents: 10000, cas: [['CO', '45', 2500]] },
    ] }] }));
    expect(summary).to.include({ deniedCents: 2500, contractualCents: 0, claimsWithDenial: 1 });
    const [task] = await listTasks(env.orm.em.fork(), { type: 'denial' });
    expect(task.reasonCodes).to.deep.equal(['CO-45']);
    const audits = await env.orm.em.fork().getConnection().execute(`select actor, subject_id from audit_event where action = 'carc.override'`);
    expect(audits).to.deep.equal([{ actor: 'sup.lead', subject_id: 'CO-45' }]);
  });
});
