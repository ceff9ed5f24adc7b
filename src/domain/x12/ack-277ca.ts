// Reads 277CA claim acknowledgments: for each of our claims (TRN*2 = our CLM01) whether the
// payer front end accepted it into adjudication or rejected it, with every STC status code.
import { EnvelopeChecker } from './envelope.js';
import { delimitersOf, iterateSegments, type Segment } from './segments.js';
import type { X12Error } from './x12-error.js';
import {
  CompositeReader, elementError, optional, optionalAmount, required, type ElementContext, type X12Warning,
} from './x12-elements.js';

export type ClaimAckStatus = 'accepted' | 'rejected' | 'unrecognized';

export interface Ack277caLine {
  /** REF*FJ: our REF*6R line item control number. */
  lineControlNumber?: string;
  statusCodes: string[];
}

export interface Ack277caClaim {
  /** TRN02 of 2200D: our patient control number (CLM01). */
  controlNumber: string;
  /** 'rejected' if any claim-level STC category is A3/A4/A6/A7/A8, 'accepted' if A1/A2/A5, else 'unrecognized'. */
  status: ClaimAckStatus;
  /** Every claim-level STC composite (STC01, STC10, STC11) as 'category:code[:entity]', e.g. 'A7:562:85'. */
  statusCodes: string[];
  /** REF*1K payer claim control number. */
  payerClaimNumber?: string;
  /** REF*D9 clearinghouse trace number. */
  clearinghouseTraceNumber?: string;
  /** STC04 total claim charge, cents. */
  chargeCents?: number;
  lines: Ack277caLine[];
  /** 1-based position of the claim's TRN segment in the file. */
  position: number;
}

/** Status at the information-receiver (2200B) or provider (2200C) level, e.g. batch 'A1:20'. */
export interface Ack277caLevelStatus { level: 'receiver' | 'provider'; traceNumber?: string; statusCodes: string[]; position: number }

export interface Ack277ca { kind: '277CA'; claims: Ack277caClaim[]; levelStatuses: Ack277caLevelStatus[]; warnings: X12Warning[] }

const REJECTED: ReadonlySet<string> = new Set(['A3', 'A4', 'A6', 'A7', 'A8']);
const ACCEPTED: ReadonlySet<string> = new Set(['A1', 'A2', 'A5']);
// HL03 level that carries a claim in a 277CA (2000D, patient).
const CLAIM_LEVELS: ReadonlySet<string> = new Set(['PT']);

export function read277ca(text: string, opts: { file?: string } = {}): Ack277ca {
  const delimiters = delimitersOf(text, opts.file);
  const envelope = new EnvelopeChecker(['277CA'], opts.file);
  const result: Ack277ca = { kind: '277CA', claims: [], levelStatuses: [], warnings: [] };
  let composites = new CompositeReader(delimiters, result.warnings);
  let level: string | undefined;
  let levelStatus: Ack277caLevelStatus | undefined;
  let claim: Ack277caClaim | undefined;
  let line: Ack277caLine | undefined;

  for (const seg of iterateSegments(text, opts.file)) {
    envelope.push(seg);
    const ctx: ElementContext = { file: opts.file, controlNumber: claim?.controlNumber ?? envelope.transactionControlNumber };
    switch (seg.tag) {
      case 'ST': // a 277CA (X214), never a claim status response (X212): the envelope checker saw to it
        composites = new CompositeReader(delimiters, result.warnings);
        level = undefined;
        break;
      case 'HL':
        level = required(seg, 3, ctx, 'hierarchical level code');
        claim = undefined;
        line = undefined;
        levelStatus = level === '21' || level === '19'
          ? { level: level === '21' ? 'receiver' : 'provider', statusCodes: [], position: seg.position }
          : undefined;
        if (levelStatus) result.levelStatuses.push(levelStatus);
        break;
      case 'TRN':
        if (optional(seg, 1) !== '2') break;
        if (level !== undefined && CLAIM_LEVELS.has(level)) {
          if (claim) throw fail(seg, ctx, 'duplicate-segment', 'TRN02', 'a claim status loop has a second TRN*2');
          claim = { controlNumber: required(seg, 2, ctx, 'patient control number'), status: 'unrecognized', statusCodes: [], lines: [], position: seg.position };
          result.claims.push(claim);
        } else if (levelStatus) {
          levelStatus.traceNumber = required(seg, 2, ctx, 'trace number');
        }
        break;
      case 'STC': {
        const codes = statusCodes(seg, composites, ctx);
        if (line) line.statusCodes.push(...codes);
        else if (claim) {
          claim.statusCodes.push(...codes);
          if (claim.chargeCents === undefined) {
            const total = optionalAmount(seg, 4, ctx, 'total claim charge');
            if (total !== undefined) claim.chargeCents = total;
          }
        } else if (levelStatus) levelStatus.statusCodes.push(...codes);
        else if (level !== undefined && CLAIM_LEVELS.has(level)) {
          throw fail(seg, ctx, 'required-segment', 'TRN02', 'a claim status (STC) appears before the claim\'s TRN*2 patient control number');
        }
        break;
      }
      case 'REF': {
        const qualifier = optional(seg, 1);
        if (line && qualifier === 'FJ') line.lineControlNumber = required(seg, 2, ctx, 'line item control number');
        else if (claim && !line && qualifier === '1K') claim.payerClaimNumber = required(seg, 2, ctx, 'payer claim control number');
        else if (claim && !line && qualifier === 'D9') claim.clearinghouseTraceNumber = required(seg, 2, ctx, 'clearinghouse trace number');
        break;
      }
      case 'SVC':
        if (!claim) throw fail(seg, ctx, 'segment-order', undefined, 'a service line status (SVC) appears outside a claim');
        line = { statusCodes: [] };
        claim.lines.push(line);
        break;
      default:
        break;
    }
  }
  envelope.end();
  for (const c of result.claims) c.status = claimStatus(c.statusCodes);
  return result;
}

function claimStatus(codes: readonly string[]): ClaimAckStatus {
  const categories = codes.map((c) => c.split(':')[0]);
  if (categories.some((c) => REJECTED.has(c))) return 'rejected';
  if (categories.some((c) => ACCEPTED.has(c))) return 'accepted';
  return 'unrecognized';
}

/** STC01, STC10 and STC11 are status composites; returned with ':' whatever the file's separator. */
function statusCodes(seg: Segment, composites: CompositeReader, ctx: ElementContext): string[] {
  const found = [composites.required(seg, 1, ctx, 'claim status (category:code)').join(':')];
  for (const n of [10, 11]) {
    if (optional(seg, n) !== undefined) found.push(composites.required(seg, n, ctx, 'additional claim status').join(':'));
  }
  return found.map((code) => code.replace(/:+$/, ''));
}

function fail(seg: Segment, ctx: ElementContext, rule: string, element: string | undefined, message: string): X12Error {
  return elementError(ctx, seg, rule, message, element);
}
