import { expect } from 'chai';
import { ClaimsJsonError, readClaimsJson } from '../../../src/domain/claims/claims-json.js';

const claim = {
  controlNumber: 'J-1', placeOfService: '11',
  billingProvider: { npi: '1234567893', name: 'INVENTED CLINIC' },
  payer: { payerId: 'PAYER01', name: 'INVENTED PLAN' },
  subscriber: { memberId: 'SECRET-MEMBER-9', name: { last: 'QUILLFEATHER' }, birthDate: '1980-01-01' },
  diagnoses: [{ qualifier: 'ABK', code: 'J069' }],
  lines: [
    { procedure: '99213', chargeCents: 12500, diagnosisPointers: [1], serviceDate: '2026-11-02', lineControlNumber: 'L-1' },
    { procedure: '36415', chargeCents: 1500, diagnosisPointers: [1], serviceDate: '2026-11-02' },
  ],
};

describe('JSON claims format', () => {
  it('reads claims with the documented defaults', () => {
    const [c] = readClaimsJson(JSON.stringify({ format: 'rcm-claims/v1', claims: [claim] }));
    expect(c).to.deep.include({ controlNumber: 'J-1', chargeCents: 14000, frequency: '1' });
    expect(c.subscriber).to.include({ relationship: '18', payerRank: 'P', claimFilingIndicator: 'CI' });
    expect(c.lines.map((l) => [l.lineNumber, l.lineControlNumber, l.units, l.unitBasis, l.procedureQualifier]))
      .to.deep.equal([[1, 'L-1', 1, 'UN', 'HC'], [2, undefined, 1, 'UN', 'HC']]);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a non-numeric amount', { ...claim, lines: [{ ...claim.lines[0], chargeCents: '12.50' }] }, /claims\[0\]\.lines\[0\]\.chargeCents/],
    ['fractional cents', { ...claim, lines: [{ ...claim.lines[0], chargeCents: 12.5 }] }, /whole cents/],
    ['a claim with no lines', { ...claim, lines: [] }, /claims\[0\]\.lines: a claim needs at least one service line/],
    ['a bad date', { ...claim, lines: [{ ...claim.lines[0], serviceDate: '11/02/2026' }] }, /serviceDate: must be a date/],
    ['an unknown field', { ...claim, ssn: 'x' }, /claims\[0\]/],
  ];
  for (const [name, value, message] of bad) {
    it(`rejects ${name}, naming the field but not the value`, () => {
      const text = JSON.stringify({ format: 'rcm-claims/v1', claims: [value] });
      expect(() => readClaimsJson(text, { file: 'x.json' })).to.throw(ClaimsJsonError, message);
      try { readClaimsJson(text); } catch (error) { expect((error as Error).message).not.to.include('SECRET-MEMBER-9').and.not.include('QUILLFEATHER'); }
    });
  }

  it('reads a document that starts with a byte-order mark, however the bytes were decoded', () => {
    const bytes = Buffer.from(JSON.stringify({ format: 'rcm-claims/v1', claims: [claim] }));
    const plain = readClaimsJson(bytes.toString('latin1'));
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    expect(readClaimsJson(withBom.toString('latin1'))).to.deep.equal(plain);
    expect(readClaimsJson(withBom.toString('utf8'))).to.deep.equal(plain);
  });

  it('rejects text that is not JSON, or another format, naming the file as errors do (by id in jobs)', () => {
    expect(() => readClaimsJson('{"format":', { file: '12' })).to.throw(ClaimsJsonError, /^file 12: \(document\): not valid JSON/);
    expect(() => readClaimsJson(JSON.stringify({ format: 'other', claims: [claim] }))).to.throw(ClaimsJsonError, /format/);
  });
});
