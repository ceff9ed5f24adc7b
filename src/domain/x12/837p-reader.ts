// Reads an 837P (005010X222A1) file into domain Claims. It checks structure only (envelopes,
// loops, required elements, amounts); coding rules belong to the scrubber. One incremental reader
// serves both the whole-text read and the streamed read of a stored file, so each claim is handed
// out as soon as it closes and a file of any size is read in bounded memory.
import { Readable } from 'node:stream';
import { segmentBatchesFromStream } from '../remittance/segment-stream.js';
import { Transaction, type ReadClaim } from './837p-transaction.js';
import { EnvelopeChecker } from './envelope.js';
import { iterateSegments, type Delimiters, type Segment } from './segments.js';
import { CompositeReader, type X12Warning } from './x12-elements.js';

export type { ReadClaim } from './837p-transaction.js';

export interface Read837pResult {
  claims: ReadClaim[];
  interchanges: number;
  transactions: number;
  /** Readable oddities, e.g. a component separator different from ISA16. No PHI. */
  warnings: X12Warning[];
}

/**
 * Takes an 837P's segments one at a time and hands out each claim as it closes. Only the open
 * HL chain and the open claim are held, never the claims already handed out.
 */
export class Claims837pReader {
  readonly #file?: string;
  readonly #envelope: EnvelopeChecker;
  readonly warnings: X12Warning[] = [];
  #separators?: Delimiters;
  #tx?: Transaction;

  constructor(opts: { file?: string } = {}) {
    this.#file = opts.file;
    this.#envelope = new EnvelopeChecker(['837P'], opts.file);
  }

  /** The claims this segment closed (usually none). */
  push(seg: Segment): ReadClaim[] {
    this.#envelope.push(seg);
    if (seg.tag === 'ISA') {
      this.#separators = compositeSeparatorsOf(seg);
    } else if (seg.tag === 'ST') {
      this.#tx = new Transaction(seg, { file: this.#file, controlNumber: this.#envelope.transactionControlNumber },
        new CompositeReader(this.#separators!, this.warnings));
    } else if (seg.tag === 'SE') {
      const closed = this.#tx!.finish();
      this.#tx = undefined;
      return closed;
    } else if (this.#tx) {
      return this.#tx.push(seg);
    }
    return NONE;
  }

  /** After the last segment: checks that every envelope was closed. */
  end(): Omit<Read837pResult, 'claims'> {
    this.#envelope.end();
    return { interchanges: this.#envelope.interchanges, transactions: this.#envelope.transactions, warnings: this.warnings };
  }
}

const NONE: ReadClaim[] = [];

/**
 * The separators a composite reader needs, as the interchange's ISA declares them: ISA16, and
 * ISA11 unless it is a standards id (before 5010). The element separator and the segment
 * terminator never occur inside an element once the tokenizer has split it.
 */
function compositeSeparatorsOf(isa: Segment): Delimiters {
  const repetition = isa.elements[11] ?? '';
  return { element: '', segment: '', component: isa.elements[16] ?? '', repetition: /^[A-Za-z0-9 ]?$/.test(repetition) ? '' : repetition };
}

export function read837p(text: string, opts: { file?: string } = {}): Read837pResult {
  const reader = new Claims837pReader(opts);
  const claims: ReadClaim[] = [];
  for (const seg of iterateSegments(text, opts.file)) {
    const closed = reader.push(seg);
    if (closed.length > 0) claims.push(...closed);
  }
  return { claims, ...reader.end() };
}

/**
 * The streamed read: text pieces in (e.g. a stored file's slices, decoded), claims out in
 * batches as they close. Nothing but the open claim and the piece being read is held, so a
 * 100,000-claim file costs no more memory than a small one. Envelope errors surface at the end.
 */
export async function* stream837pClaims(pieces: AsyncIterable<string>, opts: { file?: string } = {}): AsyncGenerator<ReadClaim[]> {
  const reader = new Claims837pReader(opts);
  for await (const batch of segmentBatchesFromStream(Readable.from(pieces, { objectMode: true }), opts.file)) {
    let closed: ReadClaim[] = NONE;
    for (const seg of batch) {
      const some = reader.push(seg);
      if (some.length > 0) closed = closed === NONE ? some : [...closed, ...some];
    }
    if (closed.length > 0) yield closed;
  }
  reader.end();
}

