// Element-level helpers shared by the X12 readers: required values, amounts, dates and
// composites, each failing with an X12Error that names segment, position and element.
import { AmountFormatError, parseCents } from '../money.js';
import { components, type Delimiters, type Segment } from './segments.js';
import { X12Error } from './x12-error.js';

/** Something odd but readable (e.g. a component separator that differs from ISA16). */
export interface X12Warning {
  rule: string;
  segment: string;
  position: number;
  element?: string;
  message: string;
}

/** Where the reader is: used to fill X12Error context. */
export interface ElementContext {
  file?: string;
  /** ST02 (or CLM01 inside a claim) to name in errors. */
  controlNumber?: string;
}

export function elementName(seg: Segment, n: number, component?: number): string {
  const base = `${seg.tag}${String(n).padStart(2, '0')}`;
  return component === undefined ? base : `${base}-${component}`;
}

export function optional(seg: Segment, n: number): string | undefined {
  const value = (seg.elements[n] ?? '').trim();
  return value === '' ? undefined : value;
}

export function required(seg: Segment, n: number, ctx: ElementContext, what: string): string {
  const value = optional(seg, n);
  if (value === undefined) {
    throw new X12Error({ ...ctx, rule: 'required-element', segment: seg.tag, position: seg.position,
      element: elementName(seg, n), message: `${what} (${elementName(seg, n)}) is required but empty` });
  }
  return value;
}

/** An X12 "R" amount as integer cents; the value is not echoed in the error (it could be anything). */
export function amount(seg: Segment, n: number, ctx: ElementContext, what: string): number {
  const text = required(seg, n, ctx, what);
  try {
    return parseCents(text);
  } catch (error) {
    if (!(error instanceof AmountFormatError)) throw error;
    throw new X12Error({ ...ctx, rule: 'amount', segment: seg.tag, position: seg.position, element: elementName(seg, n),
      message: `${what} (${elementName(seg, n)}) is not a decimal amount` });
  }
}

export function decimalQuantity(seg: Segment, n: number, ctx: ElementContext, what: string): number {
  const text = required(seg, n, ctx, what);
  if (!/^\d{1,9}(\.\d{1,6})?$|^\.\d{1,6}$/.test(text)) {
    throw new X12Error({ ...ctx, rule: 'quantity', segment: seg.tag, position: seg.position, element: elementName(seg, n),
      message: `${what} (${elementName(seg, n)}) is not a positive decimal quantity` });
  }
  return Number(text);
}

/** CCYYMMDD -> 'YYYY-MM-DD'; throws without echoing the value (it may be a birth date). */
export function isoDate(text: string, seg: Segment, element: string, ctx: ElementContext): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) {
    const [, y, m, d] = match;
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    if (date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d)) return `${y}-${m}-${d}`;
  }
  throw new X12Error({ ...ctx, rule: 'date-format', segment: seg.tag, position: seg.position, element,
    message: `${element} is not a valid CCYYMMDD date` });
}

/** DTP-style date: DTP02 is D8 (one date) or RD8 (CCYYMMDD-CCYYMMDD). */
export function dateOrRange(seg: Segment, qualifierAt: number, valueAt: number, ctx: ElementContext): { start: string; end?: string } {
  const format = required(seg, qualifierAt, ctx, 'date format qualifier');
  const text = required(seg, valueAt, ctx, 'date');
  const valueName = elementName(seg, valueAt);
  if (format === 'D8') return { start: isoDate(text, seg, valueName, ctx) };
  if (format === 'RD8') {
    const [from, to, extra] = text.split('-');
    if (to === undefined || extra !== undefined) {
      throw new X12Error({ ...ctx, rule: 'date-format', segment: seg.tag, position: seg.position, element: valueName,
        message: `${valueName} must be CCYYMMDD-CCYYMMDD for format RD8` });
    }
    const start = isoDate(from, seg, valueName, ctx);
    const end = isoDate(to, seg, valueName, ctx);
    return end === start ? { start } : { start, end };
  }
  throw new X12Error({ ...ctx, rule: 'date-format', segment: seg.tag, position: seg.position, element: elementName(seg, qualifierAt),
    message: `${elementName(seg, qualifierAt)} must be D8 or RD8` });
}

/**
 * Splits composites. Some senders use a component separator other than ISA16 (one public
 * sample writes '>' while ISA16 is ':'). When a composite that must have two or more components
 * does not split on ISA16 but contains exactly one kind of punctuation, that character is taken
 * as the transaction's component separator from then on and a warning is recorded.
 */
export class CompositeReader {
  #separator: string;

  constructor(private readonly delimiters: Delimiters, private readonly warnings: X12Warning[]) {
    this.#separator = delimiters.component;
  }

  get separator(): string {
    return this.#separator;
  }

  /** A composite that must have at least `min` components (e.g. CLM05, SV101, HI01). */
  required(seg: Segment, n: number, ctx: ElementContext, what: string, min = 2): string[] {
    const value = required(seg, n, ctx, what);
    let parts = this.#split(value);
    if (parts.length < min) {
      const other = this.#detect(value);
      if (other) {
        this.warnings.push({ rule: 'component-separator', segment: seg.tag, position: seg.position, element: elementName(seg, n),
          message: `${elementName(seg, n)} uses '${other}' as component separator while ISA16 is '${this.delimiters.component}'; reading the rest of the transaction set with '${other}'` });
        this.#separator = other;
        parts = this.#split(value);
      }
    }
    if (parts.length < min) {
      throw new X12Error({ ...ctx, rule: 'composite', segment: seg.tag, position: seg.position, element: elementName(seg, n),
        message: `${what} (${elementName(seg, n)}) must be a composite of at least ${min} components separated by '${this.#separator}' (ISA16)` });
    }
    return parts.map((p) => p.trim());
  }

  /** A composite that may have a single component (e.g. SV107 pointers '1' or '1:2'). */
  optional(seg: Segment, n: number): string[] {
    const value = optional(seg, n);
    return value === undefined ? [] : this.#split(value).map((p) => p.trim());
  }

  #split(value: string): string[] {
    return components(value, { ...this.delimiters, component: this.#separator });
  }

  #detect(value: string): string | undefined {
    const d = this.delimiters;
    const candidates = new Set([...value].filter((c) => /[^A-Za-z0-9 .\-]/.test(c) && c !== d.element && c !== d.segment && c !== d.repetition));
    return candidates.size === 1 ? [...candidates][0] : undefined;
  }
}
