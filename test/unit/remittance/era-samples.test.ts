import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { sumCents } from '../../../src/domain/money.js';
import { checkBalancing } from '../../../src/domain/remittance/balancing.js';
import { readEra } from '../../../src/domain/remittance/era-reader.js';
import { planTransactionPosting, summarizePosting } from '../../../src/domain/remittance/posting-plan.js';
import { remittanceKeyOf, type RemittanceTransaction } from '../../../src/domain/remittance/remittance.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';

const fixture = (name: string) => new URL(`../../fixtures/x12/${name}`, import.meta.url);
const read = (name: string) => readEra(readFileSync(fixture(name), 'utf8'), { file: name });

function expectTotalsMatchBpr(t: RemittanceTransaction): void {
  const totals = summarizePosting(planTransactionPosting(t, { remittanceKey: remittanceKeyOf(t), carcTable: defaultCarcTable }));
  expect(totals.paidCents).to.equal(sumCents(t.claims.map((c) => c.paidCents)));
  expect(totals.netPaymentCents).to.equal(t.payment.amountCents);
}

describe('835 samples (test/fixtures/x12)', () => {
  it('managed-care: two claims, claim-level CO-A2, 945.00 = 450 + 495', () => {
    const era = read('lfh-managed-care.835');
    expect(era.transactions).to.have.length(1);
    const [t] = era.transactions;
    expect(t.controlNumber).to.equal('112233');
    expect(t.payment).to.include({ amountCents: 94500, method: 'ACH', handlingCode: 'I', creditDebit: 'C' });
    expect(t.traceNumber).to.equal('7170066655');
    expect(t.originatingCompanyId).to.equal('1935665544');
    expect(t.payee).to.include({ npi: '5544667733', taxId: '777667755' });
    expect(t.claims.map((c) => [c.controlNumber, c.chargeCents, c.paidCents, c.patientResponsibilityCents]))
      .to.deep.equal([['5554555444', 80000, 45000, 30000], ['8765432112', 120000, 49500, 60000]]);
    const [first] = t.claims;
    expect(first.adjustments).to.deep.include({ group: 'CO', reason: 'A2', amountCents: 5000, quantity: undefined, casSequence: 1, triplet: 1, position: 14 });
    expect(first.lines[0]).to.include({ chargeCents: 80000, paidCents: 50000, periodStart: '2002-03-01', periodEnd: '2002-03-04' });
    expect(first.lines[0].procedure).to.deep.equal({ qualifier: 'HC', code: '99211', modifiers: [] });
    // BPR16 is "20002316" in this published sample: not a date, so it is left out with a warning.
    expect(t.payment.date).to.equal(undefined);
    expect(t.warnings.map((w) => [w.rule, w.element])).to.deep.equal([['date', 'BPR16']]);
    expectTotalsMatchBpr(t);
  });

  it('medicare-part-a: institutional claims without lines, PLB -1.27 (150000 = 149998.73 - (-1.27))', () => {
    const [t] = read('lfh-medicare-part-a.835').transactions;
    expect(t.payment.amountCents).to.equal(15_000_000);
    expect(sumCents(t.claims.map((c) => c.paidCents))).to.equal(14_999_873);
    expect(t.providerAdjustments).to.deep.equal([{
      position: 29, sequence: 1, providerId: '6543210903', fiscalPeriodDate: '2002-12-31', reason: 'CV', reference: 'CP', amountCents: -127,
    }]);
    expect(t.payer.payerId).to.equal('999');
    expect(t.claims[0].adjudication).to.deep.equal({ kind: 'inpatient', remarkCodes: [], position: 18 });
    expect(t.claims[1].adjudication).to.deep.equal({ kind: 'outpatient', remarkCodes: ['MA02'], position: 27 });
    expect(t.claims.map((c) => c.lines.length)).to.deep.equal([0, 0]);
    const totals = summarizePosting(planTransactionPosting(t, { remittanceKey: remittanceKeyOf(t), carcTable: defaultCarcTable }));
    expect(totals).to.include({ paidCents: 14_999_873, providerAdjustmentCents: -127, netPaymentCents: 15_000_000 });
    expect(totals.contractualCents).to.equal(7_334_857 + 301_967);
  });

  it('secondary-payment: reads composites written with ">" although ISA16 is ":" (with a warning)', () => {
    const [t] = read('lfh-secondary-payment.835').transactions;
    expect(t.payment.amountCents).to.equal(122_200);
    const lines = t.claims[1].lines;
    expect(lines.map((l) => l.procedure)).to.deep.equal([
      { qualifier: 'HC', code: '12345', modifiers: ['26'] },
      { qualifier: 'HC', code: '66543', modifiers: ['26'] },
    ]);
    expect(lines[1].adjustments.map((a) => [a.group, a.reason, a.amountCents, a.casSequence, a.triplet]))
      .to.deep.equal([['PR', '1', 15000, 1, 1], ['PR', '2', 7000, 1, 2], ['CO', '42', 8500, 2, 1]]);
    expect(lines[1].allowedCents).to.equal(50_000);
    expect(lines[1].revenueCode).to.equal('220');
    // This sample also writes its date in BPR15 instead of BPR16 (one element separator short).
    expect(t.warnings.map((w) => [w.rule, w.element])).to.deep.equal([['required-element', 'BPR16'], ['component-separator', 'SVC01']]);
    expect(t.warnings[1].message).to.contain("'>'").and.contain('claim 0001000053');
    expectTotalsMatchBpr(t);
  });

  it('cob-contractural-adjustment: check payment, OA-23 and a negative OA-94', () => {
    const [t] = read('lfh-cob-contractural-adjustment.835').transactions;
    expect(t.payment).to.include({ amountCents: 3400, method: 'CHK', date: undefined });
    const [line] = t.claims[0].lines;
    expect(line.adjustments.map((a) => a.amountCents)).to.deep.equal([51_600, -900]);
    expect(line.serviceDate).to.equal('2005-02-02');
    expectTotalsMatchBpr(t);
  });

  it('profee: three claims, CO-29 full denial, CO-251 with remark N206', () => {
    const [t] = read('tastypackets-profee.835').transactions;
    expect(t.payment.amountCents).to.equal(4575);
    expect(t.claims.map((c) => c.paidCents)).to.deep.equal([3425, 0, 1150]);
    expect(t.claims[2].lines[2].remarkCodes).to.deep.equal(['N206']);
    expect(t.claims[0].lines[3].units).to.equal('2');
    const totals = summarizePosting(planTransactionPosting(t, { remittanceKey: remittanceKeyOf(t), carcTable: defaultCarcTable }));
    expect(totals).to.include({ paidCents: 4575, deniedCents: 3400 + 2275, claimsWithDenial: 2, netPaymentCents: 4575 });
  });

  it('tertiary-payment: rejects the malformed SVC (procedure not in a composite) naming where', () => {
    let caught: unknown;
    try { read('lfh-tertiary-payment.835'); } catch (error) { caught = error; }
    expect(caught).to.be.instanceOf(X12Error);
    const error = caught as X12Error;
    expect(error).to.include({ rule: 'svc-composite', segment: 'SVC', position: 20, element: 'SVC01', controlNumber: '0001' });
    expect(error.message).to.contain('lfh-tertiary-payment.835').and.contain('claim 0001000054').and.contain('composite');
  });

  it('every readable sample balances again through checkBalancing on the model', () => {
    const claimLines: Record<string, number[]> = {
      'lfh-managed-care.835': [1, 1], 'lfh-medicare-part-a.835': [0, 0], 'lfh-secondary-payment.835': [0, 2],
      'lfh-cob-contractural-adjustment.835': [1], 'tastypackets-profee.835': [4, 2, 4],
    };
    for (const [name, lines] of Object.entries(claimLines)) {
      const { transactions } = read(name);
      expect(transactions.map((t) => t.claims.map((c) => c.lines.length)), name).to.deep.equal([lines]);
      expect(() => checkBalancing(transactions[0]), name).not.to.throw();
    }
  });

  it('never puts patient names or member ids from the file into the model errors', () => {
    const text = readFileSync(fixture('lfh-managed-care.835'), 'utf8').replace('SVC*HC:99211*800.00*500.00', 'SVC*HC:99211*800.00*500.01');
    let caught: unknown;
    try { readEra(text); } catch (error) { caught = error; }
    expect(caught).to.be.instanceOf(X12Error).and.include({ rule: 'balance-line', segment: 'SVC', position: 16, element: 'SVC03', controlNumber: '112233' });
    expect((caught as X12Error).detail).to.equal(
      'claim 5554555444, service line 1: charge SVC02 800.00 - line adjustments 300.00 = 500.00, but the line payment SVC03 is 500.01');
    expect(text).to.match(/BUDD|WILLIAM|33344555510/); // the file does carry them ...
    expect((caught as X12Error).message).not.to.match(/BUDD|WILLIAM|33344555510/); // ... the error does not
  });
});
