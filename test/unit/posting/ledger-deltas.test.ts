import { expect } from 'chai';
import { ledgerDeltas } from '../../../src/domain/claims/claim-money-status.js';

describe('ledgerDeltas: what the rows a chunk inserted do to the cached money', () => {
  it('sums per claim by kind; a denial is counted but is not a payment; write-offs count as other', () => {
    const { claims, accounts } = ledgerDeltas([
      { kind: 'payment', amount_cents: 5000, claim_id: 1 },
      { kind: 'payment', amount_cents: -1200, claim_id: 1 },
      { kind: 'contractual', amount_cents: 800, claim_id: 1 },
      { kind: 'denial', amount_cents: 3000, claim_id: 2 },
      { kind: 'patient-responsibility', amount_cents: 2000, claim_id: 2, account_id: 7 },
      { kind: 'patient-responsibility', amount_cents: 500, claim_id: 1, account_id: 7 },
      { kind: 'other-adjustment', amount_cents: 100, claim_id: 2 },
      { kind: 'write-off', amount_cents: 50, claim_id: 2 },
      { kind: 'unapplied', amount_cents: 900 },
      { kind: 'provider-adjustment', amount_cents: 1234 },
    ]);
    expect(Object.fromEntries(claims)).to.deep.equal({
      1: { paid: 3800, contractual: 800, denied: 0, patientResp: 500, other: 0 },
      2: { paid: 0, contractual: 0, denied: 3000, patientResp: 2000, other: 150 },
    });
    expect(Object.fromEntries(accounts)).to.deep.equal({ 7: 2500 });
  });

  it('moves nothing when nothing was inserted (a chunk run again)', () => {
    const { claims, accounts } = ledgerDeltas([]);
    expect(claims.size + accounts.size).to.equal(0);
  });
});
