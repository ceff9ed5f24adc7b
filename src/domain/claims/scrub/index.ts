// The claim scrubber: runs every rule family over a claim and returns its edits. Pure: no I/O,
// no clock ("today" and the payer's rules come in the context). Clean = no edit of severity error.
import type { Claim } from '../claim.js';
import { DIAGNOSIS_RULES, checkDiagnoses } from './diagnosis-rules.js';
import { LINE_RULES, checkLines } from './line-rules.js';
import { NPI_RULES, checkBillingNpi } from './npi.js';
import { PAYER_RULE_EDITS, checkPayerRules } from './payer-rules.js';
import { PROCEDURE_RULES, checkProcedures } from './procedure-rules.js';
import { REQUIRED_FIELD_RULES, checkRequiredFields } from './required-fields.js';
import { SERVICE_DATE_RULES, checkServiceDates } from './service-dates.js';
import { TIMELY_FILING_RULES, checkTimelyFiling } from './timely-filing.js';
import type { ClaimEdit, RuleFamily, ScrubContext, ScrubRule } from './types.js';
import { requireEpochDay } from '../../calendar-date.js';

export type { ClaimEdit, EditSeverity, ScrubContext, ScrubRule } from './types.js';
export type { ModifierRequirement, PayerRules, PayerRulesTable } from '../../../../config/payer-rules.js';
export { resolvePayerRules } from './payer-rules.js';
export { isValidNpi } from './npi.js';
export { filingDeadline } from './timely-filing.js';

// Order here is the order edits come out in: claim-level basics first, then diagnoses, lines,
// dates and the payer's own rules.
const RULE_FAMILIES: readonly RuleFamily[] = [
  checkRequiredFields,
  checkBillingNpi,
  checkDiagnoses,
  checkProcedures,
  checkLines,
  checkServiceDates,
  checkTimelyFiling,
  checkPayerRules,
];

/** Every rule the scrubber can report, with its severity, for docs and the README. */
export const SCRUB_RULES: ReadonlyArray<ScrubRule> = Object.freeze([
  ...REQUIRED_FIELD_RULES,
  ...NPI_RULES,
  ...DIAGNOSIS_RULES,
  ...PROCEDURE_RULES,
  ...LINE_RULES,
  ...SERVICE_DATE_RULES,
  ...TIMELY_FILING_RULES,
  ...PAYER_RULE_EDITS,
]);

export function scrubClaim(claim: Claim, ctx: ScrubContext): ClaimEdit[] {
  requireEpochDay(ctx.today, 'ScrubContext.today'); // a bad "today" is the caller's bug: fail loudly
  return RULE_FAMILIES.flatMap((family) => family(claim, ctx));
}

/** A claim is clean, and may be submitted, when no edit is an error; warnings are allowed. */
export function isClean(edits: readonly ClaimEdit[]): boolean {
  return edits.every((edit) => edit.severity !== 'error');
}
