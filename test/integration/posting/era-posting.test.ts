import { expect } from 'chai';
import { Job } from 'bullmq';
import { readFileSync } from 'node:fs';
import { useTestEnv } from '../../support/test-env.js';
import { Account, Claim, EdiFile, Task } from '../../../src/db/entities/index.js';
import { getClaim } from '../../../src/services/claims/claim-queries.service.js';
import { postingTransactions } from '../../../workers/posting.js';
import { finalizeJobId } from '../../../src/services/posting/posting-flow.service.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { importAndWait, ledgerOf, seedOffice, startPosting } from './posting-support.js';

// The payee (N1*PE NPI) of lfh-managed-care.835: its claims are that provider's claims.
const MANAGED_CARE_PAYEE = '5544667733';
const sample = (name: string) => readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url), 'utf8');

describe('posting an 835 end to end', () => {
  const env = useTestEnv();

  async function managedCareOffice() {
    return seedOffice(env.orm.em.fork(), [
      { controlNumber: '5554555444', serviceDate: '2002-03-01', lines: [{ procedure: '99211', chargeCents: 80000, serviceDate: '2002-03-01' }] },
      { controlNumber: '8765432112', serviceDate: '2002-03-10', lines: [{ procedure: '93555', chargeCents: 120000, serviceDate: '2002-03-10' }] },
    ], '1935665544', MANAGED_CARE_PAYEE);
  }

  it('posts payments, contractual and patient responsibility once, with caches and the file summary', async function () {
    this.timeout(30000);
    const office = await managedCareOffice();
    const rig = startPosting(env);
    const summary = await importAndWait(env, rig, 'managed-care.835', sample('lfh-managed-care.835'));
    expect(summary).to.deep.include({
      status: 'posted', traceNumber: '7170066655', paymentCents: 94500, claims: 2, matched: 2, unmatched: 0,
      paidCents: 94500, contractualCents: 15500, deniedCents: 0, patientRespCents: 90000, providerAdjustmentCents: 0,
      claimsWithDenial: 0, tasksCreated: 0,
    });
    const em = env.orm.em.fork();
    const first = await em.findOneOrFail(Claim, office.claimIds.get('5554555444')!);
    expect(first).to.include({ paidCents: 45000, contractualCents: 5000, patientRespCents: 30000, deniedCents: 0, balanceCents: 0, status: 'paid' });
    const [line] = (await getClaim(em, '5554555444'))!.lines;
    expect(line).to.include({ paidCents: 50000, patientRespCents: 30000, contractualCents: 0 });
    expect((await em.findOneOrFail(Account, office.accountId)).patientBalanceCents).to.equal(90000);
    const ledger = await ledgerOf(env, 'claim_id = ?', [first.id]);
    expect(ledger.map((r) => [r.kind, r.cents, r.group_code, r.reason_code, r.claim_line_id !== null])).to.deep.equal([
      ['payment', 50000, null, null, true],
      ['patient-responsibility', 30000, 'PR', '1', true],
      ['payment', -5000, null, null, false],
      ['contractual', 5000, 'CO', 'A2', false],
    ]);
    expect((await em.findOneOrFail(EdiFile, summary.fileId)).status).to.equal('processed');

    // Every job again, as after a crash: nothing changes.
    const before = await ledgerOf(env);
    const [remittance] = await env.orm.em.fork().getConnection().execute('select id from remittance');
    // Progress of the flow shows on its parent (the board lists it).
    const finalizeJob = await Job.fromId(rig.queues.get('posting'), (await finalizeJobId(env.orm.em.fork(), remittance.id))!);
    expect(finalizeJob?.progress).to.deep.equal({ postedClaims: 2, claims: 2, percent: 100 });
    const again = await postingTransactions.postRemittanceChunk(env.orm.em.fork(), remittance.id, 1, 2, { carcTable: defaultCarcTable, timezone: 'UTC' });
    expect(again.posted).to.equal(0);
    expect((await postingTransactions.finalizeRemittance(env.orm.em.fork(), remittance.id)).finalized).to.equal(false);
    expect(await ledgerOf(env)).to.deep.equal(before);
    expect((await env.orm.em.fork().findOneOrFail(Account, office.accountId)).patientBalanceCents).to.equal(90000);
  });

  it('treats the same bytes, or the same payer and trace number, as a duplicate and posts nothing twice', async function () {
    this.timeout(30000);
    await managedCareOffice();
    const rig = startPosting(env);
    const text = sample('lfh-managed-care.835');
    await importAndWait(env, rig, 'first.835', text);
    const ledgerCount = (await ledgerOf(env)).length;
    const sameBytes = await importAndWait(env, rig, 'copy.835', text);
    // Nothing posted now: the file's totals are zero, its transaction says what it duplicates.
    expect(sameBytes).to.include({ status: 'duplicate', paymentCents: 0, matched: 0, tasksCreated: 0 });
    expect(sameBytes.transactions.map((t) => [t.status, t.paymentCents, t.claims])).to.deep.equal([['duplicate', 94500, 2]]);
    // Different bytes (line breaks), same payer, TRN02 and payment: the same payment.
    const resent = await importAndWait(env, rig, 'resent.835', text.replace(/~/g, '~\n'));
    expect(resent).to.include({ status: 'duplicate', traceNumber: '7170066655', paymentCents: 0, claims: 0, matched: 0 });
    expect(resent.transactions.map((t) => [t.status, t.paymentCents, t.claims, t.sameContent])).to.deep.equal([['duplicate', 94500, 2, true]]);
    expect((await ledgerOf(env)).length).to.equal(ledgerCount);
  });

  it('holds money of a claim we do not know as unapplied, with one unmatched-remittance task', async function () {
    this.timeout(30000);
    await seedOffice(env.orm.em.fork(), [
      { controlNumber: '5554555444', serviceDate: '2002-03-01', lines: [{ procedure: '99211', chargeCents: 80000, serviceDate: '2002-03-01' }] },
    ], '1935665544', MANAGED_CARE_PAYEE);
    const rig = startPosting(env);
    const summary = await importAndWait(env, rig, 'managed-care.835', sample('lfh-managed-care.835'));
    expect(summary).to.include({ status: 'posted', matched: 1, unmatched: 1, paidCents: 94500, tasksCreated: 1 });
    const unapplied = await ledgerOf(env, `kind = 'unapplied'`);
    expect(unapplied.map((r) => [r.cents, r.claim_id])).to.deep.equal([[49500, null]]);
    const tasks = await env.orm.em.fork().find(Task, { type: 'unmatched-remittance' });
    expect(tasks.map((t) => [t.subjectType, t.reasonCodes, t.amountAtRiskCents])).to.deep.equal([['remittance-claim', ['NO-MATCHING-CLAIM'], 49500]]);
  });
});
