import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { checkBalancing, postedLedgerMismatch } from '../../../src/domain/remittance/balancing.js';
import { readEra } from '../../../src/domain/remittance/era-reader.js';
import type { RemittanceTransaction } from '../../../src/domain/remittance/remittance.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';

const sample = (name: string): RemittanceTransaction =>
  readEra(readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url), 'utf8'), { file: name }).transactions[0];

function failure(t: RemittanceTransaction): X12Error {
  try { checkBalancing(t); } catch (error) { if (error instanceof X12Error) return error; throw error; }
  throw new Error('expected a balancing error');
}

describe('checkBalancing', () => {
  it('line: SVC02 - line CAS = SVC03', () => {
    const t = sample('lfh-managed-care.835');
    t.claims[1].lines[0].adjustments[1].amountCents += 1; // CO-45 50.00 -> 50.01
    const error = failure(t);
    expect(error).to.include({ rule: 'balance-line', segment: 'SVC', element: 'SVC03', position: 23, controlNumber: '112233', file: 'lfh-managed-care.835' });
    expect(error.message).to.contain('claim 8765432112').and.contain('1,200.00').and.contain('549.99').and.contain('550.00');
  });

  it('claim: CLP03 - all CAS (claim and lines) = CLP04', () => {
    const t = sample('lfh-managed-care.835');
    t.claims[0].adjustments[0].amountCents -= 1; // claim-level CO-A2
    const error = failure(t);
    expect(error).to.include({ rule: 'balance-claim', segment: 'CLP', element: 'CLP04', position: 13 });
    expect(error.message).to.contain('claim 5554555444').and.contain('450.01').and.contain('450.00');
  });

  it('transaction: BPR02 = sum(CLP04) - sum(PLB), with the Medicare PLB of -1.27', () => {
    const t = sample('lfh-medicare-part-a.835');
    expect(() => checkBalancing(t)).not.to.throw();
    t.providerAdjustments[0].amountCents = 0; // drop the PLB: 149,998.73 no longer makes 150,000.00
    const error = failure(t);
    expect(error).to.include({ rule: 'balance-transaction', segment: 'BPR', element: 'BPR02', position: 4, controlNumber: '1234' });
    expect(error.message).to.contain('149,998.73').and.contain('150,000.00');
  });

  it('a debit (BPR03 = D) balances against the negative net', () => {
    const t = sample('lfh-cob-contractural-adjustment.835');
    const claim = t.claims[0];
    claim.status = '22';
    claim.chargeCents = -claim.chargeCents;
    claim.paidCents = -claim.paidCents;
    for (const line of claim.lines) {
      line.chargeCents = -line.chargeCents;
      line.paidCents = -line.paidCents;
      for (const a of line.adjustments) a.amountCents = -a.amountCents;
    }
    expect(failure(t).rule).to.equal('balance-transaction');
    t.payment.creditDebit = 'D';
    expect(() => checkBalancing(t)).not.to.throw();
  });
});

describe('postedLedgerMismatch (the last check before a remittance is marked posted)', () => {
  it('passes a ledger that pays the sum of CLP04 and nets to BPR02', () => {
    expect(postedLedgerMismatch({ paidCents: 14_999_873, providerAdjustmentCents: -127 }, { paidCents: 14_999_873, paymentCents: 15_000_000 })).to.equal(undefined);
  });

  it('names the cents that differ, payments or net', () => {
    expect(postedLedgerMismatch({ paidCents: 900, providerAdjustmentCents: 0 }, { paidCents: 1000, paymentCents: 1000 }))
      .to.equal("ledger payments 900 and net 900 cents do not match the file's 1000 and BPR02 1000 cents");
    expect(postedLedgerMismatch({ paidCents: 1000, providerAdjustmentCents: 50 }, { paidCents: 1000, paymentCents: 1000 }))
      .to.equal("ledger payments 1000 and net 950 cents do not match the file's 1000 and BPR02 1000 cents");
  });
});
