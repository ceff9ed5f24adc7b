// What scrubbing a stored claim decides: its edits, its next status (clean -> ready, otherwise
// edits) and, when it is not clean, the claim-edit task a person works. Pure: the scrub service
// loads the drafts and has the claims repository apply these decisions in bulk.
import type { FollowUpTaskInput } from '../tasks/follow-up.js';
import type { Claim } from './claim.js';
import { filingDeadline, isClean, resolvePayerRules, scrubClaim, type ClaimEdit, type PayerRules, type PayerRulesTable } from './scrub/index.js';

/** A stored claim as the scrubber needs it: the claim and its payer row's id and filing window. */
export interface ScrubbableClaim {
  id: number;
  payerDbId: number;
  timelyFilingDays: number;
  claim: Claim;
}

export interface ScrubDecision {
  claimId: number;
  status: 'ready' | 'edits';
  edits: ClaimEdit[];
  errors: number;
  warnings: number;
  /** The claim-edit task, for a claim that is not clean. */
  task?: FollowUpTaskInput;
}

/** The payer's rules: config defaults and payer entry, then the payer row's filing window (the office's own setting). */
export function payerRulesFor(stored: Pick<ScrubbableClaim, 'claim' | 'timelyFilingDays'>, table: PayerRulesTable): PayerRules {
  return { ...resolvePayerRules(stored.claim.payer.payerId, table), timelyFilingDays: stored.timelyFilingDays };
}

export function decideScrub(stored: ScrubbableClaim, context: { today: string; payerRules: PayerRulesTable }): ScrubDecision {
  const rules = payerRulesFor(stored, context.payerRules);
  const edits = scrubClaim(stored.claim, { today: context.today, payerRules: rules });
  const errors = edits.filter((e) => e.severity === 'error');
  const decision: ScrubDecision = {
    claimId: stored.id, status: isClean(edits) ? 'ready' : 'edits', edits, errors: errors.length, warnings: edits.length - errors.length,
  };
  if (decision.status === 'edits') {
    decision.task = {
      type: 'claim-edit', subjectType: 'claim', subjectId: stored.id, reasonCodes: errors.map((e) => e.code),
      amountAtRiskCents: stored.claim.chargeCents, deadline: filingDeadline(stored.claim, rules.timelyFilingDays) ?? null,
      payerId: stored.payerDbId,
    };
  }
  return decision;
}
