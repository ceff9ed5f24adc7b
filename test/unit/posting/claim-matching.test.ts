import { expect } from 'chai';
import type { ServiceLine } from '../../../src/domain/remittance/index.js';
import {
  expectedAllowedCents, matchClaimLines, matchRemittanceClaim, type ClaimCandidate, type OurClaimLine,
} from '../../../src/domain/remittance/claim-matching.js';

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

describe('matching an 835 claim payment to our claim: payee + payer + CLP01', () => {
  // One CLM01 billed by two providers to payer 1, and by the first provider to payer 2 as well.
  const claims: ClaimCandidate[] = [
    { id: 10, controlNumber: 'PCN1', payerId: 1, providerNpi: '1234567893', providerTaxId: '990000001' },
    { id: 11, controlNumber: 'PCN1', payerId: 1, providerNpi: '1912301953', providerTaxId: '990000002' },
    { id: 12, controlNumber: 'PCN1', payerId: 2, providerNpi: '1234567893', providerTaxId: '990000001' },
    { id: 13, controlNumber: 'PCN2', payerId: 1, providerNpi: '1234567893', providerTaxId: null },
  ];
  const match = (cn: string, payerId: number | null, payeeNpi: string | null, payeeTaxId: string | null = null) => {
    const m = matchRemittanceClaim(cn, claims, { payerId, payeeNpi, payeeTaxId });
    return 'claim' in m ? m.claim.id : m.unmatched;
  };

  it('each claim of one CLM01 gets its own payment, by payer and payee NPI', () => {
    expect(match('PCN1', 1, '1234567893')).to.equal(10);
    expect(match('PCN1', 1, '1912301953')).to.equal(11);
    expect(match('PCN1', 2, '1234567893')).to.equal(12);
  });

  it('by the payee tax id (N1*PE FI or REF*TJ, with or without its hyphen) when there is no NPI', () => {
    expect(match('PCN1', 1, null, '99-0000002')).to.equal(11);
    expect(match('PCN1', 2, null, '990000001')).to.equal(12);
    // A provider with no tax id stored is not excluded by one.
    expect(match('PCN2', 1, null, '123456789')).to.equal(13);
  });

  it('narrows only by what the 835 gives: an unknown payer or no payee leaves the others to decide', () => {
    expect(match('PCN1', null, '1912301953')).to.equal(11);
    expect(match('PCN2', null, null)).to.equal(13);
  });

  it('never picks one of several: ambiguous; and nothing for another payer or payee', () => {
    expect(match('PCN1', null, '1234567893')).to.equal('ambiguous');
    expect(match('PCN1', 1, null)).to.equal('ambiguous');
    expect(match('PCN1', 3, '1234567893')).to.equal('no-claim');
    expect(match('PCN1', 1, '1111111112')).to.equal('no-claim');
    expect(match('PCN9', 1, '1234567893')).to.equal('no-claim');
  });
});
