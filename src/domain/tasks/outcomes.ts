// What an outcome a person records on a task sets in motion, and who may record or approve it.
// Pure: the service reads the task, the person and their team, and asks here.
import type { TaskType } from '../../../config/task-types.js';
import type { PersonRole } from '../people/person.js';
import type { ClaimMove } from '../claims/claim-status.js';
import { allowedOutcomesOf } from './task-types.js';

/**
 * The work an outcome causes:
 * - `replacement`: the denied claim goes back out as a replacement (frequency 7, the payer's claim number);
 * - `correction`: a claim that never reached adjudication (edits, rejection) is scrubbed again, then sent;
 * - `override`: the edit is overridden, so the claim is sent as it is (scrubbing would raise the same edit);
 * - `resubmission`: a rejected claim is sent again unchanged;
 * - `appeal`: a follow-up at the time the payer should have answered the appeal;
 * - `secondary`: the claim is billed to the next payer by coverage rank (P, S, T);
 * - `transfer`: the open amount moves to the guarantor's account;
 * - `write-off`: the open amount is written off (above a set amount, once a supervisor approves);
 * - `close`: nothing beyond closing the task.
 */
export type OutcomeFollowUp = 'replacement' | 'correction' | 'override' | 'resubmission' | 'appeal' | 'secondary' | 'transfer' | 'write-off' | 'close';

const BY_OUTCOME: Readonly<Record<string, OutcomeFollowUp>> = {
  'corrected': 'correction',
  'overridden': 'override',
  'resubmitted': 'resubmission',
  'appealed': 'appeal',
  'billed-secondary': 'secondary',
  'transferred-to-patient': 'transfer',
  'written-off': 'write-off',
};

/** The follow-up of an outcome the type allows (check with `isAllowedOutcome` first). */
export function followUpOf(type: TaskType, outcome: string): OutcomeFollowUp {
  if (outcome === 'corrected-and-resubmitted') {
    // A denial was adjudicated: its correction replaces the claim the payer holds. A rejected (or
    // not yet accepted) claim was never filed, so its correction goes out as an original.
    return type === 'denial' ? 'replacement' : 'correction';
  }
  return BY_OUTCOME[outcome] ?? 'close';
}

export function isAllowedOutcome(type: TaskType, outcome: string): boolean {
  return allowedOutcomesOf(type).includes(outcome);
}

/** Follow-ups that act on the task's claim (the task's subject must be a claim). */
export function needsClaim(followUp: OutcomeFollowUp): boolean {
  return followUp !== 'close';
}

/** A write-off above the office's limit waits for a supervisor (0 cents is never above it). */
export function writeOffNeedsApproval(amountCents: number, limitCents: number): boolean {
  return amountCents > limitCents;
}

/** What the one recording an outcome is to the task: its assignee, above them in the chain, or an admin. */
export interface OutcomeActor {
  id: number;
  role: PersonRole;
  /** Everyone below the actor in the reporting chain. */
  teamBelow: readonly number[];
}

/**
 * Who may record an outcome on an assigned task: its assignee; a supervisor or director the
 * assignee reports to (directly or up the chain), who may close a task for someone away; an admin.
 * Anyone else does not learn the task exists.
 */
export function mayRecordOutcome(actor: OutcomeActor, assigneeId: number): boolean {
  if (actor.id === assigneeId || actor.role === 'admin') return true;
  return (actor.role === 'supervisor' || actor.role === 'director') && actor.teamBelow.includes(assigneeId);
}

/**
 * Who may approve (or reject) a write-off waiting for approval: someone the assignee reports to
 * (up the chain), or an admin; never the person who recorded it, even if they are a supervisor.
 */
export function mayApproveWriteOff(actor: OutcomeActor, assigneeId: number, recordedById: number): boolean {
  if (actor.id === recordedById) return false;
  if (actor.role === 'admin') return true;
  return (actor.role === 'supervisor' || actor.role === 'director') && actor.teamBelow.includes(assigneeId);
}

/** The group and reason of a CARC reason code such as 'CO-16' (ledger columns); undefined for other codes. */
export function carcParts(reasonCode: string): { group: string; reason: string } | undefined {
  const match = /^(CO|PR|OA|PI|CR)-([A-Z0-9]{1,5})$/.exec(reasonCode.trim().toUpperCase());
  return match ? { group: match[1], reason: match[2] } : undefined;
}

/** The next payer's coverage rank after `rank` (P, S, T), or undefined after the tertiary. */
export function nextCoverageRank(rank: string): 'S' | 'T' | undefined {
  if (rank === 'P') return 'S';
  if (rank === 'S') return 'T';
  return undefined;
}

/**
 * The claim moves outcomes make (ClaimHistoryRepository.moveEach moves only claims in a
 * from-status, so a claim someone else moved meanwhile is refused rather than dragged back).
 */
export const OUTCOME_CLAIM_MOVES = {
  /** A corrected adjudicated claim goes out again as a replacement (frequency 7), scrubbed first. */
  replacement: { from: ['accepted', 'denied', 'partially-paid', 'paid'], to: 'draft' },
  /** A fixed claim that never reached adjudication (edits, rejection) is scrubbed again. */
  correction: { from: ['edits', 'rejected', 'ready'], to: 'draft' },
  /** The scrubber's edits are overridden: the claim is sent as it is. */
  override: { from: ['edits'], to: 'ready' },
  /** A rejected claim is sent again unchanged. */
  resubmission: { from: ['rejected'], to: 'ready' },
} as const satisfies Record<string, ClaimMove>;
