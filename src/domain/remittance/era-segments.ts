// One function per 835 segment that carries money or identity (BPR, TRN, CLP, CAS, SVC, PLB ...):
// each turns a tokenized segment into its piece of the remittance model, or throws an X12Error.
import type { Segment } from '../x12/segments.js';
import {
  amount, type CompositeReader, type ElementContext, elementError, elementName, elementWarning, informationalDate, optional,
  optionalAmount, required, requiredCode,
} from '../x12/x12-elements.js';
import {
  ADJUSTMENT_GROUPS, CLAIM_STATUS_CODES, type Adjustment, type ClaimAdjudicationInfo, type PaymentMethod, type ProcedureCode,
  type ProviderAdjustment, type RemittanceClaim, type RemittancePayment, type ServiceLine,
} from './remittance.js';

const HANDLING_CODES = ['C', 'D', 'H', 'I', 'P', 'U', 'X'] as const;
const PAYMENT_METHODS: readonly PaymentMethod[] = ['ACH', 'BOP', 'CHK', 'FWT', 'NON'];

export function readBpr(seg: Segment, ctx: ElementContext): RemittancePayment {
  // BPR16 is required, but some published samples put the date one element early (BPR15). The
  // date only helps deposit matching, so its absence is a warning; we do not guess from BPR15.
  if (optional(seg, 16) === undefined) {
    elementWarning(ctx, seg, 'required-element',
      'BPR16 (payment effective date) is missing; deposit matching must rely on the trace number', 'BPR16');
  }
  return {
    handlingCode: requiredCode(seg, 1, ctx, 'transaction handling code', HANDLING_CODES),
    amountCents: amount(seg, 2, ctx, 'total payment amount'),
    creditDebit: requiredCode(seg, 3, ctx, 'credit/debit flag', ['C', 'D']),
    method: requiredCode(seg, 4, ctx, 'payment method', PAYMENT_METHODS),
    format: optional(seg, 5),
    date: informationalDate(seg, 16, ctx, 'payment effective date'),
    position: seg.position,
  };
}

export function readTrn(seg: Segment, ctx: ElementContext): { traceType: string; traceNumber: string; originatingCompanyId: string } {
  return {
    traceType: required(seg, 1, ctx, 'trace type code'),
    traceNumber: required(seg, 2, ctx, 'check or EFT trace number'),
    originatingCompanyId: required(seg, 3, ctx, 'payer identifier'),
  };
}

export function readClp(seg: Segment, ctx: ElementContext, sequence: number): RemittanceClaim {
  const controlNumber = required(seg, 1, ctx, 'patient control number');
  const claimCtx = { ...ctx, claim: controlNumber };
  return {
    position: seg.position,
    sequence,
    controlNumber,
    status: requiredCode(seg, 2, claimCtx, 'claim status code', CLAIM_STATUS_CODES),
    chargeCents: amount(seg, 3, claimCtx, 'total claim charge'),
    paidCents: amount(seg, 4, claimCtx, 'claim payment amount'),
    patientResponsibilityCents: optionalAmount(seg, 5, claimCtx, 'patient responsibility amount'),
    filingIndicator: optional(seg, 6),
    payerClaimNumber: optional(seg, 7),
    facilityCode: optional(seg, 8),
    frequencyCode: optional(seg, 9),
    adjustments: [],
    lines: [],
  };
}

/** CAS: a group and up to six reason/amount/quantity triplets (CAS02-04, CAS05-07, ... CAS17-19). */
export function readCas(seg: Segment, ctx: ElementContext, casSequence: number): Adjustment[] {
  const group = requiredCode(seg, 1, ctx, 'claim adjustment group code', ADJUSTMENT_GROUPS);
  if (seg.elements.length > 20 && seg.elements.slice(20).some((e) => e.trim() !== '')) {
    throw elementError(ctx, seg, 'cas-triplets', 'CAS has more than six reason/amount/quantity triplets', elementName(seg, 20));
  }
  const adjustments: Adjustment[] = [];
  for (let triplet = 1; triplet <= 6; triplet += 1) {
    const at = 3 * triplet - 1; // 2, 5, 8, 11, 14, 17
    const reason = optional(seg, at);
    const amountText = optional(seg, at + 1);
    const quantity = optional(seg, at + 2);
    if (reason === undefined && amountText === undefined && quantity === undefined) continue;
    if (reason === undefined) {
      throw elementError(ctx, seg, 'cas-triplet', `${elementName(seg, at)} (adjustment reason code) is missing for triplet ${triplet}`, elementName(seg, at));
    }
    if (amountText === undefined) {
      throw elementError(ctx, seg, 'cas-triplet', `${elementName(seg, at + 1)} (adjustment amount) is missing for triplet ${triplet}`, elementName(seg, at + 1));
    }
    if (!/^[A-Z0-9]{1,5}$/.test(reason)) {
      throw elementError(ctx, seg, 'code-value', `${elementName(seg, at)} (adjustment reason code) is not a reason code`, elementName(seg, at));
    }
    adjustments.push({
      group, reason, amountCents: amount(seg, at + 1, ctx, 'adjustment amount'), quantity,
      casSequence, triplet, position: seg.position,
    });
  }
  if (adjustments.length === 0) {
    throw elementError(ctx, seg, 'required-element', 'CAS02/CAS03 (the first reason and amount) are missing', 'CAS02');
  }
  return adjustments;
}

export function readSvc(seg: Segment, ctx: ElementContext, sequence: number, composites: CompositeReader): ServiceLine {
  const procedure = procedureComposite(seg, 1, ctx, composites, 'adjudicated procedure');
  return {
    position: seg.position,
    sequence,
    procedure,
    chargeCents: amount(seg, 2, ctx, 'line item charge amount'),
    paidCents: amount(seg, 3, ctx, 'line item provider payment amount'),
    revenueCode: optional(seg, 4),
    units: optional(seg, 5),
    originalProcedure: optional(seg, 6) === undefined
      ? undefined
      : procedureComposite(seg, 6, ctx, composites, 'submitted procedure'),
    originalUnits: optional(seg, 7),
    adjustments: [],
    remarkCodes: [],
  };
}

/** PLB: provider id, fiscal period date, then up to six (reason:reference, amount) pairs. */
export function readPlb(
  seg: Segment, ctx: ElementContext, firstSequence: number, composites: CompositeReader,
): ProviderAdjustment[] {
  const providerId = required(seg, 1, ctx, 'provider identifier');
  required(seg, 2, ctx, 'fiscal period date');
  const fiscalPeriodDate = informationalDate(seg, 2, ctx, 'fiscal period date');
  const adjustments: ProviderAdjustment[] = [];
  for (let pair = 1; pair <= 6; pair += 1) {
    const at = 2 * pair + 1; // 3, 5, 7, 9, 11, 13
    const identifier = optional(seg, at);
    const amountText = optional(seg, at + 1);
    if (identifier === undefined && amountText === undefined) continue;
    if (identifier === undefined || amountText === undefined) {
      const missing = identifier === undefined ? at : at + 1;
      throw elementError(ctx, seg, 'plb-pair', `${elementName(seg, missing)} is missing: PLB adjustments come in (reason, amount) pairs`, elementName(seg, missing));
    }
    // The reason is two characters: anything longer must be a composite "reason:reference".
    const [reason, reference] = composites.split(seg, at, ctx, 'adjustment identifier', identifier.length > 2 ? 2 : 1);
    if (!/^[A-Z0-9]{2}$/.test(reason)) {
      throw elementError(ctx, seg, 'code-value', `${elementName(seg, at)}-1 (adjustment reason code) must be two letters or digits`, `${elementName(seg, at)}-1`);
    }
    adjustments.push({
      position: seg.position,
      sequence: firstSequence + adjustments.length,
      providerId,
      fiscalPeriodDate,
      reason,
      reference: reference === '' ? undefined : reference,
      amountCents: amount(seg, at + 1, ctx, 'provider adjustment amount'),
    });
  }
  if (adjustments.length === 0) {
    throw elementError(ctx, seg, 'required-element', 'PLB03/PLB04 (the first adjustment) are missing', 'PLB03');
  }
  if (seg.elements.length > 15 && seg.elements.slice(15).some((e) => e.trim() !== '')) {
    throw elementError(ctx, seg, 'plb-pair', 'PLB has more than six adjustment pairs', 'PLB15');
  }
  return adjustments;
}

/** MIA (inpatient) remark codes sit in MIA05 and MIA20-23; MOA (outpatient) in MOA03-07. */
export function readAdjudication(seg: Segment): ClaimAdjudicationInfo {
  const inpatient = seg.tag === 'MIA';
  const slots = inpatient ? [5, 20, 21, 22, 23] : [3, 4, 5, 6, 7];
  const remarkCodes = slots.map((n) => optional(seg, n)).filter((code): code is string => code !== undefined);
  return { kind: inpatient ? 'inpatient' : 'outpatient', remarkCodes, position: seg.position };
}

/** DTM: the qualifier and its date (undefined, with a warning, when not a valid date). */
export function readDtm(seg: Segment, ctx: ElementContext): { qualifier: string; date?: string } {
  const qualifier = required(seg, 1, ctx, 'date qualifier');
  required(seg, 2, ctx, 'date');
  return { qualifier, date: informationalDate(seg, 2, ctx, `date ${qualifier}`) };
}

/** SVC01 / SVC06: qualifier, procedure code and up to four modifiers. */
function procedureComposite(seg: Segment, n: number, ctx: ElementContext, composites: CompositeReader, what: string): ProcedureCode {
  const name = elementName(seg, n);
  const parts = composites.split(seg, n, ctx, what, 2);
  const [qualifier, code = ''] = parts;
  if (parts.length < 2 || code === '') {
    throw elementError(ctx, seg, 'svc-composite',
      `${name} (${what}) must be a composite "qualifier${composites.separator}procedure code"; it holds no component `
      + 'separator and no procedure code, so the segment is malformed (its elements may be shifted)', name);
  }
  if (!/^[A-Z0-9]{2}$/.test(qualifier)) {
    throw elementError(ctx, seg, 'svc-composite', `${name}-1 (product/service id qualifier) must be two letters or digits`, `${name}-1`);
  }
  if (parts.length > 7) {
    throw elementError(ctx, seg, 'svc-composite', `${name} has ${parts.length} components; at most 7 are allowed`, name);
  }
  const modifiers = parts.slice(2, 6).filter((m) => m !== '');
  return { qualifier, code, modifiers };
}
