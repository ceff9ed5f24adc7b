// What people must work after a claim is posted: a denial (reason codes and the amount left open),
// an underpayment against the payer's fee schedule, or a remittance that matches no claim of ours.
// Pure decisions; the chunk posting service hands them to the task service (which de-duplicates).
import type { FollowUpTaskInput } from '../tasks/follow-up.js';
import { expectedAllowedCents, type OurClaimLine } from './claim-matching.js';
import type { PlannedLedgerEntry } from './posting-plan.js';
import type { ServiceLine } from './remittance.js';

export interface DenialFinding { reasonCodes: string[]; amountAtRiskCents: number }

/** The claim's denial CARCs ('CO-16') and their total, when the denied amount is positive. */
export function denialOf(entries: readonly PlannedLedgerEntry[]): DenialFinding | undefined {
  const denials = entries.filter((e) => e.kind === 'denial' && !e.reversal);
  const amount = denials.reduce((sum, e) => sum + e.amountCents, 0);
  if (amount <= 0) return undefined;
  return { reasonCodes: [...new Set(denials.map((e) => `${e.group}-${e.reason}`))].sort(), amountAtRiskCents: amount };
}

/** Fee schedule per unit, keyed 'procedure' (any modifier) or 'procedure:modifier'. */
export type FeeSchedule = ReadonlyMap<string, number>;

/**
 * Shortfall of what the payer allowed (paid + patient responsibility) against the fee schedule,
 * summed over the claim's lines that were not denied. Lines without a schedule entry are skipped.
 */
export function underpaymentOf(
  lines: readonly ServiceLine[], entries: readonly PlannedLedgerEntry[], matched: ReadonlyMap<number, OurClaimLine>, fees: FeeSchedule,
): number {
  let shortfall = 0;
  for (const line of lines) {
    const ours = matched.get(line.sequence);
    if (!ours) continue;
    const perUnit = fees.get(`${ours.procedure}:${ours.modifiers[0] ?? ''}`) ?? fees.get(`${ours.procedure}:`);
    if (perUnit === undefined) continue;
    const own = entries.filter((e) => e.line?.sequence === line.sequence);
    if (own.some((e) => e.kind === 'denial' || e.reversal)) continue;
    const allowed = line.paidCents + own.filter((e) => e.kind === 'patient-responsibility').reduce((s, e) => s + e.amountCents, 0);
    const expected = expectedAllowedCents(perUnit, ours.units);
    if (allowed < expected) shortfall += expected - allowed;
  }
  return shortfall;
}

export type PostingTask =
  | { type: 'denial'; claimId: number; payerId: number | null; reasonCodes: string[]; amountAtRiskCents: number; deadline: string | null }
  | { type: 'underpayment'; claimId: number; payerId: number | null; amountAtRiskCents: number; deadline: string | null }
  | { type: 'unmatched-remittance'; remittanceClaimId: number; payerId: number | null; amountAtRiskCents: number; ambiguous?: boolean };

/** The follow-up task a posting finding becomes: its subject and reason codes (its type names the skill). */
export function followUpTaskOf(task: PostingTask): FollowUpTaskInput {
  switch (task.type) {
    case 'denial':
      return { type: 'denial', subjectType: 'claim', subjectId: task.claimId, reasonCodes: task.reasonCodes,
        amountAtRiskCents: task.amountAtRiskCents, deadline: task.deadline, payerId: task.payerId };
    case 'underpayment':
      return { type: 'underpayment', subjectType: 'claim', subjectId: task.claimId, reasonCodes: ['UNDERPAID'],
        amountAtRiskCents: task.amountAtRiskCents, deadline: task.deadline, payerId: task.payerId };
    case 'unmatched-remittance':
      return { type: 'unmatched-remittance', subjectType: 'remittance-claim', subjectId: task.remittanceClaimId,
        // Ambiguous: several claims of ours carry the CLP01 for this payer and payee; none was picked.
        reasonCodes: [task.ambiguous ? 'AMBIGUOUS-CLAIM' : 'NO-MATCHING-CLAIM'], amountAtRiskCents: Math.abs(task.amountAtRiskCents), payerId: task.payerId };
  }
}

/** The payer's appeal deadline from the payment date. */
export function appealDeadline(paymentDate: string | null, appealDays: number | null): string | null {
  if (!paymentDate || appealDays === null) return null;
  const time = Date.parse(`${paymentDate}T00:00:00Z`) + appealDays * 86400000;
  return new Date(time).toISOString().slice(0, 10);
}
