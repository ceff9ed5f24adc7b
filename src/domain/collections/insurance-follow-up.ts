// Insurance follow-up decisions (the daily collections.follow-up job): which claims have waited
// too long for any answer from the payer, and which are near the payer's timely-filing deadline
// without having been accepted. Pure; the repository narrows the office to candidates, these
// functions decide, so the rules are tested with plain dates.
import { addDays, daysBetween } from '../calendar-date.js';
import type { FollowUpTaskInput } from '../tasks/follow-up.js';

/** Reason code of a status inquiry: no 277CA and no 835 since the claim was last sent or chased. */
export const NO_RESPONSE = 'NO-RESPONSE';
/** Reason code of a filing-deadline task. */
export const FILING_DEADLINE = 'FILING-DEADLINE';

/** The last day the payer accepts the claim: earliest date of service + the payer's timely-filing days. */
export function filingDeadlineOf(earliestServiceDate: string, timelyFilingDays: number): string {
  return addDays(earliestServiceDate, timelyFilingDays);
}

/**
 * A claim has waited too long when more than the payer's follow-up days have passed since it was
 * last sent (or last chased by a status inquiry that was closed): sent on day 0 with 30 follow-up
 * days, day 30 is still within the payer's window and day 31 is the first day to call.
 */
export function statusInquiryDue(lastContactDate: string, asOf: string, followUpDays: number): boolean {
  return daysBetween(lastContactDate, asOf) > followUpDays;
}

/**
 * Near: the deadline is `warningDays` away or fewer, or already past (the claim still needs a
 * person: proof of timely filing, or a write-off). Filing on the deadline itself is on time.
 */
export function filingDeadlineNear(deadline: string, asOf: string, warningDays: number): boolean {
  return daysBetween(asOf, deadline) <= warningDays;
}

/** A submitted claim the payer has not answered, as the follow-up job sees it. */
export interface UnansweredClaim {
  claimId: number;
  payerId: number;
  balanceCents: number;
  /** The day it was last sent, or the day the last status inquiry about it was closed, if later. */
  lastContactDate: string;
  followUpDays: number;
  /** Its filing deadline: if the payer never received it, this is the date at stake. */
  filingDeadline: string;
}

/** A claim the payer has not accepted (never acknowledged, never paid or denied). */
export interface UnacceptedClaim {
  claimId: number;
  payerId: number;
  balanceCents: number;
  filingDeadline: string;
  /** The payer's warning window (config payer rules, closeDeadlineWarningDays). */
  warningDays: number;
}

export function statusInquiryTask(claim: UnansweredClaim): FollowUpTaskInput {
  return {
    type: 'claim-status-inquiry', subjectType: 'claim', subjectId: claim.claimId, reasonCodes: [NO_RESPONSE],
    amountAtRiskCents: Math.max(0, claim.balanceCents), deadline: claim.filingDeadline, payerId: claim.payerId,
  };
}

/** Deadline = the filing deadline, so the task's priority rises to full as it nears (config/task-priority.ts). */
export function filingDeadlineTask(claim: UnacceptedClaim): FollowUpTaskInput {
  return {
    type: 'filing-deadline', subjectType: 'claim', subjectId: claim.claimId, reasonCodes: [FILING_DEADLINE],
    amountAtRiskCents: Math.max(0, claim.balanceCents), deadline: claim.filingDeadline, payerId: claim.payerId,
  };
}

/** The follow-up tasks due on `asOf`: status inquiries and filing-deadline warnings. */
export function followUpTasksDue(
  asOf: string, unanswered: readonly UnansweredClaim[], unaccepted: readonly UnacceptedClaim[],
): { inquiries: FollowUpTaskInput[]; deadlines: FollowUpTaskInput[] } {
  return {
    inquiries: unanswered.filter((c) => statusInquiryDue(c.lastContactDate, asOf, c.followUpDays)).map(statusInquiryTask),
    deadlines: unaccepted.filter((c) => filingDeadlineNear(c.filingDeadline, asOf, c.warningDays)).map(filingDeadlineTask),
  };
}

/** The appeal deadline of a denial: the denial's remittance date + the payer's appeal days. */
export function appealDeadlineOf(remittanceDate: string, appealDays: number): string {
  return addDays(remittanceDate, appealDays);
}
