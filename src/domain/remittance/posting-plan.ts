// Turns one balanced remittance claim (or its PLB amounts, or a claim of nobody's) into the ledger
// entries to write, each with an idempotency key derived from its place in the remittance, so
// posting the same ERA twice yields the same keys; and sums planned entries into the file's totals.
import { sumCents } from '../money.js';
import { classifyCarc, type CarcTable } from './carc.js';
import type {
  Adjustment, AdjustmentGroup, ProviderAdjustment, RemittanceClaim, RemittanceTransaction, ServiceLine,
} from './remittance.js';

export type LedgerEntryKind =
  | 'payment'                // money the payer paid on a line (or the claim-level rest)
  | 'reversal'               // payment taken back by a CLP02 = 22 claim (negative as written)
  | 'contractual'
  | 'denial'
  | 'patient-responsibility'
  | 'other-adjustment'
  | 'provider-adjustment'    // PLB, not tied to a claim
  | 'unapplied';             // CLP04 of a claim we do not know, held until a person applies it

/** How a ledger entry points at our claim line: REF*6R when the payer echoed it, else procedure + date. */
export interface LineReference {
  sequence: number;                 // SVC ordinal within the remittance claim
  lineControlNumber?: string;       // REF*6R
  procedure: string;                // 'HC:99213'
  modifiers: string[];
  serviceDate?: string;             // DTM*472, or DTM*150 when the line carries a period
  /** Our ClaimLine id when the caller matched the line (ctx.matchedLines). */
  claimLineId?: string;
}

export interface PlannedLedgerEntry {
  idempotencyKey: string;
  kind: LedgerEntryKind;
  /**
   * As in the 835: a payment is money received; an adjustment lowers what is owed on the claim.
   * For every claim, payments + adjustments = CLP03 (the claim balancing rule).
   */
  amountCents: number;
  /** Claim-level identity inside the remittance: remittance key + claim ordinal. */
  claimKey: string;
  claimControlNumber: string;       // CLP01
  /** True on every entry of a CLP02 = 22 claim (backs out an earlier posting). */
  reversal: boolean;
  group?: AdjustmentGroup;
  reason?: string;                  // CARC
  description?: string;             // from the CARC table
  recoverability?: number;          // denials: orders the denial worklist
  remarkCodes: string[];            // RARC: LQ*HE on lines, MIA/MOA on claim-level entries
  line?: LineReference;             // undefined for claim-level entries
  /** Segment position in the file, for people tracing an entry back to the 835. */
  sourcePosition: number;
}

export interface PostingContext {
  /** Identifies the remittance across files, e.g. remittanceKeyOf(header): payer id + trace number. */
  remittanceKey: string;
  carcTable: CarcTable;
  /** Our ClaimLine id per remittance line sequence, when the caller matched them. */
  matchedLines?: ReadonlyMap<number, string>;
}

// The idempotency keys, built here only: remittance key + CLP ordinal (+ SVC ordinal + CAS
// position), or + PLB ordinal. A key never changes once entries carry it in a ledger.
export function claimKeyOf(remittanceKey: string, claimSequence: number): string {
  return `${remittanceKey}:clp${claimSequence}`;
}

export function providerAdjustmentKeyOf(remittanceKey: string, plbSequence: number): string {
  return `${remittanceKey}:plb${plbSequence}`;
}

/** Entries for one claim: a payment per paid line, the claim-level payment rest, one per CAS amount. */
export function planRemittancePosting(claim: RemittanceClaim, ctx: PostingContext): PlannedLedgerEntry[] {
  const claimKey = claimKeyOf(ctx.remittanceKey, claim.sequence);
  const reversal = claim.status === '22';
  const claimRemarks = claim.adjudication?.remarkCodes ?? [];
  const base = { claimKey, claimControlNumber: claim.controlNumber, reversal };
  const entries: PlannedLedgerEntry[] = [];
  const payment = (amountCents: number, idempotencyKey: string, sourcePosition: number, remarkCodes: string[], line?: LineReference) => {
    if (amountCents === 0) return; // a zero posts nothing; the other keys do not depend on it
    entries.push({
      claimKey, claimControlNumber: claim.controlNumber, reversal, idempotencyKey, kind: reversal ? 'reversal' : 'payment',
      amountCents, remarkCodes, line, sourcePosition,
    });
  };

  for (const line of claim.lines) {
    const reference = lineReference(line, ctx.matchedLines);
    const lineKey = `${claimKey}:svc${line.sequence}`;
    payment(line.paidCents, `${lineKey}:paid`, line.position, line.remarkCodes, reference);
    for (const adjustment of line.adjustments) {
      entries.push(adjustmentEntry(adjustment, lineKey, base, ctx.carcTable, line.paidCents === 0, line.remarkCodes, reference));
    }
  }
  // What the claim paid beyond (or short of) its lines: all of CLP04 when there are no lines;
  // otherwise the claim-level adjustments' counterpart, so payments always sum to CLP04.
  const linePaid = sumCents(claim.lines.map((l) => l.paidCents));
  payment(claim.paidCents - linePaid, `${claimKey}:paid`, claim.position, claimRemarks);
  for (const adjustment of claim.adjustments) {
    entries.push(adjustmentEntry(adjustment, claimKey, base, ctx.carcTable, claim.paidCents === 0, claimRemarks, undefined));
  }
  return entries.filter((e) => e.amountCents !== 0);
}

/**
 * A claim that matches no claim of ours: its CLP04 is held as one unapplied entry (none when it
 * paid nothing), until a person finds where it belongs.
 */
export function planUnappliedPayment(claim: RemittanceClaim, remittanceKey: string): PlannedLedgerEntry[] {
  if (claim.paidCents === 0) return [];
  const claimKey = claimKeyOf(remittanceKey, claim.sequence);
  return [{
    idempotencyKey: `${claimKey}:unapplied`, kind: 'unapplied', amountCents: claim.paidCents, claimKey,
    claimControlNumber: claim.controlNumber, reversal: claim.status === '22', remarkCodes: [], sourcePosition: claim.position,
  }];
}

/** What a PLB amount needs to be planned (staging keeps just this until the remittance finalizes). */
export type PlannedProviderAdjustment = Pick<ProviderAdjustment, 'sequence' | 'reason' | 'amountCents' | 'position'>;

/** PLB amounts as ledger entries of the remittance itself (positive lowers the payment). */
export function planProviderAdjustments(adjustments: readonly PlannedProviderAdjustment[], remittanceKey: string): PlannedLedgerEntry[] {
  return adjustments.filter((a) => a.amountCents !== 0).map((a) => ({
    idempotencyKey: providerAdjustmentKeyOf(remittanceKey, a.sequence),
    kind: 'provider-adjustment' as const,
    amountCents: a.amountCents,
    claimKey: '',
    claimControlNumber: '',
    reversal: false,
    reason: a.reason,
    remarkCodes: [],
    sourcePosition: a.position,
  }));
}

/** Every entry of a transaction: each claim's, then the provider adjustments. */
export function planTransactionPosting(
  transaction: RemittanceTransaction, ctx: Omit<PostingContext, 'matchedLines'>,
): PlannedLedgerEntry[] {
  return [
    ...transaction.claims.flatMap((claim) => planRemittancePosting(claim, ctx)),
    ...planProviderAdjustments(transaction.providerAdjustments, ctx.remittanceKey),
  ];
}

export interface PostingTotals {
  paidCents: number;               // payments + reversals = sum of CLP04
  contractualCents: number;
  deniedCents: number;
  patientRespCents: number;
  otherAdjustmentCents: number;
  providerAdjustmentCents: number; // sum of PLB as written: positive lowers the payment
  /** paidCents - providerAdjustmentCents: what BPR02 says (negated for a debit). */
  netPaymentCents: number;
  claimsWithDenial: number;
}

export const NO_POSTING: Readonly<PostingTotals> = Object.freeze({
  paidCents: 0, contractualCents: 0, deniedCents: 0, patientRespCents: 0, otherAdjustmentCents: 0,
  providerAdjustmentCents: 0, netPaymentCents: 0, claimsWithDenial: 0,
});

/** The totals of planned entries; a claim held as unapplied counts as paid (the payer paid it). */
export function summarizePosting(entries: Iterable<PlannedLedgerEntry>): PostingTotals {
  const totals: PostingTotals = { ...NO_POSTING };
  // Denied amount per claim, as the denial task counts it (denialOf): a reversal or a negative
  // amount does not make a claim one "with a denial".
  const denied = new Map<string, number>();
  for (const entry of entries) {
    switch (entry.kind) {
      case 'payment':
      case 'reversal':
      case 'unapplied': totals.paidCents += entry.amountCents; break;
      case 'contractual': totals.contractualCents += entry.amountCents; break;
      case 'denial':
        totals.deniedCents += entry.amountCents;
        if (!entry.reversal) denied.set(entry.claimKey, (denied.get(entry.claimKey) ?? 0) + entry.amountCents);
        break;
      case 'patient-responsibility': totals.patientRespCents += entry.amountCents; break;
      case 'other-adjustment': totals.otherAdjustmentCents += entry.amountCents; break;
      case 'provider-adjustment': totals.providerAdjustmentCents += entry.amountCents; break;
    }
  }
  totals.netPaymentCents = totals.paidCents - totals.providerAdjustmentCents;
  totals.claimsWithDenial = [...denied.values()].filter((cents) => cents > 0).length;
  return totals;
}

/**
 * The totals of two sets of entries of different claims (a file summed claim by claim, as it is
 * read, without holding every entry).
 */
export function addPostingTotals(a: Readonly<PostingTotals>, b: Readonly<PostingTotals>): PostingTotals {
  return {
    paidCents: a.paidCents + b.paidCents,
    contractualCents: a.contractualCents + b.contractualCents,
    deniedCents: a.deniedCents + b.deniedCents,
    patientRespCents: a.patientRespCents + b.patientRespCents,
    otherAdjustmentCents: a.otherAdjustmentCents + b.otherAdjustmentCents,
    providerAdjustmentCents: a.providerAdjustmentCents + b.providerAdjustmentCents,
    netPaymentCents: a.netPaymentCents + b.netPaymentCents,
    claimsWithDenial: a.claimsWithDenial + b.claimsWithDenial,
  };
}

function adjustmentEntry(
  adjustment: Adjustment, parentKey: string, base: Pick<PlannedLedgerEntry, 'claimKey' | 'claimControlNumber' | 'reversal'>,
  table: CarcTable, servicePaidNothing: boolean, remarkCodes: string[], line: LineReference | undefined,
): PlannedLedgerEntry {
  // The service's payment decides only for codes the table does not list (carc.ts); a reversal
  // (CLP02 = 22) negates the payment too, so it lands in the category the original posted to.
  const rule = classifyCarc(table, adjustment.group, adjustment.reason, { servicePaidNothing });
  return {
    claimKey: base.claimKey,
    claimControlNumber: base.claimControlNumber,
    reversal: base.reversal,
    idempotencyKey: `${parentKey}:cas${adjustment.casSequence}.${adjustment.triplet}`,
    kind: rule.action,
    amountCents: adjustment.amountCents,
    group: adjustment.group,
    reason: adjustment.reason,
    description: rule.description,
    recoverability: rule.action === 'denial' ? rule.recoverability : undefined,
    remarkCodes,
    line,
    sourcePosition: adjustment.position,
  };
}

function lineReference(line: ServiceLine, matchedLines?: ReadonlyMap<number, string>): LineReference {
  return {
    sequence: line.sequence,
    lineControlNumber: line.lineControlNumber,
    procedure: `${line.procedure.qualifier}:${line.procedure.code}`,
    modifiers: line.procedure.modifiers,
    serviceDate: line.serviceDate ?? line.periodStart,
    claimLineId: matchedLines?.get(line.sequence),
  };
}
