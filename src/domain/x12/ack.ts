// One entry point for the claims 'ack' job: tells a TA1, 999 or 277CA file apart and reads it.
import { read277ca, type Ack277ca } from './ack-277ca.js';
import { read999, type Ack999 } from './ack-999.js';
import { readTa1, type Ta1Ack } from './ack-ta1.js';
import { iterateSegments } from './segments.js';
import { X12Error } from './x12-error.js';

export type Acknowledgment = Ta1Ack | Ack999 | Ack277ca;

export function readAcknowledgment(text: string, opts: { file?: string } = {}): Acknowledgment {
  for (const seg of iterateSegments(text, opts.file)) {
    if (seg.tag === 'TA1') return readTa1(text, opts);
    if (seg.tag === 'ST') {
      const type = seg.elements[1];
      if (type === '999') return read999(text, opts);
      if (type === '277') return read277ca(text, opts);
      throw new X12Error({ file: opts.file, rule: 'transaction-type', segment: 'ST', position: seg.position, element: 'ST01',
        message: `transaction set ${type ?? '(empty)'} is not an acknowledgment (TA1, 999 or 277CA)` });
    }
  }
  throw new X12Error({ file: opts.file, rule: 'required-segment', message: 'the file has neither a TA1 nor an ST segment' });
}
