// Whether an 835 transaction is a payment we already hold. A payer's trace number (TRN02, under
// TRN03) names one payment; the same trace with the same payment is a copy (a duplicate, nothing
// posted), the same trace with another payment is a conflict a person must settle (refused).
import { formatDollars } from '../money.js';
import type { RemittanceHeader } from './remittance.js';

/** What makes a payment this payment: its trace key and the BPR amount, method, date and payee. */
export interface PaymentIdentity {
  /** remittanceKeyOf: payer (TRN03) + trace number (TRN02). */
  remittanceKey: string;
  /** BPR02, negative for a debit (BPR03 = D). */
  paymentCents: number;
  /** BPR04: ACH, CHK, NON, ... */
  method: string;
  /** BPR16, else DTM*405 (the production date): null when the 835 gives neither. */
  date: string | null;
  /** N1*PE: NPI, else tax id, else N104; null when not given (and on rows stored before it was kept). */
  payeeId: string | null;
}

/** An earlier remittance with the same trace key, as stored. */
export interface EarlierPayment extends PaymentIdentity {
  remittanceId: number;
  fileId: number;
}

export type PaymentVerdict =
  | { kind: 'new' }
  | { kind: 'duplicate'; earlier: EarlierPayment }
  | { kind: 'conflict'; earlier: EarlierPayment; differences: string[] };

export function paymentIdentityOf(header: RemittanceHeader, remittanceKey: string): PaymentIdentity {
  const { payment, payee } = header;
  return {
    remittanceKey,
    paymentCents: payment.creditDebit === 'D' ? -payment.amountCents : payment.amountCents,
    method: payment.method,
    date: payment.date ?? header.productionDate ?? null,
    payeeId: payee.npi ?? payee.taxId ?? payee.id ?? null,
  };
}

/**
 * What the differences between two payments under one trace are, in words for the person who
 * settles the conflict (amounts, dates, ids: no patient data). None means the same payment.
 * A payee missing on either side (a row stored before payees were kept) is not a difference.
 */
export function paymentDifferences(earlier: PaymentIdentity, incoming: PaymentIdentity): string[] {
  const differences: string[] = [];
  if (earlier.paymentCents !== incoming.paymentCents) {
    differences.push(`payment ${formatDollars(incoming.paymentCents)} (earlier ${formatDollars(earlier.paymentCents)})`);
  }
  if (earlier.method !== incoming.method) differences.push(`method ${incoming.method} (earlier ${earlier.method})`);
  if (earlier.date !== incoming.date) differences.push(`date ${incoming.date ?? 'none'} (earlier ${earlier.date ?? 'none'})`);
  if (earlier.payeeId !== null && incoming.payeeId !== null && earlier.payeeId !== incoming.payeeId) {
    differences.push(`payee ${incoming.payeeId} (earlier ${earlier.payeeId})`);
  }
  return differences;
}

/** New, a copy of the earlier payment under this trace, or another payment under the same trace. */
export function paymentVerdict(incoming: PaymentIdentity, earlier: EarlierPayment | undefined): PaymentVerdict {
  if (!earlier) return { kind: 'new' };
  const differences = paymentDifferences(earlier, incoming);
  return differences.length === 0 ? { kind: 'duplicate', earlier } : { kind: 'conflict', earlier, differences };
}

/**
 * Why a transaction was refused, naming the file by id, the transaction by ST02 and segment
 * position, and the remittance that holds the trace already.
 */
export function conflictReason(
  where: { fileId: number; controlNumber: string; position: number; traceNumber: string },
  verdict: Extract<PaymentVerdict, { kind: 'conflict' }>,
): string {
  return `file ${where.fileId}, transaction ST02 ${where.controlNumber} (segment ST at position ${where.position}): trace ${where.traceNumber}`
    + ` of this payer is already remittance ${verdict.earlier.remittanceId} (file ${verdict.earlier.fileId}) with another payment: `
    + `${verdict.differences.join(', ')}; refused, nothing posted [rule same-trace-other-payment]`;
}
