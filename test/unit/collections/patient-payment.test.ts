import { expect } from 'chai';
import {
  applyToInstallments, paymentAmountCents, paymentDateOf, paymentIdempotencyKey, paymentMethodOf, paymentReferenceOf, PaymentInputError,
} from '../../../src/domain/collections/patient-payment.js';
import { carcInWords } from '../../../src/domain/collections/carc-words.js';
import { CARC_GROUP_WORDS, CARC_PLAIN_WORDS } from '../../../config/carc-descriptions.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';

describe('patient payments (domain)', () => {
  it('reads dollars and cents to cents without floats, and refuses zero, negative and malformed amounts', () => {
    expect(paymentAmountCents('25.00')).to.equal(2500);
    expect(paymentAmountCents('0.07')).to.equal(7);
    expect(paymentAmountCents('19.9')).to.equal(1990);
    expect(paymentAmountCents('1234567.89')).to.equal(123456789);
    expect(paymentAmountCents(' 5 ')).to.equal(500);
    for (const bad of ['0', '0.00', '-5.00', '-0.01', '25.001', 'abc', '1e3', '1,000.00', '', '.50', '$5', '5.']) {
      expect(() => paymentAmountCents(bad), bad).to.throw(PaymentInputError, /amount/);
    }
    expect(() => paymentAmountCents('-5.00')).to.throw(/more than zero/);
    expect(() => paymentAmountCents('0.00')).to.throw(/more than zero/);
  });

  it('checks the method, the reference and the date (a real day, not after today)', () => {
    expect(paymentMethodOf('check')).to.equal('check');
    expect(() => paymentMethodOf('bitcoin')).to.throw(/card, check, cash, ach/);
    expect(paymentReferenceOf(' CHK 1042 ')).to.equal('CHK 1042');
    expect(() => paymentReferenceOf('')).to.throw(/reference/);
    expect(paymentDateOf('2026-12-04', '2026-12-04')).to.equal('2026-12-04');
    expect(() => paymentDateOf('2026-12-05', '2026-12-04')).to.throw(/after today/);
    expect(() => paymentDateOf('2026-02-30', '2026-12-04')).to.throw(/not a date/);
  });

  it('keys a payment by the client key, else by method and reference on the account', () => {
    expect(paymentIdempotencyKey(7, 'check', '1042')).to.equal('account:7:check:1042');
    expect(paymentIdempotencyKey(7, 'check', '1042', 'k-1')).to.equal('account:7:key:k-1');
    expect(paymentIdempotencyKey(8, 'check', '1042')).to.not.equal(paymentIdempotencyKey(7, 'check', '1042'));
    expect(() => paymentIdempotencyKey(7, 'card', 'x', 'has space')).to.throw(/idempotencyKey/);
  });

  it('spreads a payment over unpaid installments oldest first, a missed one included, and leaves the rest on the account', () => {
    const installments = [
      { id: 12, sequence: 2, amountCents: 3000, paidCents: 0, status: 'due' as const },
      { id: 11, sequence: 1, amountCents: 4000, paidCents: 1000, status: 'missed' as const },
      { id: 13, sequence: 3, amountCents: 3000, paidCents: 0, status: 'due' as const },
    ];
    expect(applyToInstallments(installments, 4000)).to.deep.equal({
      applied: [{ id: 11, sequence: 1, appliedCents: 3000, paidCents: 4000, status: 'paid' }, { id: 12, sequence: 2, appliedCents: 1000, paidCents: 1000, status: 'due' }],
      leftCents: 0,
    });
    const all = applyToInstallments(installments, 10000);
    expect(all.leftCents).to.equal(1000);
    expect(all.applied.map((a) => a.status)).to.deep.equal(['paid', 'paid', 'paid']);
    expect(applyToInstallments([], 500)).to.deep.equal({ applied: [], leftCents: 500 });
  });

  it('explains reason codes in plain words, then by the office table, then by the group', () => {
    const tables = { plain: CARC_PLAIN_WORDS, groups: CARC_GROUP_WORDS, office: defaultCarcTable };
    expect(carcInWords('PR', '1', tables)).to.match(/^Deductible/);
    expect(carcInWords('CO', '45', tables)).to.include('not billed to you');
    expect(carcInWords('CO', '151', tables)).to.equal(defaultCarcTable.rules['CO-151'].description);
    expect(carcInWords('PR', '999', tables)).to.equal(CARC_GROUP_WORDS.PR);
  });
});
