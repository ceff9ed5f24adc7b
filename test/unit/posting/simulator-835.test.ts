import { expect } from 'chai';
import { readEra } from '../../../src/domain/remittance/index.js';
import { simulate835, type SubmittedClaim } from '../../../src/clearinghouse/simulator-835.js';

const claims: SubmittedClaim[] = Array.from({ length: 40 }, (_, i) => ({
  controlNumber: `SIM${i}`,
  lines: [
    { lineControlNumber: `SIM${i}-1`, procedure: '99213', chargeCents: 12_345 + i, serviceDate: '2024-01-02' },
    { lineControlNumber: `SIM${i}-2`, procedure: '93000', modifiers: ['26'], chargeCents: 5_000, serviceDate: '2024-01-02' },
  ],
}));

describe('simulated 835 answers', () => {
  it('are balanced 835s that read back with every claim and REF*6R', () => {
    const era = readEra(simulate835(claims, { seed: 7, denialRate: 0.2, interestCents: 123 }));
    const [t] = era.transactions;
    expect(t.claims.map((c) => c.controlNumber)).to.deep.equal(claims.map((c) => c.controlNumber));
    expect(t.claims[0].lines.map((l) => l.lineControlNumber)).to.deep.equal(['SIM0-1', 'SIM0-2']);
    expect(t.providerAdjustments.map((a) => [a.reason, a.amountCents])).to.deep.equal([['L6', -123]]);
  });

  it('are the same for the same seed and deny about the configured share of lines', () => {
    expect(simulate835(claims, { seed: 3 })).to.equal(simulate835(claims, { seed: 3 }));
    expect(simulate835(claims, { seed: 3 })).not.to.equal(simulate835(claims, { seed: 4 }));
    const none = readEra(simulate835(claims, { seed: 3, denialRate: 0 })).transactions[0];
    expect(none.claims).to.have.length(40);
    expect(none.claims.flatMap((c) => c.lines)).to.have.length(80);
    expect(none.claims.flatMap((c) => c.lines).some((l) => l.adjustments.some((a) => a.group === 'CO' && a.reason !== '45'))).to.equal(false);
    const all = readEra(simulate835(claims, { seed: 3, denialRate: 1 })).transactions[0];
    expect(all.claims).to.have.length(40);
    expect(all.claims.every((c) => c.status === '4' && c.paidCents === 0)).to.equal(true);
  });
});
