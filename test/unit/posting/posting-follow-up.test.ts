import { expect } from 'chai';
import { appealDeadline, followUpTaskOf } from '../../../src/domain/remittance/posting-follow-up.js';

describe('posting follow-up tasks', () => {
  it('gives each finding its subject and reason codes', () => {
    expect(followUpTaskOf({ type: 'denial', claimId: 7, payerId: 2, reasonCodes: ['CO-16', 'CO-97'], amountAtRiskCents: 1200, deadline: '2024-05-01' })).to.deep.equal({
      type: 'denial', subjectType: 'claim', subjectId: 7, reasonCodes: ['CO-16', 'CO-97'], amountAtRiskCents: 1200, deadline: '2024-05-01',
      payerId: 2,
    });
    expect(followUpTaskOf({ type: 'underpayment', claimId: 8, payerId: null, amountAtRiskCents: 300, deadline: null })).to.deep.equal({
      type: 'underpayment', subjectType: 'claim', subjectId: 8, reasonCodes: ['UNDERPAID'], amountAtRiskCents: 300, deadline: null,
      payerId: null,
    });
    // A negative CLP04 (a reversal of a claim we do not know) is still money at risk.
    expect(followUpTaskOf({ type: 'unmatched-remittance', remittanceClaimId: 9, payerId: 2, amountAtRiskCents: -4500 })).to.deep.equal({
      type: 'unmatched-remittance', subjectType: 'remittance-claim', subjectId: 9, reasonCodes: ['NO-MATCHING-CLAIM'], amountAtRiskCents: 4500,
      payerId: 2,
    });
    // Several claims of ours carry the CLP01 for this payer and payee: none was picked.
    expect(followUpTaskOf({ type: 'unmatched-remittance', remittanceClaimId: 9, payerId: 2, amountAtRiskCents: 100, ambiguous: true })).to.deep.equal({
      type: 'unmatched-remittance', subjectType: 'remittance-claim', subjectId: 9, reasonCodes: ['AMBIGUOUS-CLAIM'], amountAtRiskCents: 100,
      payerId: 2,
    });
  });

  it('dates the appeal deadline from the payment date by the payer\'s appeal days', () => {
    expect(appealDeadline('2024-01-31', 30)).to.equal('2024-03-01');
    expect(appealDeadline('2024-01-31', null)).to.equal(null);
    expect(appealDeadline(null, 30)).to.equal(null);
  });
});
