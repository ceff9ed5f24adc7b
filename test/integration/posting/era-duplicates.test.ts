import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { Task } from '../../../src/db/entities/index.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { postingTransactions } from '../../../workers/posting.js';
import { listTasks, type EraFileSummary } from '../../../src/services/posting/posting-queries.service.js';
import { importAndWait, ledgerOf, seedOffice, startPosting } from './posting-support.js';
import { eraText, multiEraText, type TextClaim } from './era-text.js';

/** A claim of ours paid 80.00 (or `charge` less 20.00 contractual). */
const paidClaim = (control: string, chargeCents = 10000): TextClaim =>
  ({ control, lines: [{ procedure: '99213', chargeCents, cas: [['CO', '45', 2000]] }] });

describe('835 duplicates and conflicts: the same trace number with the same payment, or with another one', () => {
  const env = useTestEnv();

  async function office(...controls: Array<[string, number?]>) {
    return seedOffice(env.orm.em.fork(), controls.map(([controlNumber, chargeCents = 10000]) => (
      { controlNumber, lines: [{ procedure: '99213', chargeCents }] })));
  }

  /** The ledger of the file's remittances summed by kind, to compare with its summary. */
  async function ledgerOfFile(fileId: number) {
    const [sums] = await env.orm.em.fork().getConnection().execute(
      `select coalesce(sum(amount_cents) filter (where kind in ('payment', 'unapplied')), 0)::int as paid,
         coalesce(sum(amount_cents) filter (where kind = 'contractual'), 0)::int as contractual,
         coalesce(sum(amount_cents) filter (where kind = 'denial'), 0)::int as denied,
         coalesce(sum(amount_cents) filter (where kind = 'patient-responsibility'), 0)::int as patient,
         coalesce(sum(amount_cents) filter (where kind = 'other-adjustment'), 0)::int as other,
         coalesce(sum(amount_cents) filter (where kind = 'provider-adjustment'), 0)::int as plb
       from ledger_entry where source in (select 'remittance:' || id from remittance where file_id = ?)`, [fileId]);
    return sums as Record<string, number>;
  }

  const postedMoney = (s: EraFileSummary) => ({
    paid: s.paidCents, contractual: s.contractualCents, denied: s.deniedCents, patient: s.patientRespCents, other: s.otherAdjustmentCents,
    plb: s.providerAdjustmentCents,
  });

  it('reports the same bytes, or the same trace and payment in other bytes, as a duplicate that posts nothing and adds nothing to the totals', async function () {
    this.timeout(30000);
    await office(['D1']);
    const rig = startPosting(env);
    const text = eraText({ trace: 'DUP1', claims: [paidClaim('D1')] });
    const first = await importAndWait(env, rig, 'first.835', text);
    expect(first).to.deep.include({ status: 'posted', paymentCents: 8000, claims: 1, chargeCents: 10000, paidCents: 8000, contractualCents: 2000 });
    const ledgerCount = (await ledgerOf(env)).length;
    const [{ id: original }] = await env.orm.em.fork().getConnection().execute('select id from remittance');

    const sameBytes = await importAndWait(env, rig, 'copy.835', text);
    expect(sameBytes).to.deep.include({
      status: 'duplicate', traceNumber: 'DUP1', paymentCents: 0, claims: 0, chargeCents: 0, paidCents: 0, matched: 0, tasksCreated: 0,
    });
    expect(sameBytes.transactions).to.deep.equal([{
      controlNumber: '0001', traceNumber: 'DUP1', status: 'duplicate', paymentCents: 8000, claims: 1, chargeCents: 10000, paidCents: 8000,
      contractualCents: 2000, deniedCents: 0, patientRespCents: 0, otherAdjustmentCents: 0, providerAdjustmentCents: 0,
      duplicateOf: original, sameContent: true,
    }]);

    // Other bytes (line breaks, another interchange control number), the same transaction.
    const resent = await importAndWait(env, rig, 'resent.835', multiEraText([text], '000000202').replace(/~\n/g, '~'));
    expect(resent).to.deep.include({ status: 'duplicate', paymentCents: 0, claims: 0, tasksCreated: 0 });
    expect(resent.transactions.map((t) => [t.status, t.duplicateOf, t.sameContent])).to.deep.equal([['duplicate', original, true]]);

    // The same payment (trace, amount, method, date, payee) with other claim details: still the
    // payment already posted, but the report says its content differs.
    const restated = await importAndWait(env, rig, 'restated.835', text.replace('**12*PCND1', '**12*PCNOTHER'));
    expect(restated.status).to.equal('duplicate');
    expect(restated.transactions.map((t) => [t.status, t.duplicateOf, t.sameContent])).to.deep.equal([['duplicate', original, false]]);
    expect((await ledgerOf(env)).length).to.equal(ledgerCount);
    expect(await env.orm.em.fork().count(Task, {})).to.equal(0);
  });

  it('refuses the same trace with another payment (8,000.00 after 80.00) as a conflict: its reason, one task even when the job runs again, nothing posted', async function () {
    this.timeout(30000);
    await office(['C1'], ['C2', 810000]);
    const rig = startPosting(env);
    const first = await importAndWait(env, rig, 'eighty.835', eraText({ trace: 'TRC80', claims: [paidClaim('C1')] }));
    expect(first).to.include({ status: 'posted', paymentCents: 8000 });
    const ledgerBefore = await ledgerOf(env);
    const [{ id: original }] = await env.orm.em.fork().getConnection().execute('select id from remittance');

    const other = await importAndWait(env, rig, 'eight-thousand.835', eraText({ trace: 'TRC80', claims: [paidClaim('C2', 802000)] }));
    expect(other).to.deep.include({ status: 'conflict', paymentCents: 0, claims: 0, paidCents: 0, matched: 0, tasksCreated: 1 });
    const reason = `file ${other.fileId}, transaction ST02 0001 (segment ST at position 3): trace TRC80 of this payer is already remittance ${original}`
      + ` (file ${first.fileId}) with another payment: payment 8,000.00 (earlier 80.00); refused, nothing posted [rule same-trace-other-payment]`;
    expect(other.error).to.equal(reason);
    expect(other.transactions).to.deep.equal([{
      controlNumber: '0001', traceNumber: 'TRC80', status: 'conflict', paymentCents: 800000, claims: 1, chargeCents: 802000, paidCents: 800000,
      contractualCents: 2000, deniedCents: 0, patientRespCents: 0, otherAdjustmentCents: 0, providerAdjustmentCents: 0,
      duplicateOf: original, reason,
    }]);
    expect(await ledgerOf(env)).to.deep.equal(ledgerBefore);

    // The era job again (BullMQ delivers at least once): the file is done, no second task.
    const again = await postingTransactions.stageEraFile(env.orm.em.fork(), other.fileId, { carcTable: defaultCarcTable, timezone: 'UTC' });
    expect(again.status).to.equal('already-done');
    expect(again.remittances.map((r) => r.status)).to.deep.equal(['conflict']);
    const tasks = await listTasks(env.orm.em.fork(), { type: 'remittance-conflict' });
    expect(tasks.map((t) => [t.type, t.status, t.reasonCodes, t.amountAtRiskCents, t.claimControlNumber])).to.deep.equal([
      ['remittance-conflict', 'open', ['SAME-TRACE-OTHER-PAYMENT'], 800000, null],
    ]);
    const [task] = await env.orm.em.fork().find(Task, { type: 'remittance-conflict' });
    const [conflicting] = await env.orm.em.fork().getConnection().execute(`select id from remittance where status = 'conflict'`);
    expect([task.subjectType, task.subjectId]).to.deep.equal(['remittance', conflicting.id]);
    expect(await ledgerOf(env)).to.deep.equal(ledgerBefore);
  });

  it('reports each transaction of a file where some are duplicates or conflicts; the file totals equal what its ledger entries sum to', async function () {
    this.timeout(30000);
    await office(['M1'], ['M2'], ['M3', 50000], ['M4'], ['M5']);
    const rig = startPosting(env);
    const earlierDup = eraText({ trace: 'MT-DUP', claims: [paidClaim('M1')], st: '0002' });
    const earlierConflict = eraText({ trace: 'MT-CONF', claims: [paidClaim('M2')], st: '0003' });
    await importAndWait(env, rig, 'earlier.835', multiEraText([earlierDup, earlierConflict]));

    const file = multiEraText([
      eraText({ trace: 'MT-NEW1', claims: [{ control: 'M3', lines: [{ procedure: '99213', chargeCents: 50000, cas: [['CO', '45', 10000], ['PR', '2', 4000], ['OA', '23', 1500]] }] }], plb: [['L6', -300]], st: '0001' }),
      earlierDup, // the same payment again
      eraText({ trace: 'MT-CONF', claims: [paidClaim('M2', 12000)], st: '0003' }), // the trace of another payment
      eraText({ trace: 'MT-NEW2', claims: [{ control: 'M4', lines: [{ procedure: '99213', chargeCents: 10000, cas: [['CO', '50', 10000]] }] }, paidClaim('M5')], st: '0004' }),
    ], '000000303');
    const summary = await importAndWait(env, rig, 'mixed.835', file);
    expect(summary.transactions.map((t) => [t.controlNumber, t.traceNumber, t.status, t.paymentCents])).to.deep.equal([
      ['0001', 'MT-NEW1', 'posted', 34800], ['0002', 'MT-DUP', 'duplicate', 8000], ['0003', 'MT-CONF', 'conflict', 10000], ['0004', 'MT-NEW2', 'posted', 8000],
    ]);
    expect(summary).to.deep.include({
      status: 'posted', traceNumber: 'MT-NEW1', paymentCents: 34800 + 8000, claims: 3, matched: 3, unmatched: 0, chargeCents: 70000,
      paidCents: 34500 + 8000, contractualCents: 10000 + 2000, deniedCents: 10000, patientRespCents: 4000, otherAdjustmentCents: 1500,
      providerAdjustmentCents: -300, claimsWithDenial: 1,
    });
    // Two tasks: the denial of M4 and the conflict.
    expect(summary.tasksCreated).to.equal(2);
    expect(summary.transactions[2].reason).to.match(/^file \d+, transaction ST02 0003 \(segment ST at position \d+\): trace MT-CONF/);
    expect(await ledgerOfFile(summary.fileId)).to.deep.equal(postedMoney(summary));
    expect(summary.paidCents + summary.contractualCents + summary.deniedCents + summary.patientRespCents + summary.otherAdjustmentCents)
      .to.equal(summary.chargeCents);
    expect(summary.paidCents - summary.providerAdjustmentCents).to.equal(summary.paymentCents);
  });

  it('posts negative CO-137, CO-161 and CO-91 as contractual, keeps the denial whole, and shows other adjustments in the summary', async function () {
    this.timeout(30000);
    const seeded = await office(['A1', 27000]);
    const rig = startPosting(env);
    const summary = await importAndWait(env, rig, 'adjustments.835', eraText({ trace: 'ADJ1', claims: [{ control: 'A1', lines: [
      { procedure: '99213', chargeCents: 10000, cas: [['CO', '45', 3000], ['CO', '137', -500], ['CO', '161', -200]] },
      { procedure: '93000', chargeCents: 5000, cas: [['CO', '50', 5000]] },
      { procedure: '36415', chargeCents: 12000, cas: [['CO', '91', -300], ['OA', '23', 2000]] },
    ] }] }));
    expect(summary).to.deep.include({
      status: 'posted', chargeCents: 27000, paidCents: 7700 + 10300, contractualCents: 3000 - 500 - 200 - 300, deniedCents: 5000,
      patientRespCents: 0, otherAdjustmentCents: 2000, claimsWithDenial: 1,
    });
    expect(summary.paidCents + summary.contractualCents + summary.deniedCents + summary.patientRespCents + summary.otherAdjustmentCents)
      .to.equal(summary.chargeCents);
    expect(await ledgerOfFile(summary.fileId)).to.deep.equal(postedMoney(summary));
    const [denial] = await listTasks(env.orm.em.fork(), { type: 'denial' });
    expect(denial).to.deep.include({ reasonCodes: ['CO-50'], amountAtRiskCents: 5000 });
    const [claim] = await env.orm.em.fork().getConnection().execute(
      'select paid_cents::int as paid, contractual_cents::int as contractual, denied_cents::int as denied, balance_cents::int as balance from claim where id = ?',
      [seeded.claimIds.get('A1')]);
    // Balance = charge - (paid + contractual + other): the denial stays open.
    expect(claim).to.deep.equal({ paid: 18000, contractual: 2000, denied: 5000, balance: 27000 - 18000 - 2000 - 2000 });
  });
});
