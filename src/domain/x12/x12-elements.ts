// The one element-level reader for every X12 transaction we read (837P, 835, 999, 277CA, TA1):
// required values, codes, amounts, quantities, dates and composites. Each failure is an X12Error
// that names file, control number, segment, position and element, never the value: in a shifted
// or misaligned segment any element can hold a member id, a name or a birth date.
import { isoFromCcyymmdd } from '../calendar-date.js';
import { AmountFormatError, parseCents } from '../money.js';
import { repetitionSeparator, type Delimiters, type Segment } from './segments.js';
import { X12Error } from './x12-error.js';

/** Something odd but readable (e.g. a component separator that differs from ISA16). No PHI. */
export interface X12Warning {
  rule: string;
  segment: string;
  position: number;
  element?: string;
  message: string;
}

/** Where the reader is: fills the X12Error (and warning) context. */
export interface ElementContext {
  file?: string;
  /** ST02 (or CLM01 inside an 837P claim) to name in errors. */
  controlNumber?: string;
  /** The claim being read when it is not the control number (835 CLP01): messages start "claim X: ". */
  claim?: string;
  /** Receives problems that do not reject the file; without it they are dropped. */
  warn?: (warning: X12Warning) => void;
}

/** 'CLM05', or 'CLM05-3' for a component. */
export function elementName(seg: Pick<Segment, 'tag'>, n: number, component?: number): string {
  const base = `${seg.tag}${String(n).padStart(2, '0')}`;
  return component === undefined ? base : `${base}-${component}`;
}

function inClaim(ctx: ElementContext, message: string): string {
  return ctx.claim === undefined ? message : `claim ${ctx.claim}: ${message}`;
}

/** An X12Error at a segment, in the reader's context. The message must not contain element values. */
export function elementError(
  ctx: ElementContext, seg: Pick<Segment, 'tag' | 'position'> | undefined, rule: string, message: string, element?: string,
): X12Error {
  return new X12Error({
    rule, segment: seg?.tag, position: seg?.position, element, controlNumber: ctx.controlNumber, file: ctx.file,
    message: inClaim(ctx, message),
  });
}

/** Records a warning through ctx.warn (if any), in the reader's context. */
export function elementWarning(ctx: ElementContext, seg: Segment, rule: string, message: string, element?: string): void {
  ctx.warn?.({ rule, segment: seg.tag, position: seg.position, element, message: inClaim(ctx, message) });
}

/** Element n trimmed, or undefined when empty or absent. */
export function optional(seg: Segment, n: number): string | undefined {
  const value = seg.elements[n];
  if (value === undefined || value === '') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function required(seg: Segment, n: number, ctx: ElementContext, what: string): string {
  const value = optional(seg, n);
  if (value === undefined) {
    const name = elementName(seg, n);
    throw elementError(ctx, seg, 'required-element', `${name} (${what}) is missing`, name);
  }
  return value;
}

/** A required element that must be one of a fixed set of codes. */
export function requiredCode<T extends string>(seg: Segment, n: number, ctx: ElementContext, what: string, allowed: readonly T[]): T {
  const value = required(seg, n, ctx, what);
  if (!(allowed as readonly string[]).includes(value)) {
    const name = elementName(seg, n);
    throw elementError(ctx, seg, 'code-value', `${name} (${what}) is not one of ${allowed.join(', ')}`, name);
  }
  return value as T;
}

/** An X12 "R" amount as integer cents (never through a float). */
export function amount(seg: Segment, n: number, ctx: ElementContext, what: string): number {
  return toCents(seg, n, ctx, required(seg, n, ctx, what), what);
}

export function optionalAmount(seg: Segment, n: number, ctx: ElementContext, what: string): number | undefined {
  const text = optional(seg, n);
  return text === undefined ? undefined : toCents(seg, n, ctx, text, what);
}

function toCents(seg: Segment, n: number, ctx: ElementContext, text: string, what: string): number {
  try {
    return parseCents(text);
  } catch (error) {
    if (!(error instanceof AmountFormatError)) throw error;
    const name = elementName(seg, n);
    throw elementError(ctx, seg, 'amount', `${name} (${what}) is not a valid amount: ${error.message}`, name);
  }
}

/** A positive decimal quantity (SV104 units), e.g. '1', '2.5', '.25'. */
export function decimalQuantity(seg: Segment, n: number, ctx: ElementContext, what: string): number {
  const text = required(seg, n, ctx, what);
  if (!/^\d{1,9}(\.\d{1,6})?$|^\.\d{1,6}$/.test(text)) {
    const name = elementName(seg, n);
    throw elementError(ctx, seg, 'quantity', `${name} (${what}) is not a positive decimal quantity`, name);
  }
  return Number(text);
}

// Dates. One rule for every transaction: a date the engine acts on (a date of service, a birth
// date, any date read with requiredDate or isoDate) must be a real CCYYMMDD calendar date, or the
// file is rejected with an X12Error naming segment, position and element. Never the value: a
// date next to a member is patient data. Guessing or dropping such a date would bill or post
// against the wrong day. Only dates the engine keeps as hints and never decides on (the 835's
// BPR16 and DTM dates: posting is decided by amounts and control numbers) are read with
// informationalDate, which leaves a bad one out with a warning: rejecting a whole remittance
// for such a date would hold real payments (a published sample really carries BPR16 '20002316').

/** CCYYMMDD -> 'YYYY-MM-DD'; an X12Error (rule date-format) naming `element` when not a real date. */
export function isoDate(text: string, seg: Segment, element: string, ctx: ElementContext): string {
  const iso = isoFromCcyymmdd(text);
  if (iso === undefined) throw elementError(ctx, seg, 'date-format', `${element} is not a valid CCYYMMDD date`, element);
  return iso;
}

/** A required CCYYMMDD element as 'YYYY-MM-DD'. */
export function requiredDate(seg: Segment, n: number, ctx: ElementContext, what: string): string {
  return isoDate(required(seg, n, ctx, what), seg, elementName(seg, n), ctx);
}

/** A CCYYMMDD date the engine never decides on: left out, with a warning, when not a real date. */
export function informationalDate(seg: Segment, n: number, ctx: ElementContext, what: string): string | undefined {
  const text = optional(seg, n);
  if (text === undefined) return undefined;
  const iso = isoFromCcyymmdd(text);
  if (iso === undefined) {
    const name = elementName(seg, n);
    elementWarning(ctx, seg, 'date', `${name} (${what}) is not a valid date CCYYMMDD; left out`, name);
  }
  return iso;
}

/** DTP-style date: the format qualifier is D8 (one date) or RD8 (CCYYMMDD-CCYYMMDD). */
export function dateOrRange(seg: Segment, qualifierAt: number, valueAt: number, ctx: ElementContext): { start: string; end?: string } {
  const format = required(seg, qualifierAt, ctx, 'date format qualifier');
  const text = required(seg, valueAt, ctx, 'date');
  const valueName = elementName(seg, valueAt);
  if (format === 'D8') return { start: isoDate(text, seg, valueName, ctx) };
  if (format === 'RD8') {
    const [from, to, extra] = text.split('-');
    if (to === undefined || extra !== undefined) {
      throw elementError(ctx, seg, 'date-format', `${valueName} must be CCYYMMDD-CCYYMMDD for format RD8`, valueName);
    }
    const start = isoDate(from, seg, valueName, ctx);
    const end = isoDate(to, seg, valueName, ctx);
    return end === start ? { start } : { start, end };
  }
  const qualifierName = elementName(seg, qualifierAt);
  throw elementError(ctx, seg, 'date-format', `${qualifierName} must be D8 or RD8`, qualifierName);
}

/** The separators a composite reader needs (ISA16, ISA11); the others only narrow the guess. */
export type CompositeSeparators = Pick<Delimiters, 'component' | 'repetition'> & Partial<Delimiters>;

/** The composite separators an ISA segment declares (ISA16, ISA11), for readers fed segments. */
export function compositeSeparatorsOf(isa: Segment): CompositeSeparators {
  return { component: isa.elements[16] ?? '', repetition: repetitionSeparator(isa.elements[11] ?? '') };
}

// Characters that are data, never a separator someone used by mistake.
const NOT_A_COMPONENT_SEPARATOR = /[A-Za-z0-9 .\-]/;

/**
 * Splits composites, one reader per transaction set. Some senders use a component separator
 * other than ISA16 (public 837 and 835 samples write '>' while ISA16 is ':'). When a composite
 * that must have more components than it splits into on the current separator contains exactly
 * one kind of punctuation, that character is taken as the transaction set's component separator
 * from then on, and a warning is recorded. Rejecting those files would quarantine real claims
 * and payments for a cosmetic fault; a value with no punctuation, or with two kinds, is not
 * guessed at and stays short, so a genuinely malformed composite still fails.
 */
export class CompositeReader {
  #separator: string;
  readonly #warn: (warning: X12Warning) => void;

  /** `warnings` is a list to append to, or a function that receives each warning. */
  constructor(private readonly delimiters: CompositeSeparators, warnings: X12Warning[] | ((warning: X12Warning) => void)) {
    this.#separator = delimiters.component;
    this.#warn = typeof warnings === 'function' ? warnings : (warning) => { warnings.push(warning); };
  }

  get separator(): string {
    return this.#separator;
  }

  /** The components of a required composite, trimmed, after the separator check; fewer than `min` when it has fewer. */
  split(seg: Segment, n: number, ctx: ElementContext, what: string, min = 2): string[] {
    const value = required(seg, n, ctx, what);
    let parts = this.#split(value);
    if (parts.length < min) {
      const other = this.#detect(value);
      if (other !== undefined) {
        const name = elementName(seg, n);
        this.#warn({ rule: 'component-separator', segment: seg.tag, position: seg.position, element: name,
          message: inClaim(ctx, `${name} uses '${other}' as component separator while ISA16 is '${this.delimiters.component}'; reading the rest of the transaction set with '${other}'`) });
        this.#separator = other;
        parts = this.#split(value);
      }
    }
    return parts.map((p) => p.trim());
  }

  /** A composite that must have at least `min` components (e.g. CLM05, SV101, HI01); rule 'composite' otherwise. */
  required(seg: Segment, n: number, ctx: ElementContext, what: string, min = 2): string[] {
    const parts = this.split(seg, n, ctx, what, min);
    if (parts.length < min) {
      const name = elementName(seg, n);
      throw elementError(ctx, seg, 'composite',
        `${what} (${name}) must be a composite of at least ${min} components separated by '${this.#separator}' (ISA16)`, name);
    }
    return parts;
  }

  /** A composite that may have a single component (e.g. SV107 pointers '1' or '1:2'). */
  optional(seg: Segment, n: number): string[] {
    const value = optional(seg, n);
    return value === undefined ? [] : this.#split(value).map((p) => p.trim());
  }

  #split(value: string): string[] {
    return this.#separator === '' ? [value] : value.split(this.#separator);
  }

  #detect(value: string): string | undefined {
    const d = this.delimiters;
    const candidates = new Set([...value].filter((c) => !NOT_A_COMPONENT_SEPARATOR.test(c)
      && c !== d.element && c !== d.segment && c !== d.repetition && c !== this.#separator));
    return candidates.size === 1 ? [...candidates][0] : undefined;
  }
}
