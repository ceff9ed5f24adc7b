import { expect } from 'chai';
import type { ServiceLine } from '../../../../src/domain/claims/claim.js';
import { cleanClaim, cleanLine, codesOf, scrub } from './claim-fixture.js';

const oneLine = (overrides: Partial<ServiceLine>) => cleanClaim({ lines: [cleanLine(overrides)] });

describe('scrub: procedures, modifiers and units', () => {
  describe('procedure code (PROC_FORMAT)', () => {
    it('accepts CPT Category I/II/III and HCPCS Level II codes', () => {
      for (const procedure of ['99213', '00100', '3078F', '0042T', 'G0439', 'J1100']) {
        expect(scrub(oneLine({ procedure })), procedure).to.deep.equal([]);
      }
    });

    it('refuses anything else', () => {
      for (const procedure of ['9921', '992131', '3078X', 'GG439', 'g0439', 'G043', '99213 ', '']) {
        const edits = scrub(oneLine({ procedure }));
        expect(codesOf(edits), procedure).to.deep.equal(['PROC_FORMAT']);
        expect(edits[0]).to.include({ field: 'SV101-2', line: 1 });
      }
    });

    it('warns that a non-HC code set is not checked', () => {
      const edits = scrub(oneLine({ procedureQualifier: 'IV', procedure: 'ANYTHING' }));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'PROC_QUALIFIER', severity: 'warning', field: 'SV101-1' });
    });
  });

  describe('modifiers', () => {
    it('accepts up to 4 two-character modifiers', () => {
      expect(scrub(oneLine({ modifiers: ['25', 'XS', '59', 'RT'] }))).to.deep.equal([]);
    });

    it('refuses a fifth modifier', () => {
      const edits = scrub(oneLine({ modifiers: ['25', 'XS', '59', 'RT', 'LT'] }));
      expect(codesOf(edits)).to.deep.equal(['MOD_TOO_MANY']);
    });

    it('refuses a modifier that is not exactly 2 uppercase letters or digits, naming its position', () => {
      for (const bad of ['2', '255', 'r1', '-1', '']) {
        const edits = scrub(oneLine({ modifiers: ['25', bad] }));
        expect(codesOf(edits), bad).to.deep.equal(['MOD_FORMAT']);
        expect(edits[0]).to.include({ field: 'SV101-4', line: 1 });
      }
    });
  });

  describe('units', () => {
    it('accepts positive units, fractional minutes included', () => {
      expect(scrub(oneLine({ units: 2 }))).to.deep.equal([]);
      expect(scrub(oneLine({ unitBasis: 'MJ', units: 37.5 }))).to.deep.equal([]);
    });

    it('refuses zero, negative or non-numeric units', () => {
      for (const units of [0, -1, Number.NaN]) {
        const edits = scrub(oneLine({ units }));
        expect(codesOf(edits), String(units)).to.deep.equal(['UNITS_NOT_POSITIVE']);
        expect(edits[0]).to.include({ field: 'SV104', line: 1 });
      }
    });

    it('refuses a unit basis other than UN or MJ', () => {
      expect(codesOf(scrub(oneLine({ unitBasis: 'DA' })))).to.deep.equal(['UNIT_BASIS']);
    });
  });
});
