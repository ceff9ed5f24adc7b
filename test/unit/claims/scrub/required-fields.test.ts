import { expect } from 'chai';
import { cleanClaim, codesOf, FIXTURE_PHI, scrub } from './claim-fixture.js';

const subscriber = () => cleanClaim().subscriber;

describe('scrub: required fields', () => {
  it('passes when every required element is present', () => {
    expect(scrub(cleanClaim())).to.deep.equal([]);
  });

  it('requires the subscriber member id', () => {
    const edits = scrub(cleanClaim({ subscriber: { ...subscriber(), memberId: '  ' } }));
    expect(edits).to.deep.equal([{
      code: 'REQ_MEMBER_ID', severity: 'error', field: '2010BA NM109', message: 'The subscriber member id is missing.',
    }]);
  });

  it('requires the payer id', () => {
    const edits = scrub(cleanClaim({ payer: { payerId: '', name: 'INVENTED' } }));
    expect(codesOf(edits)).to.deep.equal(['REQ_PAYER_ID']);
    expect(edits[0].field).to.equal('2010BB NM109');
  });

  it('requires the patient control number', () => {
    expect(codesOf(scrub(cleanClaim({ controlNumber: '' })))).to.deep.equal(['REQ_CONTROL_NUMBER']);
  });

  it('requires at least one service line', () => {
    const edits = scrub(cleanClaim({ lines: [], chargeCents: 0 }));
    expect(codesOf(edits)).to.deep.equal(['REQ_LINE']);
  });

  describe('birth date', () => {
    it("uses the subscriber's when there is no patient loop", () => {
      const edits = scrub(cleanClaim({ subscriber: { ...subscriber(), birthDate: undefined } }));
      expect(edits).to.have.length(1);
      expect(edits[0]).to.include({ code: 'REQ_BIRTH_DATE', field: '2010BA DMG02' });
    });

    it("uses the patient's when a patient loop exists", () => {
      const patient = { name: { last: FIXTURE_PHI.patientLast, first: FIXTURE_PHI.patientFirst } };
      // The subscriber's birth date does not stand in for the patient's.
      const missing = scrub(cleanClaim({ patient }));
      expect(missing).to.have.length(1);
      expect(missing[0]).to.include({ code: 'REQ_BIRTH_DATE', field: '2010CA DMG02' });

      const present = scrub(cleanClaim({
        patient: { ...patient, birthDate: FIXTURE_PHI.patientBirthDate },
        subscriber: { ...subscriber(), birthDate: undefined, relationship: '19' },
      }));
      expect(present).to.deep.equal([]);
    });

    it('refuses an impossible or future birth date without repeating it', () => {
      const impossible = scrub(cleanClaim({ subscriber: { ...subscriber(), birthDate: '1979-02-29' } }));
      expect(codesOf(impossible)).to.deep.equal(['BIRTH_DATE_INVALID']);
      const future = scrub(cleanClaim({ subscriber: { ...subscriber(), birthDate: '2025-03-15' } }));
      expect(codesOf(future)).to.deep.equal(['BIRTH_DATE_INVALID']);
      expect(future[0].message).not.to.include('2025-03-15');
    });
  });

  describe('frequency', () => {
    it('requires the payer claim number on a replacement (7) or void (8)', () => {
      for (const frequency of ['7', '8'] as const) {
        const edits = scrub(cleanClaim({ frequency }));
        expect(edits, frequency).to.have.length(1);
        expect(edits[0]).to.include({ code: 'FREQ_PAYER_CLAIM_NUMBER', severity: 'error', field: '2300 REF02' });
      }
    });

    it('accepts a replacement that names the original claim', () => {
      expect(scrub(cleanClaim({ frequency: '7', payerClaimNumber: 'ICN-2025-000123' }))).to.deep.equal([]);
    });

    it('refuses a frequency the engine does not support', () => {
      const claim = cleanClaim({ frequency: '5' as never }); // as an unchecked JSON import could carry
      expect(codesOf(scrub(claim))).to.deep.equal(['FREQ_INVALID']);
    });
  });
});
