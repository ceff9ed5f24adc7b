import { expect } from 'chai';
import type { ServiceLine } from '../../../src/domain/remittance/index.js';
import { expectedAllowedCents, matchClaimLines, type OurClaimLine } from '../../../src/domain/remittance/claim-matching.js';

const ours: OurClaimLine[] = [
  { id: 1, lineControlNumber: 'L1', procedure: '99213', modifiers: ['25'], serviceDate: '2024-01-02', units: '1.000' },
  { id: 2, lineControlNumber: 'L2', procedure: '93000', modifiers: [], serviceDate: '2024-01-02', units: '1.000' },
  { id: 3, lineControlNumber: 'L3', procedure: '93000', modifiers: [], serviceDate: '2024-01-03', units: '2.000' },
];

function remitted(sequence: number, code: string, extra: Partial<ServiceLine> = {}): ServiceLine {
  return { sequence, position: sequence, procedure: { qualifier: 'HC', code, modifiers: [] }, chargeCents: 0, paidCents: 0, adjustments: [], remarkCodes: [], ...extra };
}

describe('matching 835 service lines to our claim lines', () => {
  it('uses REF*6R first, then procedure, modifiers and service date, each line once', () => {
    const matched = matchClaimLines([
      remitted(1, '93000', { serviceDate: '2024-01-03' }),
      remitted(2, '99213', { procedure: { qualifier: 'HC', code: '99213', modifiers: ['25'] }, serviceDate: '2024-01-02' }),
      remitted(3, '93000', { lineControlNumber: 'L3' }),
      remitted(4, '93000', { serviceDate: '2024-01-02' }),
    ], ours);
    expect([...matched].map(([seq, line]) => [seq, line.id])).to.deep.equal([[3, 3], [2, 1], [4, 2]]);
  });

  it('leaves a line unmatched when modifiers differ or the date is another', () => {
    const matched = matchClaimLines([remitted(1, '99213', { serviceDate: '2024-01-02' }), remitted(2, '93000', { serviceDate: '2024-02-01' })], ours);
    expect(matched.size).to.equal(0);
  });

  it('multiplies the fee schedule by whole units only', () => {
    expect(expectedAllowedCents(1000, '2.000')).to.equal(2000);
    expect(expectedAllowedCents(1000, '1.5')).to.equal(1000);
    expect(expectedAllowedCents(1000, undefined)).to.equal(1000);
  });
});
