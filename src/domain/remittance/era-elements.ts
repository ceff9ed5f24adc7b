// Element-level reading for the 835: amounts, dates, codes and composites, each failing with an
// X12Error that names the transaction, claim, segment, position and element but never a value
// that could be patient data.
import { AmountFormatError, parseCents } from '../money.js';
import type { Segment } from '../x12/segments.js';
import { X12Error } from '../x12/x12-error.js';
import type { EraWarning, ProcedureCode } from './remittance.js';

/** Where the reader is, for error messages: file, ST control number, claim control number. */
export interface EraContext {
  file?: string;
  controlNumber?: string;   // ST02
  claim?: string;           // CLP01: our claim control number, not PHI
  /** Receives problems that do not reject the file; without it they are dropped. */
  warn?: (warning: EraWarning) => void;
}

function warn(ctx: EraContext, seg: Segment, rule: string, message: string, element?: string): void {
  ctx.warn?.({ rule, segment: seg.tag, position: seg.position, element,
    message: ctx.claim === undefined ? message : `claim ${ctx.claim}: ${message}` });
}

export function elementName(tag: string, n: number, component?: number): string {
  const base = `${tag}${String(n).padStart(2, '0')}`;
  return component === undefined ? base : `${base}-${component}`;
}

export function eraError(
  ctx: EraContext, seg: Pick<Segment, 'tag' | 'position'> | undefined, rule: string, message: string, element?: string,
): X12Error {
  return new X12Error({
    rule,
    segment: seg?.tag,
    position: seg?.position,
    element,
    controlNumber: ctx.controlNumber,
    file: ctx.file,
    message: ctx.claim === undefined ? message : `claim ${ctx.claim}: ${message}`,
  });
}

/** Element n trimmed, or undefined when empty or absent. */
export function optionalText(seg: Segment, n: number): string | undefined {
  const value = (seg.elements[n] ?? '').trim();
  return value === '' ? undefined : value;
}

export function requiredText(seg: Segment, n: number, ctx: EraContext, what: string): string {
  const value = optionalText(seg, n);
  if (value === undefined) {
    const name = elementName(seg.tag, n);
    throw eraError(ctx, seg, 'required-element', `${name} (${what}) is missing`, name);
  }
  return value;
}

export function requiredCode<T extends string>(
  seg: Segment, n: number, ctx: EraContext, what: string, allowed: readonly T[],
): T {
  const value = requiredText(seg, n, ctx, what);
  if (!(allowed as readonly string[]).includes(value)) {
    const name = elementName(seg.tag, n);
    throw eraError(ctx, seg, 'code-value', `${name} (${what}) is not one of ${allowed.join(', ')}`, name);
  }
  return value as T;
}

export function requiredAmount(seg: Segment, n: number, ctx: EraContext, what: string): number {
  return toCents(seg, n, ctx, requiredText(seg, n, ctx, what), what);
}

export function optionalAmount(seg: Segment, n: number, ctx: EraContext, what: string): number | undefined {
  const text = optionalText(seg, n);
  return text === undefined ? undefined : toCents(seg, n, ctx, text, what);
}

function toCents(seg: Segment, n: number, ctx: EraContext, text: string, what: string): number {
  const plain = plainCents(text);
  if (plain !== undefined) return plain;
  try {
    return parseCents(text);
  } catch (error) {
    if (!(error instanceof AmountFormatError)) throw error;
    const name = elementName(seg.tag, n);
    throw eraError(ctx, seg, 'amount', `${name} (${what}) is not a valid amount: ${error.message}`, name);
  }
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
 * two digits; undefined for anything else, which parseCents then reads or rejects. Nearly every
 * amount in a remittance is plain, and reading it digit by digit costs far less than parseCents'
 * regular expression. At most 15 digits of cents stay exact integers, so no float is involved.
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

/**
 * CCYYMMDD → 'YYYY-MM-DD', checking the calendar. A bad date is left out with a warning rather
 * than rejecting the file: posting is decided by amounts, and a sample payer file really carries
 * BPR16 '20002316'. Dates that posting depends on must be checked by the caller.
 */
export function optionalDate(seg: Segment, n: number, ctx: EraContext, what: string): string | undefined {
  const text = optionalText(seg, n);
  if (text === undefined) return undefined;
  const iso = isoDate(text);
  if (iso === undefined) {
    const name = elementName(seg.tag, n);
    warn(ctx, seg, 'date', `${name} (${what}) is not a valid date CCYYMMDD; left out`, name);
  }
  return iso;
}

const CCYYMMDD = /^\d{8}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isoDate(text: string): string | undefined {
  if (!CCYYMMDD.test(text)) return undefined;
  // Checked by arithmetic (Gregorian leap years): building a Date per date was a hot spot.
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return day > days ? undefined : `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

/** Separators a composite may use, read from the ISA (ISA16 component, ISA11 repetition). */
export interface CompositeSeparators {
  component: string;
  repetition: string;
}

// Some payers write composites with a component separator other than ISA16 (one sample uses '>'
// while ISA16 is ':'). When the declared separator is absent, a punctuation character right after
// a two-character qualifier is taken as the separator: rejecting those files would quarantine
// real payments for a cosmetic fault, while a genuinely bare qualifier still fails below.
const FALLBACK_SEPARATOR = /^[A-Z0-9]{2}([^A-Za-z0-9\s.\-])/;

export function splitComposite(
  value: string, separators: CompositeSeparators, onFallback?: (used: string) => void,
): string[] {
  if (separators.component !== '' && value.includes(separators.component)) return value.split(separators.component);
  const fallback = FALLBACK_SEPARATOR.exec(value)?.[1];
  if (fallback !== undefined && fallback !== separators.repetition) {
    onFallback?.(fallback);
    return value.split(fallback);
  }
  return [value];
}

/** splitComposite that records the use of another separator as a warning. */
export function readComposite(
  seg: Segment, n: number, ctx: EraContext, separators: CompositeSeparators, value: string,
): string[] {
  return splitComposite(value, separators, (used) => {
    const name = elementName(seg.tag, n);
    warn(ctx, seg, 'component-separator',
      `${name} uses '${used}' as component separator while ISA16 declares '${separators.component}'`, name);
  });
}

/** Reads SVC01 / SVC06: qualifier, procedure code and up to four modifiers. */
export function procedureComposite(
  seg: Segment, n: number, ctx: EraContext, separators: CompositeSeparators, what: string,
): ProcedureCode {
  const name = elementName(seg.tag, n);
  const value = requiredText(seg, n, ctx, what);
  const parts = readComposite(seg, n, ctx, separators, value).map((part) => part.trim());
  const [qualifier, code = ''] = parts;
  if (parts.length < 2 || code === '') {
    throw eraError(ctx, seg, 'svc-composite',
      `${name} (${what}) must be a composite "qualifier${separators.component}procedure code"; it holds no component `
      + `separator and no procedure code, so the segment is malformed (its elements may be shifted)`, name);
  }
  if (!/^[A-Z0-9]{2}$/.test(qualifier)) {
    throw eraError(ctx, seg, 'svc-composite', `${name}-1 (product/service id qualifier) must be two letters or digits`, `${name}-1`);
  }
  if (parts.length > 7) {
    throw eraError(ctx, seg, 'svc-composite', `${name} has ${parts.length} components; at most 7 are allowed`, name);
  }
  const modifiers = parts.slice(2, 6).filter((m) => m !== '');
  return { qualifier, code, modifiers };
}
