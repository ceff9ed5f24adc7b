// One entry point for the claims 'ack' job: tells a TA1, 999 or 277CA file apart by its envelope
// (the first GS08, or a TA1 before any group) and reads it. Anything else, a 277 claim status
// response (X212) included, is refused by the envelope checker with what it is and what was expected.
import { read277ca, type Ack277ca } from './ack-277ca.js';
import { read999, type Ack999 } from './ack-999.js';
import { readTa1, type Ta1Ack } from './ack-ta1.js';
import { EnvelopeChecker } from './envelope.js';
import type { X12FileKind } from './implementation-guides.js';
import { iterateSegments } from './segments.js';
import { X12Error } from './x12-error.js';

export type Acknowledgment = Ta1Ack | Ack999 | Ack277ca;

export const ACKNOWLEDGMENT_KINDS: readonly X12FileKind[] = ['TA1', '999', '277CA'];

export function readAcknowledgment(text: string, opts: { file?: string } = {}): Acknowledgment {
  const envelope = new EnvelopeChecker(ACKNOWLEDGMENT_KINDS, opts.file);
  for (const seg of iterateSegments(text, opts.file)) {
    envelope.push(seg);
    switch (envelope.kind) {
      case 'TA1': return readTa1(text, opts);
      case '999': return read999(text, opts);
      case '277CA': return read277ca(text, opts);
      default: break;
    }
  }
  envelope.end();
  throw new X12Error({ file: opts.file, rule: 'required-segment', message: 'the file has neither a TA1 nor a functional group (GS)' });
}
