// Entry points for reading an 835 file: whole text in memory (readEra), or streamed claim by claim
// so a 100 MB file never sits in memory (streamEra / readEraStream). Both run the same assembler.
import { iterateSegments, type Segment } from '../x12/segments.js';
import { EraAssembler, type EraAssemblerOptions, type EraEvent } from './era-assembler.js';
import { segmentBatchesFromStream } from './segment-stream.js';
import type {
  RemittanceClaim, RemittanceHeader, RemittanceTransaction, RemittanceTransactionSummary,
} from './remittance.js';

export type ReadEraOptions = EraAssemblerOptions;

export interface EraFile {
  file?: string;
  transactions: RemittanceTransaction[];
}

/** Reads a whole 835 in memory; throws X12Error (envelope, format or balancing) on the first problem. */
export function readEra(text: string, options: ReadEraOptions = {}): EraFile {
  return readEraSegments(iterateSegments(text, options.file), options);
}

/** Same as readEra over segments that are already tokenized. */
export function readEraSegments(segments: Iterable<Segment>, options: ReadEraOptions = {}): EraFile {
  const assembler = new EraAssembler(options);
  const collector = new TransactionCollector();
  for (const segment of segments) collector.add(assembler.push(segment));
  assembler.end();
  return { file: options.file, transactions: collector.transactions };
}

/** Bytes or text of an 835 (e.g. fs.createReadStream), or segments tokenized elsewhere. */
export type EraStreamInput = NodeJS.ReadableStream | AsyncIterable<Segment> | Iterable<Segment>;

/**
 * Streams the events of an 835: each transaction's header, then its claims one by one (each
 * already line- and claim-balanced), then its summary once the transaction has balanced.
 * A later error still rejects the whole file, so callers must stage what they receive and post
 * only after the stream has ended without error.
 */
export async function* streamEra(input: EraStreamInput, options: ReadEraOptions = {}): AsyncGenerator<EraEvent> {
  const assembler = new EraAssembler(options);
  for await (const batch of segmentBatches(input, options.file)) {
    for (const event of eventsOf(batch, assembler)) yield event;
  }
  assembler.end();
}

export interface EraStreamHandlers {
  onHeader?(header: RemittanceHeader): void | Promise<void>;
  /** Awaited before the next segment is read, so a slow consumer slows the reader (backpressure). */
  onClaim?(claim: RemittanceClaim, header: RemittanceHeader): void | Promise<void>;
  onTransaction?(summary: RemittanceTransactionSummary): void | Promise<void>;
}

export interface EraStreamResult {
  file?: string;
  transactions: RemittanceTransactionSummary[];
}

/** Callback form of streamEra; resolves with the summaries once the whole file has read and balanced. */
export async function readEraStream(
  input: EraStreamInput, options: ReadEraOptions & EraStreamHandlers = {},
): Promise<EraStreamResult> {
  const transactions: RemittanceTransactionSummary[] = [];
  const deliver = (event: EraEvent): unknown => {
    if (event.type === 'header') return options.onHeader?.(event.header);
    if (event.type === 'claim') return options.onClaim?.(event.claim, event.header);
    transactions.push(event.summary);
    return options.onTransaction?.(event.summary);
  };
  // Not built on streamEra: its await per event is avoidable here, where only a handler that
  // returns a promise needs waiting for.
  const assembler = new EraAssembler(options);
  for await (const batch of segmentBatches(input, options.file)) {
    for (const event of eventsOf(batch, assembler)) {
      const handled = deliver(event);
      if (isThenable(handled)) await handled;
    }
  }
  assembler.end();
  return { file: options.file, transactions };
}

/**
 * Segments in batches, so that a byte stream costs one await per chunk rather than one per segment.
 * Segments already in memory (or tokenized lazily) form a single batch.
 */
async function* segmentBatches(input: EraStreamInput, file?: string): AsyncGenerator<Iterable<Segment>> {
  if (isByteStream(input)) yield* segmentBatchesFromStream(input, file);
  else if (isIterable(input)) yield input;
  else for await (const segment of input) yield [segment];
}

/**
 * The events of a batch, lazily: the next segment is pushed only when the caller asks for the next
 * event, so a handler that is still busy with a claim holds the reader back (backpressure), and an
 * error comes only after the claims before it have been handed out.
 */
function* eventsOf(batch: Iterable<Segment>, assembler: EraAssembler): Generator<EraEvent> {
  for (const segment of batch) {
    const events = assembler.push(segment);
    for (let i = 0; i < events.length; i += 1) yield events[i];
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

class TransactionCollector {
  readonly transactions: RemittanceTransaction[] = [];
  #open?: RemittanceTransaction;

  add(events: readonly EraEvent[]): void {
    for (const event of events) {
      if (event.type === 'header') {
        this.#open = { ...event.header, claims: [], providerAdjustments: [] };
      } else if (event.type === 'claim') {
        this.#open?.claims.push(event.claim);
      } else if (this.#open) {
        this.#open.providerAdjustments = event.summary.providerAdjustments;
        this.transactions.push(this.#open);
        this.#open = undefined;
      }
    }
  }
}

function isByteStream(input: EraStreamInput): input is NodeJS.ReadableStream {
  return typeof (input as { pipe?: unknown }).pipe === 'function';
}

function isIterable(input: EraStreamInput): input is Iterable<Segment> {
  return typeof (input as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}
