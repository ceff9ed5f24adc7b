import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readEra } from '../../../src/domain/remittance/era-reader.js';
import {
  conflictReason, paymentDifferences, paymentIdentityOf, paymentVerdict, type EarlierPayment,
} from '../../../src/domain/remittance/payment-identity.js';
import { remittanceKeyOf } from '../../../src/domain/remittance/remittance.js';

const managedCare = () => readEra(readFileSync(new URL('../../fixtures/x12/lfh-managed-care.835', import.meta.url), 'utf8')).transactions[0];

describe('payment identity: duplicate or conflict under a known trace number', () => {
  const header = managedCare();
  const identity = paymentIdentityOf(header, remittanceKeyOf(header));
  const earlier: EarlierPayment = { ...identity, remittanceId: 7, fileId: 3 };

  it('reads the payment from BPR, TRN and the payee', () => {
    expect(identity).to.deep.equal({
      // BPR16 here (20002316) is no date: the production date (DTM*405) stands in.
      remittanceKey: '1935665544:7170066655', paymentCents: 94500, method: 'ACH', date: '2002-03-14', payeeId: '5544667733',
    });
  });

  it('is new without an earlier payment, a duplicate when the payment is the same', () => {
    expect(paymentVerdict(identity, undefined)).to.deep.equal({ kind: 'new' });
    expect(paymentVerdict(identity, earlier)).to.deep.equal({ kind: 'duplicate', earlier });
    // A row stored before payees were kept compares on the rest.
    expect(paymentVerdict(identity, { ...earlier, payeeId: null }).kind).to.equal('duplicate');
  });

  it('is a conflict when the amount, the direction, the method, the date or the payee differ, and names each difference', () => {
    expect(paymentVerdict({ ...identity, paymentCents: 800000 }, { ...earlier, paymentCents: 8000 })).to.deep.equal({
      kind: 'conflict', earlier: { ...earlier, paymentCents: 8000 }, differences: ['payment 8,000.00 (earlier 80.00)'],
    });
    expect(paymentDifferences(earlier, { ...identity, paymentCents: -94500 })).to.deep.equal(['payment -945.00 (earlier 945.00)']);
    expect(paymentDifferences(earlier, { ...identity, method: 'CHK', date: '2002-03-22', payeeId: '1999999992' })).to.deep.equal([
      'method CHK (earlier ACH)', 'date 2002-03-22 (earlier 2002-03-14)', 'payee 1999999992 (earlier 5544667733)',
    ]);
  });

  it('says why a conflict is refused: file id, ST02, segment position and the remittance holding the trace', () => {
    const verdict = paymentVerdict({ ...identity, paymentCents: 800000 }, { ...earlier, paymentCents: 8000 });
    if (verdict.kind !== 'conflict') throw new Error('expected a conflict');
    expect(conflictReason({ fileId: 12, controlNumber: '0002', position: 40, traceNumber: '7170066655' }, verdict)).to.equal(
      'file 12, transaction ST02 0002 (segment ST at position 40): trace 7170066655 of this payer is already remittance 7 (file 3)'
      + ' with another payment: payment 8,000.00 (earlier 80.00); refused, nothing posted [rule same-trace-other-payment]',
    );
  });
});
