// Shared vocabulary of the claim scrubber: what an edit looks like, what a rule family receives,
// and the catalogue entry that fixes each rule's code and severity in one place.
import type { PayerRules } from '../../../../config/payer-rules.js';
import type { Claim } from '../claim.js';

export type EditSeverity = 'error' | 'warning';

/** One finding on a claim. Messages never carry patient data (names, member ids, birth dates, diagnosis codes). */
export interface ClaimEdit {
  code: string;          // stable, e.g. 'DX_FORMAT'
  severity: EditSeverity;
  message: string;
  field: string;         // X12 position, e.g. 'HI01-2', 'SV101-3', 'CLM02'
  line?: number;         // LX01 of the service line
}

export interface ScrubContext {
  today: string;          // 'YYYY-MM-DD' in the office time zone, supplied by the caller
  payerRules: PayerRules; // already resolved for this claim's payer
}

export interface ScrubRule {
  code: string;
  severity: EditSeverity;
  description: string;
}

/** A rule family: pure, returns its edits in a stable order. */
export type RuleFamily = (claim: Claim, ctx: ScrubContext) => ClaimEdit[];

export function rule(code: string, severity: EditSeverity, description: string): ScrubRule {
  return { code, severity, description };
}

export function editFor(rule: ScrubRule, field: string, message: string, line?: number): ClaimEdit {
  return line === undefined
    ? { code: rule.code, severity: rule.severity, message, field }
    : { code: rule.code, severity: rule.severity, message, field, line };
}

export function isBlank(value: string | undefined | null): boolean {
  return value === undefined || value === null || value.trim() === '';
}
