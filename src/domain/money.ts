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
  return plainCents(text) ?? decimalCents(text);
}

const MINUS = 45;
const DOT = 46;
const ZERO = 48;

function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : -1; // NaN past the end fails the test too
}

/**
 * The cents of a plain amount: an optional '-', 1 to 13 digits, and optionally a '.' with one or
 * two digits; undefined for anything else, which decimalCents then reads or rejects. Nearly every
 * amount in a remittance is plain, and reading it digit by digit costs far less than a regular
 * expression (an 835 of 100 MB holds millions). At most 15 digits of cents stay exact integers.
 */
function plainCents(text: string): number | undefined {
  const negative = text.charCodeAt(0) === MINUS;
  let i = negative ? 1 : 0;
  let whole = 0;
  for (let d = digitAt(text, i); d !== -1; d = digitAt(text, i)) {
    whole = whole * 10 + d;
    i += 1;
  }
  const wholeDigits = negative ? i - 1 : i;
  if (wholeDigits === 0 || wholeDigits > 13) return undefined;
  let fraction = 0;
  if (i < text.length) {
    const tenths = digitAt(text, i + 1);
    const hundredths = text.length === i + 3 ? digitAt(text, i + 2) : 0;
    if (text.charCodeAt(i) !== DOT || tenths === -1 || hundredths === -1 || text.length > i + 3) return undefined;
    fraction = tenths * 10 + hundredths;
  }
  const cents = whole * 100 + fraction;
  return negative && cents !== 0 ? -cents : cents;
}

function decimalCents(text: string): number {
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
