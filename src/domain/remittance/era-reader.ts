// Entry points for reading an 835 file: whole text in memory (readEra), or streamed claim by claim
// so a 100 MB file never sits in memory (streamEra / readEraStream). Both run the same assembler.
import { iterateSegments, type Segment } from '../x12/segments.js';
import { EraAssembler, type EraAssemblerOptions, type EraEvent } from './era-assembler.js';
import { segmentsFromStream } from './segment-stream.js';
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
  const segments = isByteStream(input) ? segmentsFromStream(input, options.file) : input;
  for await (const segment of segments) yield* assembler.push(segment);
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
  for await (const event of streamEra(input, options)) {
    if (event.type === 'header') await options.onHeader?.(event.header);
    else if (event.type === 'claim') await options.onClaim?.(event.claim, event.header);
    else {
      transactions.push(event.summary);
      await options.onTransaction?.(event.summary);
    }
  }
  return { file: options.file, transactions };
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
