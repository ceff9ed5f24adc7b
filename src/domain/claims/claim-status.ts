// The claim status model: every status a claim can be in, and the named moves between them.
// Services ask for a move by name; the move says which statuses it may start from, and the
// repository moves only claims in one of them, so a redelivered job finds nothing left to move.

export const CLAIM_STATUSES = [
  'draft', 'ready', 'edits', 'submitted', 'accepted', 'rejected',
  'paid', 'partially-paid', 'denied', 'closed',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface ClaimMove {
  readonly from: readonly ClaimStatus[];
  readonly to: ClaimStatus;
}

/**
 * The moves the submit and acknowledgment jobs make. The scrubber moves drafts to ready or edits,
 * and posting moves a claim by its money (claim-money-status.ts, which names the reason each move
 * records); neither has a fixed from-status, so they are not listed here.
 */
export const CLAIM_MOVES = {
  /** Written into an 837P batch that is recorded (and then sent). */
  batched: { from: ['ready'], to: 'submitted' },
  /** Passed the scrubber but the 837P writer cannot carry it: back to a person. */
  heldUnwritable: { from: ['ready'], to: 'edits' },
  /** The clearinghouse or payer front end took the claim (277CA A1/A2/A5). */
  acknowledged: { from: ['submitted'], to: 'accepted' },
  /** Refused before adjudication (TA1, 999 or 277CA): the claim was never filed. */
  rejectedByClearinghouse: { from: ['submitted'], to: 'rejected' },
} as const satisfies Record<string, ClaimMove>;

export function isClaimStatus(value: string): value is ClaimStatus {
  return (CLAIM_STATUSES as readonly string[]).includes(value);
}
