// The intake's first look at a file: which kind of X12 it is, read from its first few KB through
// the same tokenizer (byte-order mark, separators) and envelope checker (GS08, TA1) the readers
// run, so intake labels a file as exactly what its reader will take it for.
import { EnvelopeChecker } from './envelope.js';
import type { X12FileKind } from './implementation-guides.js';
import { SegmentTokenizer, withoutLeadingBlanks } from './segments.js';

const EVERY_KIND: readonly X12FileKind[] = ['837P', '835', '999', '277CA', 'TA1'];

/**
 * The kind named by the first functional group's GS08, or TA1 for an interchange acknowledgment;
 * undefined when the head is not X12 the engine reads (no ISA, bad separators, another guide).
 * `head` is the start of the file decoded as latin1 (or UTF-8); a segment cut off at its end is ignored.
 */
export function x12FileKindOf(head: string): X12FileKind | undefined {
  const tokenizer = new SegmentTokenizer();
  const envelope = new EnvelopeChecker(EVERY_KIND);
  try {
    for (const segment of tokenizer.push(head)) {
      envelope.push(segment);
      if (envelope.kind) return envelope.kind;
    }
  } catch {
    return undefined; // the reader will say what is wrong, with the file's id
  }
  return undefined;
}

/** The first character of a file after what may precede its content (a byte-order mark, blank lines). */
export function firstCharacter(head: string): string | undefined {
  return withoutLeadingBlanks(head)[0];
}
