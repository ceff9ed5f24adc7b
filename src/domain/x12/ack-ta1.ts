// Reads TA1 interchange acknowledgments: did the clearinghouse accept our ISA envelope at all?
import { EnvelopeChecker } from './envelope.js';
import { iterateSegments } from './segments.js';
import { X12Error } from './x12-error.js';
import { optional, required } from './x12-elements.js';

export type AckStatus = 'accepted' | 'accepted-with-errors' | 'rejected';

export interface Ta1Interchange {
  /** TA101: the ISA13 of our interchange being acknowledged. */
  controlNumber: string;
  status: AckStatus;
  /** TA105, e.g. '000' no error, '022' invalid control structure. */
  noteCode: string;
  noteDescription?: string;
  /** TA102 (YYMMDD) and TA103 (HHMM) of our interchange, as sent. */
  interchangeDate?: string;
  interchangeTime?: string;
  position: number;
}

export interface Ta1Ack { kind: 'TA1'; interchanges: Ta1Interchange[] }

const STATUS: Readonly<Record<string, AckStatus>> = { A: 'accepted', E: 'accepted-with-errors', R: 'rejected' };

// X12 TA105 interchange note codes (the common ones), so a work-queue task can say what failed.
const NOTE_CODES: Readonly<Record<string, string>> = {
  '000': 'No error',
  '001': 'Interchange control number in header and trailer do not match',
  '002': 'Standard in the control standards identifier is not supported',
  '003': 'This version of the controls is not supported',
  '004': 'Segment terminator is invalid',
  '005': 'Invalid interchange ID qualifier for sender',
  '006': 'Invalid interchange sender ID',
  '007': 'Invalid interchange ID qualifier for receiver',
  '008': 'Invalid interchange receiver ID',
  '009': 'Unknown interchange receiver ID',
  '010': 'Invalid authorization information qualifier value',
  '011': 'Invalid authorization information value',
  '012': 'Invalid security information qualifier value',
  '013': 'Invalid security information value',
  '014': 'Invalid interchange date value',
  '015': 'Invalid interchange time value',
  '016': 'Invalid interchange standards identifier value',
  '017': 'Invalid interchange version ID value',
  '018': 'Invalid interchange control number value',
  '019': 'Invalid acknowledgment requested value',
  '020': 'Invalid test indicator value',
  '021': 'Invalid number of included groups value',
  '022': 'Invalid control structure',
  '023': 'Improper (premature) end-of-file (transmission)',
  '024': 'Invalid interchange content (e.g. invalid GS segment)',
  '025': 'Duplicate interchange control number',
  '026': 'Invalid data element separator',
  '027': 'Invalid component element separator',
};

export function readTa1(text: string, opts: { file?: string } = {}): Ta1Ack {
  const envelope = new EnvelopeChecker(['TA1'], opts.file);
  const interchanges: Ta1Interchange[] = [];
  for (const seg of iterateSegments(text, opts.file)) {
    envelope.push(seg);
    if (seg.tag !== 'TA1') continue;
    const ctx = { file: opts.file };
    const controlNumber = required(seg, 1, ctx, 'acknowledged interchange control number');
    const code = required(seg, 4, { ...ctx, controlNumber }, 'interchange acknowledgment code');
    const status = STATUS[code];
    if (!status) {
      throw new X12Error({ ...ctx, controlNumber, rule: 'code-value', segment: 'TA1', position: seg.position, element: 'TA104', message: 'TA104 must be A, E or R' });
    }
    const noteCode = required(seg, 5, { ...ctx, controlNumber }, 'interchange note code');
    const ack: Ta1Interchange = { controlNumber, status, noteCode, position: seg.position };
    const description = NOTE_CODES[noteCode];
    if (description) ack.noteDescription = description;
    const date = optional(seg, 2);
    const time = optional(seg, 3);
    if (date) ack.interchangeDate = date;
    if (time) ack.interchangeTime = time;
    interchanges.push(ack);
  }
  envelope.end();
  if (interchanges.length === 0) {
    throw new X12Error({ file: opts.file, rule: 'required-segment', segment: 'TA1', message: 'the file has no TA1 segment' });
  }
  return { kind: 'TA1', interchanges };
}
