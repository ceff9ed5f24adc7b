// Claim (2100) and service line (2110) details that carry no balancing amounts: dates, names and
// ids for matching, remark codes, allowed amounts. Unknown qualifiers are ignored on purpose.
import type { Segment } from '../x12/segments.js';
import { type ElementContext, optional, optionalAmount } from '../x12/x12-elements.js';
import { readAdjudication, readDtm } from './era-segments.js';
import type { RemittanceClaim, ServiceLine } from './remittance.js';

/** Segments the claim and line loops read besides CLP, CAS and SVC. */
export const DETAIL_TAGS: ReadonlySet<string> = new Set(['DTM', 'REF', 'NM1', 'MIA', 'MOA', 'AMT', 'LQ']);

export function applyClaimDetail(seg: Segment, claim: RemittanceClaim, ctx: ElementContext): void {
  const qualifier = optional(seg, 1);
  switch (seg.tag) {
    case 'NM1':
      // PHI: kept in the model for matching only; never put into messages, logs or job payloads.
      if (qualifier === 'QC') {
        claim.patient = { lastName: optional(seg, 3), firstName: optional(seg, 4), idQualifier: optional(seg, 8), id: optional(seg, 9) };
      } else if (qualifier === 'IL') claim.insuredId = optional(seg, 9);
      else if (qualifier === '82') claim.renderingProviderId = optional(seg, 9);
      return;
    case 'MIA':
    case 'MOA':
      claim.adjudication = readAdjudication(seg);
      return;
    case 'AMT':
      if (qualifier === 'AU') claim.coverageAmountCents = optionalAmount(seg, 2, ctx, 'coverage amount');
      return;
    case 'DTM': {
      const { date } = readDtm(seg, ctx);
      if (qualifier === '050') claim.receivedDate = date;
      else if (qualifier === '232') claim.statementFrom = date;
      else if (qualifier === '233') claim.statementTo = date;
      return;
    }
    default:
      return;
  }
}

export function applyLineDetail(seg: Segment, line: ServiceLine, ctx: ElementContext): void {
  const qualifier = optional(seg, 1);
  switch (seg.tag) {
    case 'DTM': {
      const { date } = readDtm(seg, ctx);
      if (qualifier === '472') line.serviceDate = date;
      else if (qualifier === '150') line.periodStart = date;
      else if (qualifier === '151') line.periodEnd = date;
      return;
    }
    case 'REF':
      if (qualifier === '6R') line.lineControlNumber = optional(seg, 2);
      return;
    case 'AMT':
      if (qualifier === 'B6') line.allowedCents = optionalAmount(seg, 2, ctx, 'allowed amount');
      return;
    case 'LQ': {
      const code = optional(seg, 2);
      if (qualifier === 'HE' && code) line.remarkCodes.push(code);
      return;
    }
    default:
      return;
  }
}
