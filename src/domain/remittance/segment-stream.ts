// Streaming tokenizer for large 835 files. The maintained x12-parser package splits each segment
// into elements and components; this adapter adds what posting needs around it: bounded memory,
// segment positions for errors, separators validated by our ISA reader, raw composites, and errors
// instead of silent mis-splits. It hands segments out in batches, one per input chunk, because an
// await per segment cost more than the tokenizing itself on large files.
import { StringDecoder } from 'node:string_decoder';
import { Segment as X12ParserSegment } from 'x12-parser';
import { ISA_LENGTH, readDelimiters, type Delimiters, type Segment } from '../x12/segments.js';
import { X12Error } from '../x12/x12-error.js';

const SEGMENT_TAG = /^[A-Z][A-Z0-9]{1,2}$/;

/**
 * Yields the segments of an X12 byte (or text) stream in batches, one batch per input chunk (never
 * an empty one), with 1-based positions counted the same way as iterateSegments counts them for a
 * whole text, so both readers name the same position. The segments before a bad one are still
 * handed out, then the error is thrown. The input is destroyed on an error or an early stop.
 */
export async function* segmentBatchesFromStream(input: NodeJS.ReadableStream, file?: string): AsyncGenerator<Segment[]> {
  const decoder = new StringDecoder('utf8');
  const tokenizer = new StreamTokenizer(file);
  try {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      const batch = tokenizer.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (batch.length > 0) yield batch;
      tokenizer.throwIfFailed();
    }
    const batch = tokenizer.end(decoder.end());
    if (batch.length > 0) yield batch;
    tokenizer.throwIfFailed();
  } finally {
    // On an error or an early stop, release the caller's stream (e.g. a file descriptor) too.
    if (!isDestroyed(input)) (input as { destroy?: () => void }).destroy?.();
  }
}

/** Same as segmentBatchesFromStream, one segment at a time. */
export async function* segmentsFromStream(input: NodeJS.ReadableStream, file?: string): AsyncGenerator<Segment> {
  for await (const batch of segmentBatchesFromStream(input, file)) {
    for (const segment of batch) yield segment;
  }
}

function isDestroyed(input: NodeJS.ReadableStream): boolean {
  return (input as { destroyed?: boolean }).destroyed === true;
}

// A BOM and blank lines before the ISA are not part of the interchange (\s covers the BOM too).
function withoutLeadingBlanks(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/^\s+/, '');
}

/**
 * Waits for the ISA before splitting: x12-parser needs the separators, which our ISA reader takes
 * (and validates) from the first 106 characters after a BOM or leading blank lines.
 */
class StreamTokenizer {
  readonly #file?: string;
  #head = '';
  #splitter?: SegmentSplitter;

  constructor(file?: string) {
    this.#file = file;
  }

  /** The segments completed by the next piece of decoded text. */
  push(text: string): Segment[] {
    if (this.#splitter) return this.#splitter.push(text);
    this.#head = withoutLeadingBlanks(this.#head + text);
    if (this.#head.length < ISA_LENGTH) return [];
    this.#splitter = new SegmentSplitter(readDelimiters(this.#head, this.#file), this.#file);
    const head = this.#head;
    this.#head = '';
    return this.#splitter.push(head);
  }

  /** The segments left once the input has ended (the last one may lack its terminator). */
  end(text: string): Segment[] {
    if (this.#splitter) return [...this.#splitter.push(text), ...this.#splitter.end()];
    const head = withoutLeadingBlanks(this.#head + text);
    if (head === '') throw new X12Error({ rule: 'isa', file: this.#file, message: 'the file is empty: no ISA segment' });
    readDelimiters(head, this.#file); // fewer than 106 characters: throws that the ISA is cut short or wrong
    return [];
  }

  /** Throws the error that stopped the last batch short, once its good segments are handed out. */
  throwIfFailed(): void {
    this.#splitter?.throwIfFailed();
  }
}

/**
 * Cuts decoded text into segments as it arrives and keeps the unfinished tail for the next chunk.
 * Line breaks are made uniform first: a file whose terminator is a line break may mix CR, LF and
 * CRLF (all become LF, as in the in-memory tokenizer); in other files CRLF becomes LF, which
 * x12-parser then drops from the elements. A CR at the end of a chunk waits for the next chunk so
 * that a CRLF split across two chunks reads the same as one that is not.
 */
class SegmentSplitter {
  readonly #delimiters: Delimiters;
  readonly #lineBreaks: RegExp;
  readonly #file?: string;
  #tail = '';
  #heldCarriageReturn = false;
  #position = 0;
  #failure?: Error;

  constructor(delimiters: Delimiters, file?: string) {
    const lineTerminated = delimiters.segment === '\r' || delimiters.segment === '\n';
    this.#delimiters = lineTerminated ? { ...delimiters, segment: '\n' } : delimiters;
    this.#lineBreaks = lineTerminated ? /\r\n?/g : /\r\n/g;
    this.#file = file;
  }

  /** The segments completed by this piece of text. */
  push(text: string): Segment[] {
    let normalized = this.#heldCarriageReturn ? `\r${text}` : text;
    this.#heldCarriageReturn = normalized.endsWith('\r');
    if (this.#heldCarriageReturn) normalized = normalized.slice(0, -1);
    normalized = normalized.replace(this.#lineBreaks, '\n');
    const end = normalized.lastIndexOf(this.#delimiters.segment);
    if (end === -1) {
      this.#tail += normalized;
      return [];
    }
    const complete = this.#tail + normalized.slice(0, end);
    this.#tail = normalized.slice(end + 1);
    return this.#tokenize(complete.split(this.#delimiters.segment));
  }

  /** The last segment, which may lack a terminator. */
  end(): Segment[] {
    const last = this.#heldCarriageReturn ? `${this.#tail}\r`.replace(this.#lineBreaks, '\n') : this.#tail;
    this.#tail = '';
    this.#heldCarriageReturn = false;
    return this.#tokenize(last.split(this.#delimiters.segment));
  }

  throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  #tokenize(raws: string[]): Segment[] {
    const segments: Segment[] = [];
    if (this.#failure) return segments;
    try {
      this.#tokenizeInto(raws, segments);
    } catch (error) {
      this.#failure = error as Error;
    }
    return segments;
  }

  #tokenizeInto(raws: string[], segments: Segment[]): void {
    for (const raw of raws) {
      // x12-parser trims the tag and every component and splits every element on the component
      // separator (except in the ISA, whose ISA16 is that separator).
      const parsed = new X12ParserSegment(raw, this.#delimiters);
      const tag = parsed.name;
      const parts = parsed.parsed;
      if (tag === '' && parts.length === 0) continue; // blank line between segments
      this.#position += 1;
      const elements = this.#rawElements(tag, parts);
      this.#check(tag, elements);
      segments.push({ tag, elements, position: this.#position });
    }
  }

  /** The assembler reads composites itself, so put each element's components back together. */
  #rawElements(tag: string, parts: string[][]): string[] {
    const elements = new Array<string>(parts.length + 1);
    elements[0] = tag;
    for (let n = 0; n < parts.length; n += 1) {
      const components = parts[n];
      elements[n + 1] = components.length === 1 ? components[0] : components.join(this.#delimiters.component);
    }
    return elements;
  }

  #check(tag: string, elements: string[]): void {
    const position = this.#position;
    const file = this.#file;
    if (tag.startsWith('ISA') && (tag !== 'ISA' || elements.length !== 17 || elements[16] !== this.#delimiters.component)) {
      throw new X12Error({
        rule: 'separators', segment: 'ISA', position, file,
        message: 'this interchange uses other separators than the first one in the stream; read such files whole (readEra)',
      });
    }
    if (!SEGMENT_TAG.test(tag)) {
      throw new X12Error({
        rule: 'segment-tag', position, file,
        message: 'a segment does not start with a valid segment tag (2-3 capital letters or digits); the separators in the ISA may not match the file',
      });
    }
  }
}
