import { expect } from 'chai';
import type { ServiceLine } from '../../../../src/domain/claims/claim.js';
import { cleanClaim, cleanLine, codesOf, scrub, TODAY } from './claim-fixture.js';

const oneLine = (overrides: Partial<ServiceLine>) => cleanClaim({ lines: [cleanLine(overrides)] });

describe('scrub: dates of service', () => {
  it('accepts a date of service today, and a range ending today', () => {
    expect(scrub(oneLine({ serviceDate: TODAY }))).to.deep.equal([]);
    expect(scrub(oneLine({ serviceDate: '2025-03-10', serviceDateEnd: TODAY }))).to.deep.equal([]);
  });

  it('refuses a date after today', () => {
    const edits = scrub(oneLine({ serviceDate: '2025-03-15' }));
    expect(edits).to.have.length(1);
    expect(edits[0]).to.include({ code: 'DATE_FUTURE', field: '2400 DTP03', line: 1 });
  });

  it('refuses impossible calendar dates and other shapes', () => {
    for (const serviceDate of ['2025-02-29', '2024-13-01', '2025-3-3', '20250303', '2025-03-00']) {
      const edits = scrub(oneLine({ serviceDate }));
      expect(codesOf(edits), serviceDate).to.deep.equal(['DATE_INVALID']);
    }
    expect(scrub(oneLine({ serviceDate: '2024-02-29', serviceDateEnd: '2024-02-29' }), { payerRules: longWindow() }))
      .to.deep.equal([]); // a leap day is a real date
  });

  it('refuses an end date before the start date', () => {
    const edits = scrub(oneLine({ serviceDate: '2025-03-05', serviceDateEnd: '2025-03-04' }));
    expect(edits).to.have.length(1);
    expect(edits[0]).to.include({ code: 'DATE_RANGE', line: 1 });
  });

  it('checks the end date itself, and the claim-level date', () => {
    expect(codesOf(scrub(oneLine({ serviceDateEnd: '2025-03-20' })))).to.deep.equal(['DATE_FUTURE']);
    const edits = scrub(cleanClaim({ serviceDate: '2025-04-31' }));
    expect(edits).to.have.length(1);
    expect(edits[0]).to.include({ code: 'DATE_INVALID', field: '2300 DTP03' });
  });

  it('requires a date on every line', () => {
    expect(codesOf(scrub(oneLine({ serviceDate: '' })))).to.deep.equal(['DATE_MISSING']);
  });
});

function longWindow() {
  return { timelyFilingDays: 10_000, closeDeadlineWarningDays: 14, maxLinesPerClaim: 50, refusedModifiers: [], modifierRequirements: [] };
}
