// What makes two follow-up tasks "the same" and how urgent a new one is. Pure, so the rules
// are tested without a database.
import { daysBetween } from '../calendar-date.js';

export interface FollowUpTaskInput {
  type: string;                 // denial, claim-edit, quarantined-file, ...
  subjectType: string;          // claim, file, remittance, account
  subjectId: number;
  reasonCodes: string[];        // CARC/RARC, edit codes, STC codes ...
  amountAtRiskCents: number;
  deadline?: string | null;     // 'YYYY-MM-DD': filing or appeal deadline
  requiredSkills?: string[];
  payerId?: number | null;
}

/** Reason codes in a canonical order, so "CO-16,CO-97" and "CO-97,CO-16" are one task. */
export function reasonKey(reasonCodes: string[]): string {
  const unique = [...new Set(reasonCodes.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort();
  return unique.length ? unique.join(',') : '-';
}

export interface PriorityScore {
  score: number;
  parts: { amount: number; deadline: number };
}

/**
 * A first, explainable priority: points for dollars at risk (logarithmic, so a $10,000 denial
 * outranks a $100 one without drowning everything else) plus points as the payer's deadline
 * nears. The tasks issue adds recoverability by reason code.
 */
export function followUpPriority(amountAtRiskCents: number, deadline: string | null | undefined, today: string): PriorityScore {
  const dollars = Math.max(0, amountAtRiskCents) / 100;
  const amount = Math.round(Math.min(60, Math.log10(dollars + 1) * 15));
  let deadlinePoints = 0;
  if (deadline) {
    const daysLeft = daysBetween(today, deadline);
    deadlinePoints = daysLeft <= 0 ? 40 : Math.max(0, Math.round(40 - daysLeft / 3));
  }
  return { score: amount + deadlinePoints, parts: { amount, deadline: deadlinePoints } };
}
