// Reads 999 implementation acknowledgments: per transaction set (AK2/IK5) whether the
// clearinghouse accepted our 837P, with the IK3/IK4 segment and element errors.
import type { AckStatus } from './ack-ta1.js';
import { EnvelopeChecker } from './envelope.js';
import { components, delimitersOf, iterateSegments, type Segment } from './segments.js';
import type { X12Error } from './x12-error.js';
import { elementError, elementName, optional, required, type ElementContext } from './x12-elements.js';

export interface Ack999ElementError {
  /** IK401 as 'element[:component[:repetition]]', e.g. '2' or '5:3'. */
  position: string;
  /** IK402 data element reference number, e.g. '1065'. */
  reference?: string;
  /** IK403 implementation data element syntax error code. */
  code: string;
  // IK404 (a copy of the bad data) is deliberately not kept: it can be patient data.
}

export interface Ack999SegmentError {
  /** IK301 segment id, e.g. 'NM1'. */
  segment: string;
  /** IK302: position of the segment inside OUR transaction set (ST = 1), not in this file. */
  position: number;
  /** IK303 loop id, e.g. '2010BA'. */
  loop?: string;
  /** IK304 implementation segment syntax error code. */
  code: string;
  elements: Ack999ElementError[];
}

export interface Ack999Transaction {
  /** AK1 group control number (our GS06) this transaction belongs to. */
  groupControlNumber: string;
  /** AK201, e.g. '837'. */
  transactionSetId: string;
  /** AK202: our ST02. */
  controlNumber: string;
  status: AckStatus;
  /** IK502..IK506 transaction set syntax error codes. */
  statusCodes: string[];
  errors: Ack999SegmentError[];
}

export interface Ack999Group {
  /** AK102: our GS06. */
  controlNumber: string;
  functionalId: string;
  version?: string;
  status: AckStatus | 'partially-accepted';
  included: number;
  received: number;
  accepted: number;
  /** AK905..AK909 functional group syntax error codes. */
  errorCodes: string[];
}

export interface Ack999 { kind: '999'; groups: Ack999Group[]; transactions: Ack999Transaction[] }

const TRANSACTION_STATUS: Readonly<Record<string, AckStatus>> = {
  A: 'accepted', E: 'accepted-with-errors', R: 'rejected', M: 'rejected', W: 'rejected', X: 'rejected',
};
const GROUP_STATUS: Readonly<Record<string, Ack999Group['status']>> = { ...TRANSACTION_STATUS, P: 'partially-accepted' };

export function read999(text: string, opts: { file?: string } = {}): Ack999 {
  const d = delimitersOf(text, opts.file);
  const envelope = new EnvelopeChecker(['999'], opts.file);
  const result: Ack999 = { kind: '999', groups: [], transactions: [] };
  let group: { controlNumber: string; functionalId: string; version?: string } | undefined;
  let transaction: Ack999Transaction | undefined;
  let segmentError: Ack999SegmentError | undefined;
  for (const seg of iterateSegments(text, opts.file)) {
    envelope.push(seg);
    const ctx: ElementContext = { file: opts.file, controlNumber: envelope.transactionControlNumber };
    switch (seg.tag) {
      case 'AK1':
        group = { functionalId: required(seg, 1, ctx, 'functional identifier code'), controlNumber: required(seg, 2, ctx, 'acknowledged group control number') };
        if (optional(seg, 3)) group.version = optional(seg, 3);
        break;
      case 'AK2':
        if (!group) throw fail(seg, ctx, 'segment-order', undefined, 'AK2 must follow an AK1');
        if (transaction) throw fail(seg, ctx, 'required-segment', undefined, `transaction set ${transaction.controlNumber} (AK2) has no IK5 before the next AK2`);
        transaction = {
          groupControlNumber: group.controlNumber,
          transactionSetId: required(seg, 1, ctx, 'acknowledged transaction set id'),
          controlNumber: required(seg, 2, ctx, 'acknowledged transaction set control number'),
          status: 'accepted', statusCodes: [], errors: [],
        };
        segmentError = undefined;
        break;
      case 'IK3':
        if (!transaction) throw fail(seg, ctx, 'segment-order', undefined, 'IK3 must follow an AK2');
        segmentError = {
          segment: required(seg, 1, ctx, 'segment id in error'),
          position: wholeNumber(seg, 2, ctx),
          code: optional(seg, 4) ?? '',
          elements: [],
        };
        if (optional(seg, 3)) segmentError.loop = optional(seg, 3);
        transaction.errors.push(segmentError);
        break;
      case 'IK4': {
        if (!segmentError) throw fail(seg, ctx, 'segment-order', undefined, 'IK4 must follow an IK3');
        const error: Ack999ElementError = {
          position: components(required(seg, 1, ctx, 'element position in segment'), d).filter((p) => p !== '').join(':'),
          code: required(seg, 3, ctx, 'element syntax error code'),
        };
        const reference = optional(seg, 2);
        if (reference) error.reference = reference;
        segmentError.elements.push(error);
        break;
      }
      case 'IK5': {
        if (!transaction) throw fail(seg, ctx, 'segment-order', undefined, 'IK5 must follow an AK2');
        transaction.status = status(seg, ctx, TRANSACTION_STATUS, 'IK501');
        transaction.statusCodes = codes(seg, 2, 6);
        result.transactions.push(transaction);
        transaction = undefined;
        segmentError = undefined;
        break;
      }
      case 'AK9':
        if (!group) throw fail(seg, ctx, 'segment-order', undefined, 'AK9 must follow an AK1');
        if (transaction) throw fail(seg, ctx, 'required-segment', undefined, `transaction set ${transaction.controlNumber} (AK2) has no IK5`);
        result.groups.push({
          ...group,
          status: status(seg, ctx, GROUP_STATUS, 'AK901'),
          included: wholeNumber(seg, 2, ctx),
          received: wholeNumber(seg, 3, ctx),
          accepted: wholeNumber(seg, 4, ctx),
          errorCodes: codes(seg, 5, 9),
        });
        group = undefined;
        break;
      case 'SE':
        if (transaction) throw fail(seg, ctx, 'required-segment', undefined, `transaction set ${transaction.controlNumber} (AK2) has no IK5`);
        if (group) throw fail(seg, ctx, 'required-segment', undefined, 'the AK1 group response has no AK9');
        break;
      default:
        break; // CTX and anything else: context we do not need
    }
  }
  envelope.end();
  return result;
}

function status<T>(seg: Segment, ctx: ElementContext, table: Readonly<Record<string, T>>, element: string): T {
  const code = required(seg, 1, ctx, 'acknowledgment code');
  const value = table[code];
  if (value === undefined) throw fail(seg, ctx, 'code-value', element, `${element} (acknowledgment code) is not a code this reader knows`);
  return value;
}

function codes(seg: Segment, from: number, to: number): string[] {
  const found: string[] = [];
  for (let n = from; n <= to; n += 1) {
    const code = optional(seg, n);
    if (code) found.push(code);
  }
  return found;
}

function wholeNumber(seg: Segment, n: number, ctx: ElementContext): number {
  const text = required(seg, n, ctx, 'count or position');
  if (!/^\d+$/.test(text)) throw fail(seg, ctx, 'element-format', elementName(seg, n), `${elementName(seg, n)} must be a whole number`);
  return Number(text);
}

function fail(seg: Segment, ctx: ElementContext, rule: string, element: string | undefined, message: string): X12Error {
  return elementError(ctx, seg, rule, message, element);
}
