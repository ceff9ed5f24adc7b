import { expect } from 'chai';
import { isValidNpi } from '../../../../src/domain/claims/scrub/npi.js';
import { cleanClaim, codesOf, scrub } from './claim-fixture.js';

describe('scrub: billing provider NPI', () => {
  it('accepts NPIs whose check digit is right', () => {
    // 1234567893 is the CMS worked example; the others were checked by hand with the
    // 80840-prefixed Luhn sum (e.g. 1234567893: 24 + 9+5+1+6+2 + 8+6+4+2 = 67 -> check 3).
    for (const npi of ['1234567893', '1912301953', '1245319599', '1003000126']) {
      expect(isValidNpi(npi), npi).to.equal(true);
    }
  });

  it('refuses a wrong check digit and anything that is not 10 digits', () => {
    for (const npi of ['1234567890', '1912301950', '123456789', '12345678930', '123456789A', '', ' 1234567893']) {
      expect(isValidNpi(npi), npi).to.equal(false);
    }
  });

  it('flags a mistyped NPI on the claim', () => {
    const edits = scrub(cleanClaim({ billingProvider: { npi: '1234567839', name: 'INVENTED' } }));
    expect(edits).to.have.length(1);
    expect(edits[0]).to.include({ code: 'NPI_CHECK_DIGIT', severity: 'error', field: '2010AA NM109' });
  });

  it('flags an NPI that is not 10 digits, without also checking its digit', () => {
    expect(codesOf(scrub(cleanClaim({ billingProvider: { npi: '12345-6789', name: 'INVENTED' } })))).to.deep.equal(['NPI_FORMAT']);
  });

  it('leaves a missing NPI to REQ_BILLING_NPI', () => {
    expect(codesOf(scrub(cleanClaim({ billingProvider: { npi: '', name: 'INVENTED' } })))).to.deep.equal(['REQ_BILLING_NPI']);
  });
});
