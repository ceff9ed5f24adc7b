// Streaming tokenizer for large 835 files: the maintained x12-parser package splits the byte stream
// (bounded memory); this adapter adds what posting needs from it: segment positions for errors,
// separators validated by our ISA reader, raw composites, and errors instead of silent mis-splits.
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { X12parser } from 'x12-parser';
import { ISA_LENGTH, readDelimiters, type Delimiters, type Segment } from '../x12/segments.js';
import { X12Error } from '../x12/x12-error.js';

type ParsedSegment = Record<string, string> & { name: string };

const SEGMENT_TAG = /^[A-Z][A-Z0-9]{1,2}$/;

/**
 * Yields the segments of an X12 byte (or text) stream with 1-based positions, counted the same way
 * as iterateSegments counts them for a whole text, so both readers name the same position.
 */
export async function* segmentsFromStream(input: NodeJS.ReadableStream, file?: string): AsyncGenerator<Segment> {
  const head: { delimiters?: Delimiters } = {};
  const source = Readable.from(normalizedChunks(input, head, file), { objectMode: false });
  const parser = new X12parser('utf8');
  source.once('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let position = 0;
  try {
    for await (const parsed of parser as AsyncIterable<ParsedSegment>) {
      const delimiters = head.delimiters as Delimiters; // set before the first byte reaches the parser
      const tag = parsed.name;
      if (tag === '' && Object.keys(parsed).length === 1) continue; // blank line between segments
      position += 1;
      const elements = toElements(parsed, delimiters);
      if (tag.startsWith('ISA') && (tag !== 'ISA' || elements.length !== 17 || elements[16] !== delimiters.component)) {
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
      yield { tag, elements, position };
    }
  } finally {
    // On an error or an early stop, release the caller's stream (e.g. a file descriptor) too.
    source.destroy();
    parser.destroy();
    if (!isDestroyed(input)) (input as { destroy?: () => void }).destroy?.();
  }
}

function isDestroyed(input: NodeJS.ReadableStream): boolean {
  return (input as { destroyed?: boolean }).destroyed === true;
}

/**
 * x12-parser reads the separators at fixed offsets of its first chunk, so it must receive a
 * complete ISA first: strip a BOM or leading blank lines, hold data back until 106 characters have
 * arrived, and validate the ISA with our reader. A file whose terminator is a line break may mix
 * CR, LF and CRLF, which become LF as in the in-memory tokenizer.
 */
async function* normalizedChunks(
  input: NodeJS.ReadableStream, head: { delimiters?: Delimiters }, file?: string,
): AsyncGenerator<Buffer> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineTerminated = false;
  const emit = (text: string): Buffer => Buffer.from(lineTerminated ? text.replace(/\r\n?/g, '\n') : text, 'utf8');
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (head.delimiters) {
      if (text !== '') yield emit(text);
      continue;
    }
    pending = (pending + text).replace(/^\uFEFF/, '').replace(/^\s+/, '');
    if (pending.length >= ISA_LENGTH) {
      head.delimiters = readDelimiters(pending, file);
      lineTerminated = head.delimiters.segment === '\r' || head.delimiters.segment === '\n';
      yield emit(pending);
      pending = '';
    }
  }
  const rest = decoder.end();
  if (head.delimiters) {
    if (rest !== '') yield emit(rest);
    return;
  }
  pending = (pending + rest).replace(/^\uFEFF/, '').replace(/^\s+/, '');
  if (pending === '') throw new X12Error({ rule: 'isa', file, message: 'the file is empty: no ISA segment' });
  readDelimiters(pending, file); // throws: the ISA is cut short or wrong
}

/** x12-parser splits every element on the component separator; put the raw element back together. */
function toElements(parsed: ParsedSegment, d: Delimiters): string[] {
  const elements = [parsed.name];
  for (let n = 1; parsed[String(n)] !== undefined; n += 1) {
    const parts = [parsed[String(n)]];
    for (let c = 1; parsed[`${n}-${c}`] !== undefined; c += 1) parts.push(parsed[`${n}-${c}`]);
    elements.push(parts.join(d.component));
  }
  return elements;
}
