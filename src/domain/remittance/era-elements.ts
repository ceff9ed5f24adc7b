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
    throw eraError(ctx, seg, 'code-value', `${name} (${what}) "${value}" is not one of ${allowed.join(', ')}`, name);
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
  try {
    return parseCents(text);
  } catch (error) {
    if (!(error instanceof AmountFormatError)) throw error;
    const name = elementName(seg.tag, n);
    // The amount itself is not patient data, so it may be quoted.
    throw eraError(ctx, seg, 'amount', `${name} (${what}) is not a valid amount: ${error.message}`, name);
  }
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

export function isoDate(text: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso ? iso : undefined;
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
