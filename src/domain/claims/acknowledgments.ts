// What an acknowledgment means for our claims, decided without the database: which submission a
// TA1 or 999 names, the reason codes a rejection carries, each 277CA claim's verdict, and the
// claim-rejection task (a rejected claim was never filed, so its deadline is the filing deadline).
import type { FollowUpTaskInput } from '../tasks/follow-up.js';
import type { Ack277ca } from '../x12/ack-277ca.js';
import type { Ack999Transaction } from '../x12/ack-999.js';
import type { Ta1Interchange } from '../x12/ack-ta1.js';
import type { Claim } from './claim.js';
import { filingDeadline } from './scrub/timely-filing.js';

/**
 * Our submission's control number from an acknowledgment's: we write ISA13 = GS06 = ST02 as one
 * number of at most nine digits, so anything else is not ours.
 */
export function submissionControlNumber(value: string): number | undefined {
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

export function ta1RejectionCodes(interchange: Ta1Interchange): string[] {
  return [`TA1:${interchange.noteCode}`];
}

export function ack999RejectionCodes(transaction: Ack999Transaction): string[] {
  return ['999:R', ...transaction.statusCodes.map((c) => `IK5:${c}`), ...transaction.errors.map((e) => `IK3:${e.segment}:${e.code}`)];
}

export interface ClaimVerdict {
  claimId: number;
  statusCodes: string[];
}

export interface ClaimVerdicts {
  /** Claims the 277CA accepted, each once, with the payer's claim number when it sent one. */
  accept: Array<ClaimVerdict & { payerClaimNumber?: string }>;
  /** Claims the 277CA rejected, each once. */
  reject: ClaimVerdict[];
  /** Accepted entries of claims we know (a claim listed twice counts twice, as it always has). */
  accepted: number;
  /** Entries naming a claim we do not know, or with no category we can read. */
  unmatched: number;
}

/**
 * The claim a 277CA entry (TRN02 = CLM01) names. Our 277CA reader does not read the entry's payer
 * and provider, and one CLM01 can belong to several claims (one per provider and payer): the only
 * claim with it, else the only one of them awaiting an acknowledgment (`submitted`); when that
 * still leaves several, none (counted unmatched) rather than a guess.
 */
export function acknowledgedClaimIds(claims: ReadonlyArray<{ id: number; controlNumber: string; status: string }>): Map<string, number> {
  const byControl = new Map<string, Array<{ id: number; status: string }>>();
  for (const c of claims) byControl.set(c.controlNumber, [...(byControl.get(c.controlNumber) ?? []), c]);
  const ids = new Map<string, number>();
  for (const [controlNumber, candidates] of byControl) {
    const submitted = candidates.filter((c) => c.status === 'submitted');
    if (candidates.length === 1) ids.set(controlNumber, candidates[0].id);
    else if (submitted.length === 1) ids.set(controlNumber, submitted[0].id);
  }
  return ids;
}

/**
 * Each 277CA claim entry's verdict. A claim listed more than once keeps its first verdict: the
 * first one moves it out of `submitted`, so later ones would find nothing to move.
 */
export function claimVerdicts(ack: Ack277ca, claimIds: ReadonlyMap<string, number>): ClaimVerdicts {
  const verdicts: ClaimVerdicts = { accept: [], reject: [], accepted: 0, unmatched: 0 };
  const decided = new Set<number>();
  for (const claim of ack.claims) {
    const claimId = claimIds.get(claim.controlNumber);
    if (claimId === undefined || claim.status === 'unrecognized') {
      verdicts.unmatched += 1;
      continue;
    }
    if (claim.status === 'accepted') verdicts.accepted += 1;
    if (decided.has(claimId)) continue;
    decided.add(claimId);
    if (claim.status === 'accepted') {
      verdicts.accept.push({ claimId, statusCodes: claim.statusCodes, ...(claim.payerClaimNumber ? { payerClaimNumber: claim.payerClaimNumber.slice(0, 50) } : {}) });
    } else {
      verdicts.reject.push({ claimId, statusCodes: claim.statusCodes });
    }
  }
  return verdicts;
}

/** A rejected claim as the task needs it (the stored claim, its payer and filing window). */
export interface RejectedClaim {
  id: number;
  payerDbId: number;
  timelyFilingDays: number;
  claim: Claim;
}

export function claimRejectionTask(rejected: RejectedClaim, reasonCodes: string[]): FollowUpTaskInput {
  return {
    type: 'claim-rejection', subjectType: 'claim', subjectId: rejected.id, reasonCodes,
    amountAtRiskCents: rejected.claim.chargeCents, deadline: filingDeadline(rejected.claim, rejected.timelyFilingDays) ?? null,
    payerId: rejected.payerDbId,
  };
}
