import { expect } from 'chai';
import { claimMoneyAfter, claimStatusFromMoney, moneyStatusReason } from '../../../src/domain/claims/claim-money-status.js';

const none = { paid: 0, contractual: 0, denied: 0, patientResp: 0, other: 0 };

describe('claim status from its money (what a posted chunk decides for each claim)', () => {
  it('denied when something is denied and nothing paid, even with nothing left open', () => {
    expect(claimStatusFromMoney({ paidCents: 0, deniedCents: 500, balanceCents: 500 }, 'accepted')).to.equal('denied');
    expect(claimStatusFromMoney({ paidCents: 0, deniedCents: 500, balanceCents: 0 }, 'accepted')).to.equal('denied');
  });

  it('paid when nothing is open, partially-paid when paid with something open', () => {
    expect(claimStatusFromMoney({ paidCents: 100, deniedCents: 500, balanceCents: 0 }, 'submitted')).to.equal('paid');
    expect(claimStatusFromMoney({ paidCents: 0, deniedCents: 0, balanceCents: -1 }, 'accepted')).to.equal('paid');
    expect(claimStatusFromMoney({ paidCents: 100, deniedCents: 0, balanceCents: 1 }, 'accepted')).to.equal('partially-paid');
  });

  it('back to accepted when a reversal took every payment back; any other status stays', () => {
    for (const status of ['paid', 'partially-paid', 'denied']) {
      expect(claimStatusFromMoney({ paidCents: 0, deniedCents: 0, balanceCents: 100 }, status)).to.equal('accepted');
    }
    for (const status of ['accepted', 'submitted', 'closed']) {
      expect(claimStatusFromMoney({ paidCents: 0, deniedCents: 0, balanceCents: 100 }, status)).to.equal(status);
    }
  });

  it('moves the caches by a delta: the balance drops by payments and adjustments, not by denials', () => {
    const before = { paidCents: 1000, deniedCents: 0, balanceCents: 9000, status: 'partially-paid' };
    expect(claimMoneyAfter(before, { ...none, paid: 4000, contractual: 2000, denied: 700, patientResp: 1500, other: 500 })).to.deep.equal({
      paidCents: 5000, deniedCents: 700, balanceCents: 1000, status: 'partially-paid',
    });
    expect(claimMoneyAfter(before, { ...none, paid: 5000, contractual: 4000 })).to.deep.include({ balanceCents: 0, status: 'paid' });
    // A full reversal (negative amounts as written) reopens the claim.
    expect(claimMoneyAfter(before, { ...none, paid: -1000 })).to.deep.equal({ paidCents: 0, deniedCents: 0, balanceCents: 10000, status: 'accepted' });
    expect(claimMoneyAfter({ ...before, status: 'accepted' }, none)).to.deep.include({ status: 'partially-paid' });
  });

  it('names the reason posting moved a claim for its history, and none when the status stayed', () => {
    expect(moneyStatusReason('accepted', 'paid')).to.equal('paid');
    expect(moneyStatusReason('submitted', 'partially-paid')).to.equal('partially paid');
    expect(moneyStatusReason('accepted', 'denied')).to.equal('denied');
    expect(moneyStatusReason('paid', 'accepted')).to.equal('payment reversed');
    expect(moneyStatusReason('paid', 'paid')).to.equal(null);
    expect(moneyStatusReason('partially-paid', 'partially-paid')).to.equal(null);
  });
});
