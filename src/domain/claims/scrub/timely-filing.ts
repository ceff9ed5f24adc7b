// Timely filing: a payer denies, without appeal, a claim that reaches it after its filing window,
// so the scrubber stops a late claim and warns while there is still time to send it.
import type { Claim } from '../claim.js';
import { fromEpochDay, requireEpochDay, toEpochDay } from '../../calendar-date.js';
import { validServiceDates } from './service-dates.js';
import { editFor, rule, type ClaimEdit, type ScrubContext } from './types.js';

export const TIMELY_FILING_PASSED = rule('TIMELY_FILING_PASSED', 'error',
  "The payer's filing deadline (earliest date of service + the payer's timely-filing days) has not passed.");
export const TIMELY_FILING_NEAR = rule('TIMELY_FILING_NEAR', 'warning',
  "The payer's filing deadline is within the payer's warning window; send the claim now.");

export const TIMELY_FILING_RULES = [TIMELY_FILING_PASSED, TIMELY_FILING_NEAR] as const;

/** Last day the payer accepts the claim, or undefined when no date of service is valid. */
export function filingDeadline(claim: Claim, timelyFilingDays: number): string | undefined {
  const days = validServiceDates(claim).map((d) => toEpochDay(d)!);
  if (days.length === 0) return undefined; // DATE_* edits explain why
  return fromEpochDay(Math.min(...days) + timelyFilingDays);
}

/** Where the earliest date of service sits, so the edit points at the date that starts the clock. */
function earliestServiceDateField(claim: Claim): { field: string; line?: number } {
  const earliest = validServiceDates(claim).reduce((a, b) => (b < a ? b : a));
  const line = (claim.lines ?? []).find((l) => l.serviceDate === earliest);
  return line ? { field: '2400 DTP03', line: line.lineNumber } : { field: '2300 DTP03' };
}

// The same window is applied to replacement and void claims (frequency 7/8). Some payers give
// corrections their own window counted from the original's adjudication; that would be a
// further PayerRules field.
export function checkTimelyFiling(claim: Claim, ctx: ScrubContext): ClaimEdit[] {
  const today = requireEpochDay(ctx.today, 'ScrubContext.today');
  const { timelyFilingDays, closeDeadlineWarningDays } = ctx.payerRules;
  const deadline = filingDeadline(claim, timelyFilingDays);
  if (deadline === undefined) return [];
  const daysLeft = toEpochDay(deadline)! - today;
  const { field, line } = earliestServiceDateField(claim);
  // The deadline is the last day a claim may arrive: filing on the deadline itself is on time.
  if (daysLeft < 0) {
    return [editFor(TIMELY_FILING_PASSED, field,
      `The filing deadline ${deadline} (${timelyFilingDays} days from the earliest date of service) passed ${-daysLeft} day(s) ago; the payer will deny this claim as late unless proof of timely filing exists.`, line)];
  }
  if (daysLeft <= closeDeadlineWarningDays) {
    const when = daysLeft === 0 ? 'today' : `in ${daysLeft} day(s)`;
    return [editFor(TIMELY_FILING_NEAR, field,
      `The filing deadline ${deadline} (${timelyFilingDays} days from the earliest date of service) is ${when}; submit the claim before then.`, line)];
  }
  return [];
}
