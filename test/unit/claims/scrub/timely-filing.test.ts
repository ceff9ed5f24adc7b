import { expect } from 'chai';
import { filingDeadline, resolvePayerRules } from '../../../../src/domain/claims/scrub/index.js';
import { cleanClaim, cleanLine, codesOf, scrub } from './claim-fixture.js';

// Default rules: 90 days, warning 14 days before. The fixture's services are on 2025-03-03,
// so the deadline is 2025-06-01.
describe('scrub: timely filing', () => {
  it('computes the deadline from the earliest date of service', () => {
    const claim = cleanClaim({ lines: [cleanLine({ serviceDate: '2025-03-05' }), cleanLine({ lineNumber: 2, serviceDate: '2025-02-27' })], chargeCents: 25_000 });
    expect(filingDeadline(claim, 90)).to.equal('2025-05-28');
    expect(filingDeadline(cleanClaim(), 90)).to.equal('2025-06-01');
    expect(filingDeadline(cleanClaim(), 365)).to.equal('2026-03-03');
  });

  it('is quiet while the deadline is further away than the warning window', () => {
    expect(scrub(cleanClaim(), { today: '2025-05-17' })).to.deep.equal([]); // 15 days left
  });

  it('warns within the window, naming the deadline', () => {
    const edits = scrub(cleanClaim(), { today: '2025-05-18' }); // 14 days left
    expect(edits).to.have.length(1);
    expect(edits[0]).to.include({ code: 'TIMELY_FILING_NEAR', severity: 'warning', field: '2400 DTP03', line: 1 });
    expect(edits[0].message).to.include('2025-06-01').and.include('in 14 day(s)');
  });

  it('still accepts the claim on the deadline day itself, with a warning', () => {
    const edits = scrub(cleanClaim(), { today: '2025-06-01' });
    expect(codesOf(edits)).to.deep.equal(['TIMELY_FILING_NEAR']);
    expect(edits[0].message).to.include('is today');
  });

  it('refuses the claim once the deadline has passed', () => {
    const edits = scrub(cleanClaim(), { today: '2025-06-02' });
    expect(edits).to.have.length(1);
    expect(edits[0]).to.include({ code: 'TIMELY_FILING_PASSED', severity: 'error' });
    expect(edits[0].message).to.include('2025-06-01').and.include('1 day(s) ago');
  });

  it("uses the payer's own window", () => {
    const medicareLike = { ...cleanClaim(), payer: { payerId: '99MCR', name: 'INVENTED MEDICARE' } };
    expect(scrub(medicareLike, { today: '2025-06-02' })).to.deep.equal([]);
    expect(resolvePayerRules('99MCR').timelyFilingDays).to.equal(365);
  });

  it('stays silent when no date of service is valid (the date edits explain)', () => {
    const edits = scrub(cleanClaim({ lines: [cleanLine({ serviceDate: 'soon' })] }), { today: '2030-01-01' });
    expect(codesOf(edits)).to.deep.equal(['DATE_INVALID']);
  });
});
