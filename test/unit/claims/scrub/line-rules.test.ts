import { expect } from 'chai';
import type { ServiceLine } from '../../../../src/domain/claims/claim.js';
import { cleanClaim, cleanLine, codesOf, scrub } from './claim-fixture.js';

const oneLine = (overrides: Partial<ServiceLine>) => cleanClaim({ lines: [cleanLine(overrides)] });

describe('scrub: service lines', () => {
  describe('diagnosis pointers', () => {
    it('accepts 1 to 4 distinct pointers within the claim diagnoses', () => {
      const diagnoses = ['J0190', 'R509', 'R05', 'J45'].map((code, i) => ({ qualifier: i ? 'ABF' : 'ABK', code }) as const);
      expect(scrub(cleanClaim({ diagnoses, lines: [cleanLine({ diagnosisPointers: [4, 2, 1, 3] })] }))).to.deep.equal([]);
    });

    it('requires at least one pointer', () => {
      const edits = scrub(oneLine({ diagnosisPointers: [] }));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'DX_POINTER_MISSING', field: 'SV107-1', line: 1 });
    });

    it('allows at most 4 pointers', () => {
      const diagnoses = ['J0190', 'R509', 'R05', 'J45', 'R51'].map((code, i) => ({ qualifier: i ? 'ABF' : 'ABK', code }) as const);
      const edits = scrub(cleanClaim({ diagnoses, lines: [cleanLine({ diagnosisPointers: [1, 2, 3, 4, 5] })] }));
      expect(codesOf(edits)).to.deep.equal(['DX_POINTER_TOO_MANY']);
    });

    it('refuses a pointer past the last diagnosis, zero, or a fraction', () => {
      for (const pointer of [3, 0, 1.5]) {
        const edits = scrub(oneLine({ diagnosisPointers: [1, pointer] })); // the fixture has 2 diagnoses
        expect(codesOf(edits), String(pointer)).to.deep.equal(['DX_POINTER_RANGE']);
        expect(edits[0]).to.include({ field: 'SV107-2', line: 1 });
        expect(edits[0].message).to.include('diagnoses 1 to 2');
      }
    });

    it('refuses the same pointer twice on a line', () => {
      const edits = scrub(oneLine({ diagnosisPointers: [2, 2] }));
      expect(codesOf(edits)).to.deep.equal(['DX_POINTER_DUPLICATE']);
      expect(edits[0].field).to.equal('SV107-2');
    });
  });

  describe('charges', () => {
    it('refuses a claim total that is not the sum of the lines', () => {
      const claim = cleanClaim();
      const edits = scrub({ ...claim, chargeCents: claim.chargeCents + 1 });
      expect(edits).to.deep.equal([{
        code: 'CHARGE_TOTAL_MISMATCH', severity: 'error', field: 'CLM02',
        message: 'The claim total charge 143.51 does not equal the sum of the line charges 143.50.',
      }]);
    });

    it('refuses a line charge of zero or less, without also reporting the total', () => {
      const edits = scrub(cleanClaim({ lines: [cleanLine({ chargeCents: 0 })], chargeCents: 0 }));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'LINE_CHARGE_NOT_POSITIVE', field: 'SV102', line: 1 });
      expect(codesOf(scrub(cleanClaim({ lines: [cleanLine({ chargeCents: -500 })], chargeCents: 12_000 }))))
        .to.deep.equal(['LINE_CHARGE_NOT_POSITIVE']);
    });
  });

  describe('line numbers', () => {
    it('requires LX numbers 1, 2, 3 ... in order', () => {
      const edits = scrub(cleanClaim({ lines: [cleanLine(), cleanLine({ lineNumber: 3 })] }));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'LINE_NUMBER_SEQUENCE', field: 'LX01', line: 3 });
    });

    it('reports only the first line out of sequence, and catches a repeated number', () => {
      const gap = [cleanLine(), cleanLine({ lineNumber: 3 }), cleanLine({ lineNumber: 4 })];
      expect(codesOf(scrub(cleanClaim({ lines: gap })))).to.deep.equal(['LINE_NUMBER_SEQUENCE']);
      const repeated = [cleanLine(), cleanLine()];
      expect(scrub(cleanClaim({ lines: repeated }))[0]).to.include({ code: 'LINE_NUMBER_SEQUENCE', line: 1 });
    });
  });
});
