// Rules of sending claims to a clearinghouse that need no database: the batch's file name, and
// what happens to a claim the 837P writer refuses (an edit and a claim-edit task instead of a blocked batch).
import type { FollowUpTaskInput } from '../tasks/follow-up.js';
import type { X12Error } from '../x12/x12-error.js';
import type { Claim } from './claim.js';
import { filingDeadline } from './scrub/timely-filing.js';

export const WRITE_837P_CODE = 'X12_WRITE';

export function submissionFileName(payerCode: string, controlNumber: number): string {
  return `837P-${payerCode.replace(/[^A-Za-z0-9]/g, '')}-${controlNumber}.837`;
}

/** The edit that tells a person why the writer refused the claim (segment and rule, no PHI). */
export function unwritableClaimEdit(error: X12Error): { code: string; severity: 'error'; field: string; line: null; message: string } {
  return { code: WRITE_837P_CODE, severity: 'error', field: (error.element ?? error.segment ?? '').slice(0, 20), line: null, message: error.detail };
}

export function unwritableClaimTask(held: { id: number; payerDbId: number; timelyFilingDays: number; claim: Claim }): FollowUpTaskInput {
  return {
    type: 'claim-edit', subjectType: 'claim', subjectId: held.id, reasonCodes: [WRITE_837P_CODE],
    amountAtRiskCents: held.claim.chargeCents, deadline: filingDeadline(held.claim, held.timelyFilingDays) ?? null,
    payerId: held.payerDbId,
  };
}
