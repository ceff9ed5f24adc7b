// One function per 835 segment that carries money or identity (BPR, TRN, CLP, CAS, SVC, PLB ...):
// each turns a tokenized segment into its piece of the remittance model, or throws an X12Error.
import type { Segment } from '../x12/segments.js';
import {
  type CompositeSeparators, type EraContext, elementName, eraError, optionalAmount, optionalDate, optionalText,
  requiredAmount, requiredCode, requiredText, readComposite, procedureComposite,
} from './era-elements.js';
import {
  ADJUSTMENT_GROUPS, CLAIM_STATUS_CODES, type Adjustment, type ClaimAdjudicationInfo, type PaymentMethod,
  type ProviderAdjustment, type RemittanceClaim, type RemittancePayment, type ServiceLine,
} from './remittance.js';

const HANDLING_CODES = ['C', 'D', 'H', 'I', 'P', 'U', 'X'] as const;
const PAYMENT_METHODS: readonly PaymentMethod[] = ['ACH', 'BOP', 'CHK', 'FWT', 'NON'];

export function readBpr(seg: Segment, ctx: EraContext): RemittancePayment {
  // BPR16 is required, but some published samples put the date one element early (BPR15). The
  // date only helps deposit matching, so its absence is a warning; we do not guess from BPR15.
  if (optionalText(seg, 16) === undefined) {
    ctx.warn?.({ rule: 'required-element', segment: 'BPR', position: seg.position, element: 'BPR16',
      message: 'BPR16 (payment effective date) is missing; deposit matching must rely on the trace number' });
  }
  return {
    handlingCode: requiredCode(seg, 1, ctx, 'transaction handling code', HANDLING_CODES),
    amountCents: requiredAmount(seg, 2, ctx, 'total payment amount'),
    creditDebit: requiredCode(seg, 3, ctx, 'credit/debit flag', ['C', 'D']),
    method: requiredCode(seg, 4, ctx, 'payment method', PAYMENT_METHODS),
    format: optionalText(seg, 5),
    date: optionalDate(seg, 16, ctx, 'payment effective date'),
    position: seg.position,
  };
}

export function readTrn(seg: Segment, ctx: EraContext): { traceType: string; traceNumber: string; originatingCompanyId: string } {
  return {
    traceType: requiredText(seg, 1, ctx, 'trace type code'),
    traceNumber: requiredText(seg, 2, ctx, 'check or EFT trace number'),
    originatingCompanyId: requiredText(seg, 3, ctx, 'payer identifier'),
  };
}

export function readClp(seg: Segment, ctx: EraContext, sequence: number): RemittanceClaim {
  const controlNumber = requiredText(seg, 1, ctx, 'patient control number');
  const claimCtx = { ...ctx, claim: controlNumber };
  return {
    position: seg.position,
    sequence,
    controlNumber,
    status: requiredCode(seg, 2, claimCtx, 'claim status code', CLAIM_STATUS_CODES),
    chargeCents: requiredAmount(seg, 3, claimCtx, 'total claim charge'),
    paidCents: requiredAmount(seg, 4, claimCtx, 'claim payment amount'),
    patientResponsibilityCents: optionalAmount(seg, 5, claimCtx, 'patient responsibility amount'),
    filingIndicator: optionalText(seg, 6),
    payerClaimNumber: optionalText(seg, 7),
    facilityCode: optionalText(seg, 8),
    frequencyCode: optionalText(seg, 9),
    adjustments: [],
    lines: [],
  };
}

/** CAS: a group and up to six reason/amount/quantity triplets (CAS02-04, CAS05-07, ... CAS17-19). */
export function readCas(seg: Segment, ctx: EraContext, casSequence: number): Adjustment[] {
  const group = requiredCode(seg, 1, ctx, 'claim adjustment group code', ADJUSTMENT_GROUPS);
  if (seg.elements.length > 20 && seg.elements.slice(20).some((e) => e.trim() !== '')) {
    throw eraError(ctx, seg, 'cas-triplets', 'CAS has more than six reason/amount/quantity triplets', elementName('CAS', 20));
  }
  const adjustments: Adjustment[] = [];
  for (let triplet = 1; triplet <= 6; triplet += 1) {
    const at = 3 * triplet - 1; // 2, 5, 8, 11, 14, 17
    const reason = optionalText(seg, at);
    const amountText = optionalText(seg, at + 1);
    const quantity = optionalText(seg, at + 2);
    if (reason === undefined && amountText === undefined && quantity === undefined) continue;
    if (reason === undefined) {
      throw eraError(ctx, seg, 'cas-triplet', `${elementName('CAS', at)} (adjustment reason code) is missing for triplet ${triplet}`, elementName('CAS', at));
    }
    if (amountText === undefined) {
      throw eraError(ctx, seg, 'cas-triplet', `${elementName('CAS', at + 1)} (adjustment amount) is missing for triplet ${triplet}`, elementName('CAS', at + 1));
    }
    if (!/^[A-Z0-9]{1,5}$/.test(reason)) {
      throw eraError(ctx, seg, 'code-value', `${elementName('CAS', at)} (adjustment reason code) is not a reason code`, elementName('CAS', at));
    }
    adjustments.push({
      group, reason, amountCents: requiredAmount(seg, at + 1, ctx, 'adjustment amount'), quantity,
      casSequence, triplet, position: seg.position,
    });
  }
  if (adjustments.length === 0) {
    throw eraError(ctx, seg, 'required-element', 'CAS02/CAS03 (the first reason and amount) are missing', 'CAS02');
  }
  return adjustments;
}

export function readSvc(seg: Segment, ctx: EraContext, sequence: number, separators: CompositeSeparators): ServiceLine {
  const procedure = procedureComposite(seg, 1, ctx, separators, 'adjudicated procedure');
  return {
    position: seg.position,
    sequence,
    procedure,
    chargeCents: requiredAmount(seg, 2, ctx, 'line item charge amount'),
    paidCents: requiredAmount(seg, 3, ctx, 'line item provider payment amount'),
    revenueCode: optionalText(seg, 4),
    units: optionalText(seg, 5),
    originalProcedure: optionalText(seg, 6) === undefined
      ? undefined
      : procedureComposite(seg, 6, ctx, separators, 'submitted procedure'),
    originalUnits: optionalText(seg, 7),
    adjustments: [],
    remarkCodes: [],
  };
}

/** PLB: provider id, fiscal period date, then up to six (reason:reference, amount) pairs. */
export function readPlb(
  seg: Segment, ctx: EraContext, firstSequence: number, separators: CompositeSeparators,
): ProviderAdjustment[] {
  const providerId = requiredText(seg, 1, ctx, 'provider identifier');
  requiredText(seg, 2, ctx, 'fiscal period date');
  const fiscalPeriodDate = optionalDate(seg, 2, ctx, 'fiscal period date');
  const adjustments: ProviderAdjustment[] = [];
  for (let pair = 1; pair <= 6; pair += 1) {
    const at = 2 * pair + 1; // 3, 5, 7, 9, 11, 13
    const identifier = optionalText(seg, at);
    const amountText = optionalText(seg, at + 1);
    if (identifier === undefined && amountText === undefined) continue;
    if (identifier === undefined || amountText === undefined) {
      const missing = identifier === undefined ? at : at + 1;
      throw eraError(ctx, seg, 'plb-pair', `${elementName('PLB', missing)} is missing: PLB adjustments come in (reason, amount) pairs`, elementName('PLB', missing));
    }
    const [reason, reference] = readComposite(seg, at, ctx, separators, identifier).map((part) => part.trim());
    if (!/^[A-Z0-9]{2}$/.test(reason)) {
      throw eraError(ctx, seg, 'code-value', `${elementName('PLB', at)}-1 (adjustment reason code) must be two letters or digits`, `${elementName('PLB', at)}-1`);
    }
    adjustments.push({
      position: seg.position,
      sequence: firstSequence + adjustments.length,
      providerId,
      fiscalPeriodDate,
      reason,
      reference: reference === '' ? undefined : reference,
      amountCents: requiredAmount(seg, at + 1, ctx, 'provider adjustment amount'),
    });
  }
  if (adjustments.length === 0) {
    throw eraError(ctx, seg, 'required-element', 'PLB03/PLB04 (the first adjustment) are missing', 'PLB03');
  }
  if (seg.elements.length > 15 && seg.elements.slice(15).some((e) => e.trim() !== '')) {
    throw eraError(ctx, seg, 'plb-pair', 'PLB has more than six adjustment pairs', 'PLB15');
  }
  return adjustments;
}

/** MIA (inpatient) remark codes sit in MIA05 and MIA20-23; MOA (outpatient) in MOA03-07. */
export function readAdjudication(seg: Segment): ClaimAdjudicationInfo {
  const inpatient = seg.tag === 'MIA';
  const slots = inpatient ? [5, 20, 21, 22, 23] : [3, 4, 5, 6, 7];
  const remarkCodes = slots.map((n) => optionalText(seg, n)).filter((code): code is string => code !== undefined);
  return { kind: inpatient ? 'inpatient' : 'outpatient', remarkCodes, position: seg.position };
}

/** DTM: the qualifier and its date (undefined, with a warning, when not a valid date). */
export function readDtm(seg: Segment, ctx: EraContext): { qualifier: string; date?: string } {
  const qualifier = requiredText(seg, 1, ctx, 'date qualifier');
  requiredText(seg, 2, ctx, 'date');
  return { qualifier, date: optionalDate(seg, 2, ctx, `date ${qualifier}`) };
}
