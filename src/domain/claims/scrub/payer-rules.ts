// Payer-specific edits driven by config/payer-rules.ts data: which modifiers a payer refuses,
// which procedures it wants a modifier on, and how many lines it accepts per claim.
import { PAYER_RULES, type PayerRules, type PayerRulesTable } from '../../../../config/payer-rules.js';
import type { Claim } from '../claim.js';
import { modifierField } from './procedure-rules.js';
import { editFor, rule, type ClaimEdit, type ScrubContext } from './types.js';

export type { PayerRules, PayerRulesTable } from '../../../../config/payer-rules.js';

export const PAYER_MAX_LINES = rule('PAYER_MAX_LINES', 'error',
  'The claim has no more service lines than the payer accepts per claim.');
export const PAYER_MODIFIER_REFUSED = rule('PAYER_MODIFIER_REFUSED', 'error',
  'No line carries a modifier the payer refuses.');
export const PAYER_MODIFIER_REQUIRED = rule('PAYER_MODIFIER_REQUIRED', 'error',
  'Procedures the payer pays only with a modifier carry one of the required modifiers.');

export const PAYER_RULE_EDITS = [PAYER_MAX_LINES, PAYER_MODIFIER_REFUSED, PAYER_MODIFIER_REQUIRED] as const;

/** The default rules with the payer's own entry laid over them (only the keys it names). */
export function resolvePayerRules(payerId: string, rules: PayerRulesTable = PAYER_RULES): PayerRules {
  const own = Object.hasOwn(rules.byPayerId, payerId) ? rules.byPayerId[payerId] : undefined;
  const merged: PayerRules = { ...rules.default };
  for (const [key, value] of Object.entries(own ?? {})) {
    // An explicit `undefined` in an override must not erase the default.
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

export function checkPayerRules(claim: Claim, ctx: ScrubContext): ClaimEdit[] {
  const rules = ctx.payerRules;
  const lines = claim.lines ?? [];
  const edits: ClaimEdit[] = [];
  if (lines.length > rules.maxLinesPerClaim) {
    edits.push(editFor(PAYER_MAX_LINES, 'LX',
      `The claim has ${lines.length} service lines; this payer accepts at most ${rules.maxLinesPerClaim} per claim. Split the claim.`));
  }
  const refused = new Set(rules.refusedModifiers);
  for (const line of lines) {
    const modifiers = line.modifiers ?? [];
    modifiers.forEach((modifier, index) => {
      if (refused.has(modifier)) {
        edits.push(editFor(PAYER_MODIFIER_REFUSED, modifierField(index),
          `Line ${line.lineNumber}: this payer does not accept modifier ${modifier}.`, line.lineNumber));
      }
    });
    for (const requirement of rules.modifierRequirements) {
      if (!requirement.procedures.includes(line.procedure)) continue;
      if (requirement.anyOf.some((m) => modifiers.includes(m))) continue;
      edits.push(editFor(PAYER_MODIFIER_REQUIRED, 'SV101-3',
        `Line ${line.lineNumber}: this payer requires a ${requirement.reason} on procedure ${line.procedure} (one of ${requirement.anyOf.join(', ')}).`,
        line.lineNumber));
    }
  }
  return edits;
}
