// Streams the segments of a large X12 file (a 100 MB 835, a 44 MB 837P) in bounded memory. The
// tokenizing itself is the one SegmentTokenizer that whole-text readers use too, so a stream and
// the same bytes read whole give the same segments, positions and errors. Segments are handed out
// in batches, one per input chunk, because an await per segment cost more than the tokenizing
// itself on large files.
import { StringDecoder } from 'node:string_decoder';
import { SegmentTokenizer, type Segment } from '../x12/segments.js';

/**
 * Yields the segments of an X12 byte (or text) stream in batches, one batch per input chunk (never
 * an empty one), with the same 1-based positions as iterateSegments gives for the whole text. The
 * segments before a bad one are still handed out, then the error is thrown. The input is
 * destroyed on an error or an early stop.
 */
export async function* segmentBatchesFromStream(input: NodeJS.ReadableStream, file?: string): AsyncGenerator<Segment[]> {
  const decoder = new StringDecoder('utf8');
  const tokenizer = new SegmentTokenizer(file);
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
