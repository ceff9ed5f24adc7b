// What scrubbing decides for a stored claim: its status, its edits and the claim-edit task.
import { expect } from 'chai';
import { PAYER_RULES } from '../../../../config/payer-rules.js';
import { decideScrub, payerRulesFor } from '../../../../src/domain/claims/scrub-decision.js';
import { cleanClaim, cleanLine, TODAY, UNCONFIGURED_PAYER_ID } from './claim-fixture.js';

const stored = (claim = cleanClaim(), timelyFilingDays = 90) => ({ id: 41, payerDbId: 7, timelyFilingDays, claim });

describe('scrub decision', () => {
  it('makes a clean claim ready, with no task', () => {
    const decision = decideScrub(stored(), { today: TODAY, payerRules: PAYER_RULES });
    expect(decision).to.deep.equal({ claimId: 41, status: 'ready', edits: [], errors: 0, warnings: 0 });
  });

  it('keeps a claim with an error in edits, with one claim-edit task naming the error codes, charge and filing deadline', () => {
    const claim = cleanClaim({ lines: [cleanLine({ procedure: '9921X' })] });
    const decision = decideScrub(stored(claim), { today: TODAY, payerRules: PAYER_RULES });
    expect(decision.status).to.equal('edits');
    expect(decision.edits.map((e) => e.code)).to.include('PROC_FORMAT');
    expect(decision.errors).to.equal(decision.edits.filter((e) => e.severity === 'error').length);
    expect(decision.task).to.deep.equal({
      type: 'claim-edit', subjectType: 'claim', subjectId: 41, reasonCodes: decision.edits.filter((e) => e.severity === 'error').map((e) => e.code),
      amountAtRiskCents: claim.chargeCents, deadline: '2025-06-01', payerId: 7,
    });
  });

  it('uses the payer row\'s filing window over the configured one', () => {
    const claim = cleanClaim();
    expect(payerRulesFor(stored(claim, 5), PAYER_RULES).timelyFilingDays).to.equal(5);
    const late = decideScrub(stored(claim, 5), { today: TODAY, payerRules: PAYER_RULES });
    expect(late.status).to.equal('edits');
    expect(late.task).to.deep.include({ reasonCodes: ['TIMELY_FILING_PASSED'], deadline: '2025-03-08' });
    expect(claim.payer.payerId).to.equal(UNCONFIGURED_PAYER_ID);
  });
});
