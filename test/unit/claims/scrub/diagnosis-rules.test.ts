import { expect } from 'chai';
import type { Diagnosis } from '../../../../src/domain/claims/claim.js';
import { cleanClaim, cleanLine, codesOf, scrub } from './claim-fixture.js';

const dx = (qualifier: Diagnosis['qualifier'], code: string): Diagnosis => ({ qualifier, code });
const withDiagnoses = (...diagnoses: Diagnosis[]) =>
  cleanClaim({ diagnoses, lines: [cleanLine({ diagnosisPointers: [1] })] });

describe('scrub: diagnoses', () => {
  describe('ICD-10-CM format (DX_FORMAT)', () => {
    it('accepts codes of 3 to 7 characters: letter, digit, then letters or digits', () => {
      for (const code of ['J45', 'R509', 'S7200XA', 'Z3A20', 'M1A071', 'U071', 'T8404XA']) {
        expect(scrub(withDiagnoses(dx('ABK', code))), code).to.deep.equal([]);
      }
    });

    it('refuses malformed codes and says which diagnosis, not the code', () => {
      for (const code of ['J4', 'S7200XAA', '1J45', 'JJ45', 'j450', 'J45-9', '']) {
        const edits = scrub(withDiagnoses(dx('ABK', 'R509'), dx('ABF', code)));
        expect(codesOf(edits), code).to.deep.equal(['DX_FORMAT']);
        expect(edits[0].field).to.equal('HI02-2');
        expect(edits[0].message).to.include('Diagnosis 2');
        if (code) expect(edits[0].message).not.to.include(code);
      }
    });

    it('explains a decimal point, which X12 does not carry', () => {
      const edits = scrub(withDiagnoses(dx('ABK', 'R50.9')));
      expect(codesOf(edits)).to.deep.equal(['DX_FORMAT']);
      expect(edits[0].message).to.include('decimal point');
    });
  });

  describe('count and qualifiers', () => {
    it('requires at least one diagnosis', () => {
      const edits = scrub(cleanClaim({ diagnoses: [], lines: [cleanLine({ diagnosisPointers: [1] })] }));
      expect(codesOf(edits)).to.include('DX_MISSING');
      expect(edits.find((e) => e.code === 'DX_MISSING')?.field).to.equal('HI01-2');
    });

    it('accepts 12 diagnoses and refuses 13', () => {
      const codes = Array.from({ length: 13 }, (_, i) => `R${String(10 + i)}`);
      const twelve = codes.slice(0, 12).map((code, i) => dx(i === 0 ? 'ABK' : 'ABF', code));
      expect(scrub(withDiagnoses(...twelve))).to.deep.equal([]);
      const edits = scrub(withDiagnoses(...twelve, dx('ABF', codes[12])));
      expect(codesOf(edits)).to.deep.equal(['DX_TOO_MANY']);
    });

    it('requires the principal diagnosis to use ABK (or BK)', () => {
      const edits = scrub(withDiagnoses(dx('ABF', 'R509')));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'DX_PRINCIPAL_QUALIFIER', field: 'HI01-1', severity: 'error' });
    });

    it('refuses a principal qualifier on a secondary diagnosis', () => {
      const edits = scrub(withDiagnoses(dx('ABK', 'R509'), dx('ABK', 'J45')));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'DX_QUALIFIER', field: 'HI02-1' });
    });

    it('refuses the same code twice', () => {
      const edits = scrub(withDiagnoses(dx('ABK', 'R509'), dx('ABF', 'J45'), dx('ABF', 'R509')));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'DX_DUPLICATE', field: 'HI03-2' });
      expect(edits[0].message).to.equal('Diagnosis 3 repeats diagnosis 1.');
    });
  });

  describe('code set by date of service', () => {
    // Timely filing is not under test here: an old claim with a long window stays fileable.
    const old = (serviceDate: string, ...diagnoses: Diagnosis[]) => scrub(
      cleanClaim({ diagnoses, lines: [cleanLine({ serviceDate, diagnosisPointers: [1] })] }),
      { payerRules: { ...cleanPayerRules(), timelyFilingDays: 10_000 } },
    );

    it('treats 2015-10-01 itself as ICD-10 era', () => {
      expect(old('2015-10-01', dx('ABK', 'R509'))).to.deep.equal([]);
      expect(codesOf(old('2015-10-01', dx('BK', '7806')))).to.deep.equal(['DX_ICD9_AFTER_ICD10_DATE']);
    });

    it('requires ICD-9 for services before 2015-10-01', () => {
      expect(old('2015-09-30', dx('BK', '7806'), dx('BF', 'V700'))).to.deep.equal([]);
      const edits = old('2015-09-30', dx('ABK', 'R509'));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'DX_ICD10_BEFORE_ICD10_DATE', field: 'HI01-1' });
    });

    it('refuses ICD-9 for services after 2015-10-01', () => {
      const edits = scrub(withDiagnoses(dx('BK', '7806')));
      expect(codesOf(edits)).to.deep.equal(['DX_ICD9_AFTER_ICD10_DATE']);
    });

    it('checks the shape of ICD-9 codes too', () => {
      expect(codesOf(old('2015-09-30', dx('BK', '78')))).to.deep.equal(['DX_FORMAT']);
      expect(codesOf(old('2015-09-30', dx('BK', 'E8809')))).to.deep.equal([]);
    });
  });
});

function cleanPayerRules() {
  return { timelyFilingDays: 90, closeDeadlineWarningDays: 14, maxLinesPerClaim: 50, refusedModifiers: [], modifierRequirements: [] };
}
