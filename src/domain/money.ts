// Money is integer cents everywhere. X12 and user input arrive as decimal strings; they are
// converted with string arithmetic so that no amount ever passes through a float. Errors do not
// quote the text: in a misaligned file an "amount" can be any field, patient data included, and
// these messages end up in job errors. Callers name the element or field.
import { InputError } from './input-error.js';

export class AmountFormatError extends InputError {
  override name = 'AmountFormatError';
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Parses an X12 decimal ("R" element), e.g. "100", "-12.5", ".75", into integer cents. */
export function parseCents(text: string): number {
  const match = DECIMAL.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new AmountFormatError('not a decimal amount');
  }
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) {
    throw new AmountFormatError('the amount has fractions of a cent');
  }
  const cents = Number(whole || '0') * 100 + Number((fraction + '00').slice(0, 2));
  if (!Number.isSafeInteger(cents)) throw new AmountFormatError('the amount is too large');
  return sign === '-' && cents !== 0 ? -cents : cents;
}

/** Formats cents as an X12 decimal: no trailing zeros, no leading "+" ("100", "12.5", "-0.07"). */
export function formatX12Amount(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

/** Formats cents for people: "1,234.50", "-0.07". */
export function formatDollars(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export function assertCents(value: number): void {
  if (!Number.isSafeInteger(value)) throw new AmountFormatError(`not a whole number of cents: ${value}`);
}

export function sumCents(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
