// A patient's payment as the office takes it: the amount read to cents without floats, the date
// checked against today, the key that makes a retried post find the first one, and how the money
// spreads over a payment plan's installments (oldest first). Pure: tested without a database.
import { BadInputError } from '../../errors.js';
import { isCalendarDate, compareDates } from '../calendar-date.js';
import { parseCents } from '../money.js';

export const PAYMENT_METHODS = ['card', 'check', 'cash', 'ach'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Refused before anything is read or written; the message names the field, never the value's owner. */
export class PaymentInputError extends BadInputError {
  override name = 'PaymentInputError';
}

// Dollars and optional cents, nothing else: no sign, exponent, thousands separator or third decimal.
const PLAIN_AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;

/** "25.00" → 2500. Refuses malformed, negative and zero amounts (a refund is not a payment). */
export function paymentAmountCents(text: string, field = 'amount'): number {
  const trimmed = text.trim();
  if (/^-/.test(trimmed)) throw new PaymentInputError(`${field}: a payment must be more than zero; a refund is not recorded here`);
  if (!PLAIN_AMOUNT.test(trimmed)) throw new PaymentInputError(`${field}: "${text}" is not an amount in dollars and cents (e.g. 25.00)`);
  const cents = parseCents(trimmed);
  if (cents <= 0) throw new PaymentInputError(`${field}: a payment must be more than zero`);
  return cents;
}

export function paymentMethodOf(text: string): PaymentMethod {
  if (!(PAYMENT_METHODS as readonly string[]).includes(text)) {
    throw new PaymentInputError(`method: "${text}" is not one of ${PAYMENT_METHODS.join(', ')}`);
  }
  return text as PaymentMethod;
}

/** The payment's date: a real calendar day, not after today (a payment is recorded once received). */
export function paymentDateOf(text: string, today: string): string {
  if (!isCalendarDate(text)) throw new PaymentInputError(`date: "${text}" is not a date (YYYY-MM-DD)`);
  if (compareDates(text, today) > 0) throw new PaymentInputError(`date: ${text} is after today (${today}); a payment is recorded once received`);
  return text;
}

/** A check number, card authorisation or ACH trace: short printable text. */
export function paymentReferenceOf(text: string): string {
  const reference = text.trim();
  if (!/^[\x21-\x7e][\x20-\x7e]{0,79}$/.test(reference)) {
    throw new PaymentInputError('reference: 1 to 80 printable characters (a check number, card authorisation or trace)');
  }
  return reference;
}

/**
 * What makes two posts the same payment: the client's own key if it sent one, else the method and
 * reference on that account. A retried post with the same key is answered with the first payment.
 */
export function paymentIdempotencyKey(accountId: number, method: PaymentMethod, reference: string, clientKey?: string): string {
  if (clientKey !== undefined) return `account:${accountId}:key:${clientKeyOf(clientKey)}`;
  return `account:${accountId}:${method}:${reference}`;
}

/** The client's own key for a payment: printable, no spaces, at most 100 characters. */
export function clientKeyOf(text: string): string {
  if (!/^[\x21-\x7e]{1,100}$/.test(text)) throw new PaymentInputError('idempotencyKey: 1 to 100 printable characters without spaces');
  return text;
}

export interface OpenInstallment {
  id: number;
  sequence: number;
  amountCents: number;
  paidCents: number;
  status: 'due' | 'paid' | 'missed';
}

export interface InstallmentPayment {
  id: number;
  sequence: number;
  /** What this payment adds to the installment. */
  appliedCents: number;
  paidCents: number;
  status: 'due' | 'paid' | 'missed';
}

/**
 * Spreads a payment over a plan's unpaid installments in sequence order (the oldest first), a
 * missed one included: paying it late still pays it. Money beyond the plan stays on the account.
 */
export function applyToInstallments(installments: readonly OpenInstallment[], cents: number): { applied: InstallmentPayment[]; leftCents: number } {
  let left = cents;
  const applied: InstallmentPayment[] = [];
  for (const i of [...installments].sort((a, b) => a.sequence - b.sequence)) {
    if (left === 0) break;
    const owed = i.amountCents - i.paidCents;
    if (i.status === 'paid' || owed <= 0) continue;
    const share = Math.min(owed, left);
    left -= share;
    const paidCents = i.paidCents + share;
    applied.push({ id: i.id, sequence: i.sequence, appliedCents: share, paidCents, status: paidCents >= i.amountCents ? 'paid' : i.status });
  }
  return { applied, leftCents: left };
}
