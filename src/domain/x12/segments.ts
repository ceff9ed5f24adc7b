// X12 tokenizer: reads the separators from the ISA and splits a file into segments that keep
// their 1-based position, so every later error can say exactly where the file is wrong. One
// tokenizer serves whole texts (837P, acknowledgments, readEra) and byte streams (835 posting,
// streamed 837P import): a whole text is fed to the same incremental SegmentTokenizer in slices,
// so both read the same bytes into the same segments. (Our own, rather than the x12-parser
// package, because we need positions, a synchronous API, and errors instead of silently trimmed
// or mis-split data.)
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
  const repetition = repetitionSeparator(isaText[82]);
  const component = isaText[104];
  const segment = isaText[105];
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

/** ISA11 as a repetition separator: '' before 5010, where ISA11 is a standards id ('U'), not a separator. */
export function repetitionSeparator(isa11: string): string {
  return isa11.length !== 1 || NOT_A_SEPARATOR.test(isa11) ? '' : isa11;
}

/** Splits a whole file into segments. */
export function splitSegments(text: string, file?: string): Segment[] {
  return [...iterateSegments(text, file)];
}

// A whole text is tokenized in slices of this many characters: segments are handed out slice by
// slice, so a large file is never held twice (as text and as segments).
const TEXT_SLICE = 1 << 16;

/**
 * Same as splitSegments, lazily (slice by slice), through the same SegmentTokenizer that reads
 * streams. The delimiters are read before the first segment is yielded; the segments before a
 * bad one are yielded before its error is thrown.
 */
export function* iterateSegments(text: string, file?: string): Generator<Segment> {
  const tokenizer = new SegmentTokenizer(file);
  for (let from = 0; from < text.length; from += TEXT_SLICE) {
    yield* tokenizer.push(text.slice(from, from + TEXT_SLICE));
    tokenizer.throwIfFailed();
  }
  yield* tokenizer.end();
  tokenizer.throwIfFailed();
}

/** Reads the delimiters of a file (after a BOM or leading blank lines), as the tokenizer does. */
export function delimitersOf(text: string, file?: string): Delimiters {
  const head = withoutLeadingBlanks(text.slice(0, 4096));
  if (head === '') throw emptyFile(file);
  return tokenizerDelimiters(readDelimiters(head.slice(0, ISA_LENGTH), file));
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

// A byte-order mark and blank lines before the ISA are not part of the interchange. The BOM is
// U+FEFF when the bytes were decoded as UTF-8 (\s covers it), and the three characters 'ï»¿' when
// they were decoded as latin1, as the stored-file readers do (one byte, one character, so a slice
// boundary never splits one): both are the same three bytes EF BB BF at the start of the file.
const LEADING_BLANKS = /^(?:\s|\u00EF\u00BB\u00BF)+/;

/** The text from its first character that belongs to the interchange (what a file may put before its ISA skipped). */
export function withoutLeadingBlanks(text: string): string {
  return text.replace(LEADING_BLANKS, '');
}

function emptyFile(file?: string): X12Error {
  return new X12Error({ rule: 'isa', file, message: 'the file is empty: no ISA segment' });
}

// A file whose terminator is a line break may mix CR, LF and CRLF: the tokenizer makes them one (LF).
function tokenizerDelimiters(d: Delimiters): Delimiters {
  return d.segment === '\r' || d.segment === '\n' ? { ...d, segment: '\n' } : d;
}

/**
 * The one X12 tokenizer: fed decoded text piece by piece (a whole file in one or more slices, or
 * the chunks of a stream, cut anywhere), it returns the segments each piece completes. Wherever
 * the text is cut, the result is the same. What it does with the bytes:
 * - a UTF-8 byte-order mark and whitespace before the ISA are skipped; the separators come from
 *   the first 106 characters after them (readDelimiters);
 * - line breaks are not data in X12: when the terminator is a line break, CR, LF and CRLF all
 *   end a segment; otherwise every CR and LF is dropped (unless the ISA declares one as a
 *   separator), so a file with a line break after each terminator, or wrapped at a fixed width,
 *   reads as one without;
 * - whitespace between a terminator and the next tag is skipped, blank segments are not counted,
 *   and the last segment may lack its terminator;
 * - element values are kept as written otherwise (ISA06 keeps its padding); the element readers trim;
 * - a later ISA must use the separators of the first one: a file can only be split one way.
 * On a bad segment it returns the segments before it and keeps the error for throwIfFailed, so a
 * caller hands out the good segments first.
 */
export class SegmentTokenizer {
  readonly #file?: string;
  #head = '';
  #delimiters?: Delimiters;
  #lineTerminated = false;
  #dropLineBreaks = false;
  #tail = '';
  #heldCarriageReturn = false;
  #position = 0;
  #failure?: X12Error;

  constructor(file?: string) {
    this.#file = file;
  }

  /** The separators, once the ISA has been read (the segment terminator as the tokenizer uses it). */
  get delimiters(): Delimiters | undefined {
    return this.#delimiters;
  }

  /** The segments completed by the next piece of text. */
  push(text: string): Segment[] {
    if (this.#failure) return [];
    if (this.#delimiters) return this.#split(text, false);
    this.#head = withoutLeadingBlanks(this.#head + text);
    if (this.#head.length < ISA_LENGTH) return [];
    this.#start(readDelimiters(this.#head, this.#file));
    const head = this.#head;
    this.#head = '';
    return this.#split(head, false);
  }

  /** The segments left once the input has ended (the last one may lack its terminator). */
  end(text = ''): Segment[] {
    if (this.#failure) return [];
    if (this.#delimiters) return this.#split(text, true);
    const head = withoutLeadingBlanks(this.#head + text);
    if (head === '') throw emptyFile(this.#file);
    this.#start(readDelimiters(head, this.#file)); // fewer than 106 characters: throws that the ISA is cut short
    return this.#split(head, true);
  }

  /** Throws the error that stopped the last batch short, once its good segments are handed out. */
  throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  #start(delimiters: Delimiters): void {
    this.#delimiters = tokenizerDelimiters(delimiters);
    this.#lineTerminated = this.#delimiters.segment === '\n';
    // Unless a line break is itself a separator (legal, if never seen), it is not data.
    const { element, component, repetition } = this.#delimiters;
    this.#dropLineBreaks = !this.#lineTerminated && ![element, component, repetition].some((c) => c === '\r' || c === '\n');
  }

  #split(text: string, final: boolean): Segment[] {
    const terminator = this.#delimiters!.segment;
    let piece = text;
    if (this.#lineTerminated) {
      // A CR at the end of a piece waits for the next: it may be the first half of a CRLF.
      if (this.#heldCarriageReturn) piece = `\r${piece}`;
      this.#heldCarriageReturn = !final && piece.endsWith('\r');
      if (this.#heldCarriageReturn) piece = piece.slice(0, -1);
      if (piece.includes('\r')) piece = piece.replace(/\r\n?/g, '\n');
    } else if (this.#dropLineBreaks && (piece.includes('\n') || piece.includes('\r'))) {
      piece = piece.replace(/[\r\n]+/g, '');
    }
    let complete: string;
    if (final) {
      complete = this.#tail + piece;
      this.#tail = '';
    } else {
      const end = piece.lastIndexOf(terminator);
      if (end === -1) {
        this.#tail += piece;
        return [];
      }
      complete = this.#tail + piece.slice(0, end);
      this.#tail = piece.slice(end + 1);
    }
    const segments: Segment[] = [];
    try {
      for (const raw of complete.split(terminator)) this.#segment(raw, segments);
    } catch (error) {
      this.#failure = error as X12Error;
    }
    return segments;
  }

  #segment(text: string, segments: Segment[]): void {
    let raw = text;
    if (raw.length === 0) return;
    if (raw.charCodeAt(0) <= 32) {
      raw = raw.trimStart();
      if (raw.length === 0) return; // blank line or spaces between segments
    }
    const d = this.#delimiters!;
    this.#position += 1;
    // Checked before the tag: another element separator would leave 'ISA|00|...' as one "tag".
    if (this.#position > 1 && raw.startsWith('ISA')) this.#checkLaterIsa(raw);
    const elements = raw.split(d.element);
    let tag = elements[0];
    if (!SEGMENT_TAG.test(tag)) {
      tag = tag.trimEnd();
      if (!SEGMENT_TAG.test(tag)) {
        throw new X12Error({
          rule: 'segment-tag', position: this.#position, file: this.#file,
          message: 'a segment does not start with a valid segment tag (2-3 capital letters or digits); the separators in the ISA may not match the file',
        });
      }
      elements[0] = tag;
    }
    segments.push({ tag, elements, position: this.#position });
  }

  #checkLaterIsa(raw: string): void {
    const d = this.#delimiters!;
    let other: Delimiters | undefined;
    try {
      other = readDelimiters(`${raw}${d.segment}`, this.#file);
    } catch {
      other = undefined;
    }
    if (!other || other.element !== d.element || other.component !== d.component || other.repetition !== d.repetition) {
      throw new X12Error({
        rule: 'separators', segment: 'ISA', position: this.#position, file: this.#file,
        message: 'this interchange uses other separators than the first one in the file; send each interchange as its own file',
      });
    }
  }
}
