import { expect } from 'chai';
import { isClean, SCRUB_RULES, scrubClaim } from '../../../../src/domain/claims/scrub/index.js';
import { cleanClaim, cleanLine, codesOf, contextFor, FIXTURE_PHI, scrub } from './claim-fixture.js';

describe('scrubClaim', () => {
  it('finds nothing on a clean claim', () => {
    const edits = scrub(cleanClaim());
    expect(edits).to.deep.equal([]);
    expect(isClean(edits)).to.equal(true);
  });

  it('counts a claim with only warnings as clean', () => {
    const edits = scrub(cleanClaim(), { today: '2025-05-25' }); // 7 days before the 90-day deadline
    expect(codesOf(edits)).to.deep.equal(['TIMELY_FILING_NEAR']);
    expect(isClean(edits)).to.equal(true);
  });

  it('refuses a "today" that is not a calendar date, since that is a caller bug', () => {
    const claim = cleanClaim();
    expect(() => scrubClaim(claim, contextFor(claim, { today: '14/03/2025' }))).to.throw(RangeError);
  });

  it('is deterministic and does not modify the claim', () => {
    const claim = cleanClaim({ chargeCents: 1 });
    const before = JSON.stringify(claim);
    expect(scrub(claim)).to.deep.equal(scrub(claim));
    expect(JSON.stringify(claim)).to.equal(before);
  });

  describe('rule catalogue', () => {
    it('lists each code once with a severity and a description', () => {
      const codes = SCRUB_RULES.map((r) => r.code);
      expect(new Set(codes).size).to.equal(codes.length);
      for (const r of SCRUB_RULES) {
        expect(r.code, r.code).to.match(/^[A-Z0-9_]+$/);
        expect(r.description, r.code).to.have.length.greaterThan(10);
        expect(['error', 'warning'], r.code).to.include(r.severity);
      }
    });

    it('covers every code a broken claim produces, with the catalogued severity', () => {
      const edits = [...scrub(everythingWrong()), ...scrub(everythingWrong({ frequency: '7' }), { today: '2030-01-01' })];
      const bySeverity = new Map(SCRUB_RULES.map((r) => [r.code, r.severity]));
      const common = ['NPI_CHECK_DIGIT', 'DX_PRINCIPAL_QUALIFIER', 'DX_FORMAT', 'DX_QUALIFIER', 'DX_FORMAT', 'DX_DUPLICATE', 'DX_ICD9_AFTER_ICD10_DATE', 'PROC_FORMAT', 'MOD_TOO_MANY', 'MOD_FORMAT', 'UNIT_BASIS', 'UNITS_NOT_POSITIVE', 'PROC_QUALIFIER', 'LINE_NUMBER_SEQUENCE', 'DX_POINTER_MISSING', 'DX_POINTER_TOO_MANY', 'DX_POINTER_DUPLICATE', 'DX_POINTER_RANGE', 'LINE_CHARGE_NOT_POSITIVE', 'DATE_INVALID', 'DATE_RANGE', 'TIMELY_FILING_PASSED'];
      expect(edits.map((e) => e.code)).to.deep.equal([
        'BIRTH_DATE_INVALID', ...common,
        'BIRTH_DATE_INVALID', 'FREQ_PAYER_CLAIM_NUMBER', ...common,
      ]);
      for (const edit of edits) {
        expect(bySeverity.get(edit.code), edit.code).to.equal(edit.severity);
        expect(edit.message, edit.code).to.be.a('string').and.not.equal('');
        expect(edit.field, edit.code).to.be.a('string').and.not.equal('');
      }
    });
  });

  it('never puts patient data in a message (names, member id, birth dates, diagnosis codes)', () => {
    const claim = everythingWrong();
    const edits = [
      ...scrub(claim),
      ...scrub(cleanClaim({ diagnoses: [{ qualifier: 'ABK', code: 'J0190' }, { qualifier: 'BF', code: 'J0190' }] })),
      ...scrub(cleanClaim({ patient: { name: { last: FIXTURE_PHI.patientLast }, birthDate: '2099-01-01' } })),
    ];
    const secrets = [...Object.values(FIXTURE_PHI), 'J0190', 'R509', 'Z00.00', 'Z0000', '2099-01-01'];
    for (const edit of edits) {
      for (const secret of secrets) expect(edit.message, edit.code).not.to.include(secret);
    }
  });
});

/** A claim with something wrong in nearly every rule family. */
function everythingWrong(overrides: Parameters<typeof cleanClaim>[0] = {}) {
  return cleanClaim({
    chargeCents: 99,
    billingProvider: { npi: '1234567890', name: 'INVENTED FAMILY PRACTICE' },
    diagnoses: [
      { qualifier: 'ABF', code: 'Z00.00' },
      { qualifier: 'BK', code: 'R509' },
      { qualifier: 'ABF', code: 'R509' },
    ],
    lines: [
      cleanLine({ procedure: '9921', modifiers: ['g', '25', 'GY', 'XS', '59'], units: 0, unitBasis: 'XX', diagnosisPointers: [] }),
      cleanLine({ lineNumber: 3, procedureQualifier: 'IV', chargeCents: 0, diagnosisPointers: [1, 1, 9, 2, 3], serviceDate: '2025-02-30' }),
      cleanLine({ lineNumber: 4, serviceDate: '2025-03-10', serviceDateEnd: '2025-03-09' }),
      cleanLine({ lineNumber: 5, serviceDate: '2024-01-01' }),
    ],
    subscriber: { ...cleanClaim().subscriber, birthDate: '1979-02-30' },
    ...overrides,
  });
}
