// X12 tokenizer: reads the separators from the ISA and splits a file into segments that keep
// their 1-based position, so every later error can say exactly where the file is wrong.
// (Our own, rather than the x12-parser stream, because we need positions, a synchronous API,
// and errors instead of silently trimmed or mis-split data.)
import { X12Error } from './x12-error.js';

export interface Delimiters {
  element: string;
  component: string;
  /** ISA11; '' when the ISA carries a repetition standards id (e.g. 'U' before 5010). */
  repetition: string;
  segment: string;
}

export interface Segment {
  tag: string;
  /** elements[0] is the tag; elements[1] is XX01. Values are not trimmed. */
  elements: string[];
  /** 1-based segment index in the file. */
  position: number;
}

export const ISA_LENGTH = 106;

// Offsets of the element separator inside a well-formed, fixed-width ISA.
const ISA_SEPARATOR_OFFSETS = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];
const NOT_A_SEPARATOR = /[A-Za-z0-9 ]/;
const SEGMENT_TAG = /^[A-Z][A-Z0-9]{1,2}$/;

/** Reads the separators from a text that starts with the 106-character ISA segment. */
export function readDelimiters(isaText: string, file?: string): Delimiters {
  if (!isaText.startsWith('ISA')) {
    throw new X12Error({ rule: 'isa', segment: 'ISA', position: 1, file, message: 'the file does not start with an ISA segment' });
  }
  if (isaText.length < ISA_LENGTH) {
    throw new X12Error({
      rule: 'isa', segment: 'ISA', position: 1, file,
      message: `the ISA segment is cut short: ${isaText.length} characters, an ISA needs ${ISA_LENGTH}`,
    });
  }
  const element = isaText[3];
  for (const offset of ISA_SEPARATOR_OFFSETS) {
    if (isaText[offset] !== element) {
      const index = ISA_SEPARATOR_OFFSETS.indexOf(offset);
      throw new X12Error({
        rule: 'isa', segment: 'ISA', position: 1, file, element: `ISA${String(index + 1).padStart(2, '0')}`,
        message: 'the ISA is not fixed-width (an element separator is missing where one is required); check the ISA padding',
      });
    }
  }
  let repetition = isaText[82];
  const component = isaText[104];
  const segment = isaText[105];
  // Before 5010, ISA11 is a standards id ('U'), not a separator.
  if (NOT_A_SEPARATOR.test(repetition)) repetition = '';
  const named: Array<[string, string, string]> = [
    ['element', element, 'ISA position 4'],
    ['component', component, 'ISA16'],
    ['segment terminator', segment, 'ISA position 106'],
  ];
  for (const [what, char, where] of named) {
    if (NOT_A_SEPARATOR.test(char)) {
      throw new X12Error({
        rule: 'separators', segment: 'ISA', position: 1, file,
        message: `the ${what} separator taken from ${where} is a letter, digit or space, which cannot be a separator`,
      });
    }
  }
  const all = [element, component, segment, repetition].filter((c) => c !== '');
  if (new Set(all).size !== all.length) {
    throw new X12Error({
      rule: 'separators', segment: 'ISA', position: 1, file,
      message: 'the ISA uses the same character for two different separators',
    });
  }
  return { element, component, repetition, segment };
}

/** Splits a whole file into segments. Tolerates CR/LF after terminators and single-line files. */
export function splitSegments(text: string, file?: string): Segment[] {
  return [...iterateSegments(text, file)];
}

/** Same as splitSegments, lazily. The delimiters are read before the first segment is yielded. */
export function* iterateSegments(text: string, file?: string): Generator<Segment> {
  const { body, delimiters } = prepare(text, file);
  yield* tokenize(body, delimiters, file);
}

/** Reads the delimiters of a file (after a BOM or leading blank lines). */
export function delimitersOf(text: string, file?: string): Delimiters {
  return prepare(text, file).delimiters;
}

export function components(element: string, d: Delimiters): string[] {
  return d.component === '' ? [element] : element.split(d.component);
}

export function repetitions(element: string, d: Delimiters): string[] {
  return d.repetition === '' ? [element] : element.split(d.repetition);
}

/** Element n (1-based) of a segment, '' when absent. */
export function el(seg: Segment, n: number): string {
  return seg.elements[n] ?? '';
}

function prepare(text: string, file?: string): { body: string; delimiters: Delimiters } {
  let body = text.replace(/^\uFEFF/, '').replace(/^[\s]+/, '');
  if (body.length === 0) {
    throw new X12Error({ rule: 'isa', file, message: 'the file is empty: no ISA segment' });
  }
  const delimiters = readDelimiters(body, file);
  // A file whose terminator is a line break may mix CR, LF and CRLF: make them one.
  if (delimiters.segment === '\r' || delimiters.segment === '\n') {
    body = body.replace(/\r\n?/g, '\n');
    delimiters.segment = '\n';
  }
  return { body, delimiters };
}

function* tokenize(body: string, d: Delimiters, file?: string): Generator<Segment> {
  let from = 0;
  let position = 0;
  while (from < body.length) {
    let end = body.indexOf(d.segment, from);
    if (end === -1) end = body.length;
    const raw = body.slice(from, end).replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
    from = end + d.segment.length;
    if (raw.trim() === '') continue;
    position += 1;
    const elements = raw.split(d.element);
    const tag = elements[0];
    if (!SEGMENT_TAG.test(tag)) {
      throw new X12Error({
        rule: 'segment-tag', position, file,
        message: 'a segment does not start with a valid segment tag (2-3 capital letters or digits); the separators in the ISA may not match the file',
      });
    }
    yield { tag, elements, position };
  }
}
