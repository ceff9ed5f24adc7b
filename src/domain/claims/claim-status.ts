// The claim status model: every status a claim can be in, and the named moves between them.
// Services ask for a move by name; the move says which statuses it may start from, so a claim
// in any other status is left alone (which is what makes a redelivered job harmless).

export const CLAIM_STATUSES = [
  'draft', 'ready', 'edits', 'submitted', 'accepted', 'rejected',
  'paid', 'partially-paid', 'denied', 'closed',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface ClaimMove {
  readonly from: readonly ClaimStatus[];
  readonly to: ClaimStatus;
}

/** The moves the claims jobs make (posting moves a claim by its money: see the remittance domain). */
export const CLAIM_MOVES = {
  /** The scrubber found no error. */
  scrubbedClean: { from: ['draft'], to: 'ready' },
  /** The scrubber found errors: a person fixes the claim. */
  scrubbedWithErrors: { from: ['draft'], to: 'edits' },
  /** Written into an 837P batch that is recorded (and then sent). */
  batched: { from: ['ready'], to: 'submitted' },
  /** Passed the scrubber but the 837P writer cannot carry it: back to a person. */
  heldUnwritable: { from: ['ready'], to: 'edits' },
  /** The clearinghouse or payer front end took the claim (277CA A1/A2/A5). */
  acknowledged: { from: ['submitted'], to: 'accepted' },
  /** Refused before adjudication (TA1, 999 or 277CA): the claim was never filed. */
  rejectedByClearinghouse: { from: ['submitted'], to: 'rejected' },
} as const satisfies Record<string, ClaimMove>;

export type ClaimMoveName = keyof typeof CLAIM_MOVES;

export function isClaimStatus(value: string): value is ClaimStatus {
  return (CLAIM_STATUSES as readonly string[]).includes(value);
}

/** Whether the named move applies to a claim in this status. */
export function canMove(status: ClaimStatus, move: ClaimMoveName): boolean {
  return (CLAIM_MOVES[move].from as readonly ClaimStatus[]).includes(status);
}
