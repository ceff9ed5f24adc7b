// The X12 835 remittance advice (005010X221A1) as the posting domain sees it: only what posting,
// matching and follow-up need. Money is integer cents; dates are ISO 'YYYY-MM-DD'.

/** CAS01 claim adjustment group codes allowed in 005010 (CR was retired). */
export const ADJUSTMENT_GROUPS = ['CO', 'OA', 'PI', 'PR'] as const;
export type AdjustmentGroup = (typeof ADJUSTMENT_GROUPS)[number];

/**
 * CLP02 claim status: 1/2/3 processed as primary/secondary/tertiary, 4 denied, 19/20/21 processed
 * and forwarded to another payer, 22 reversal of a previous payment, 23 not our claim (forwarded),
 * 25 predetermination pricing only.
 */
export const CLAIM_STATUS_CODES = ['1', '2', '3', '4', '19', '20', '21', '22', '23', '25'] as const;
export type ClaimStatusCode = (typeof CLAIM_STATUS_CODES)[number];

/** Where a piece of the model came from, so later errors and ledger keys can point at it. */
export interface SourceRef {
  /** 1-based segment position in the file, as the tokenizer counts it. */
  position: number;
  /** 1-based ordinal among its peers inside its parent (claims in the ST, lines in the claim, ...). */
  sequence: number;
}

/** One amount of a CAS segment: a CAS segment carries up to six reason/amount/quantity triplets. */
export interface Adjustment {
  group: AdjustmentGroup;   // CAS01
  reason: string;           // CARC, e.g. '45'
  amountCents: number;      // as written: positive lowers the payment, negative raises it
  quantity?: string;        // units adjusted, kept as written (not money)
  /** Ordinal of the CAS segment among the CAS segments of the claim or line (1-based). */
  casSequence: number;
  /** Which triplet inside that CAS segment (1..6). */
  triplet: number;
  position: number;         // the CAS segment's position
}

/** A procedure as a composite element (SVC01 / SVC06): qualifier, code and up to four modifiers. */
export interface ProcedureCode {
  qualifier: string;        // HC (CPT/HCPCS), AD, ER, IV, N4, NU, WK, ZZ ...
  code: string;
  modifiers: string[];
}

export interface ServiceLine extends SourceRef {
  procedure: ProcedureCode;            // SVC01 (as adjudicated)
  chargeCents: number;                 // SVC02
  paidCents: number;                   // SVC03
  revenueCode?: string;                // SVC04 (institutional)
  units?: string;                      // SVC05 units paid, as written
  originalProcedure?: ProcedureCode;   // SVC06 when the payer re-coded the line
  originalUnits?: string;              // SVC07
  lineControlNumber?: string;          // REF*6R: our line item control number
  serviceDate?: string;                // DTM*472
  periodStart?: string;                // DTM*150
  periodEnd?: string;                  // DTM*151
  allowedCents?: number;               // AMT*B6
  adjustments: Adjustment[];           // line-level CAS
  remarkCodes: string[];               // LQ*HE (RARC)
}

/** MIA (inpatient) / MOA (outpatient) Medicare adjudication: only the remark codes matter here. */
export interface ClaimAdjudicationInfo {
  kind: 'inpatient' | 'outpatient';
  remarkCodes: string[];
  position: number;
}

export interface RemittanceClaim extends SourceRef {
  controlNumber: string;               // CLP01 = our claim control number (CLM01); not PHI
  status: ClaimStatusCode;             // CLP02
  chargeCents: number;                 // CLP03
  paidCents: number;                   // CLP04
  patientResponsibilityCents?: number; // CLP05
  filingIndicator?: string;            // CLP06 (MC, MB, 12, CI ...)
  payerClaimNumber?: string;           // CLP07
  facilityCode?: string;               // CLP08
  frequencyCode?: string;              // CLP09
  /** PHI: patient identification from NM1*QC, kept only for matching an unmatched remittance. */
  patient?: { lastName?: string; firstName?: string; idQualifier?: string; id?: string };
  /** PHI: subscriber id from NM1*IL when the payer sends it. */
  insuredId?: string;
  renderingProviderId?: string;        // NM1*82 NM109
  receivedDate?: string;               // DTM*050
  statementFrom?: string;              // DTM*232
  statementTo?: string;                // DTM*233
  coverageAmountCents?: number;        // AMT*AU
  adjudication?: ClaimAdjudicationInfo; // MIA or MOA
  adjustments: Adjustment[];           // claim-level CAS
  lines: ServiceLine[];
}

/** One PLB amount: a provider-level adjustment not tied to a claim (interest, offsets, ...). */
export interface ProviderAdjustment extends SourceRef {
  providerId: string;       // PLB01
  fiscalPeriodDate?: string; // PLB02 (left out, with a warning, when it is not a valid date)
  reason: string;           // PLB03-1 (e.g. WO, L6, CV, 72, FB)
  reference?: string;       // PLB03-2
  amountCents: number;      // as written: positive lowers the payment (a take-back), negative adds
}

export type PaymentMethod = 'ACH' | 'BOP' | 'CHK' | 'FWT' | 'NON';

export interface RemittancePayment {
  handlingCode: string;     // BPR01: C payment + advice, D payment only, H advice only, I remittance information only, P prenotification, U/X split
  amountCents: number;      // BPR02
  creditDebit: string;      // BPR03: C credit, D debit
  method: PaymentMethod;    // BPR04
  format?: string;          // BPR05: CCP, CTX
  date?: string;            // BPR16 check issue or EFT effective date
  position: number;         // the BPR segment's position
}

export interface RemittanceParty {
  name?: string;            // N102
  idQualifier?: string;     // N103
  id?: string;              // N104
}

export interface RemittancePayer extends RemittanceParty {
  payerId?: string;         // REF*2U (additional payer identification)
}

export interface RemittancePayee extends RemittanceParty {
  npi?: string;             // N104 when N103 = XX
  taxId?: string;           // REF*TJ, or N104 when N103 = FI
}

/**
 * Something wrong but not worth rejecting a payment for (a malformed date in a field posting does
 * not use, a composite written with the wrong separator). Kept so the service can show it.
 */
export interface EraWarning {
  rule: string;
  segment: string;
  position: number;
  element?: string;
  message: string; // no PHI, like X12Error messages
}

/** Everything of one ST/SE transaction that comes before its claims. */
export interface RemittanceHeader {
  file?: string;
  interchangeControlNumber: string; // ISA13
  groupControlNumber: string;       // GS06
  version: string;                  // GS08
  controlNumber: string;            // ST02
  position: number;                 // position of ST
  payment: RemittancePayment;
  traceType: string;                // TRN01
  traceNumber: string;              // TRN02: check or EFT trace number, matched against deposits
  originatingCompanyId: string;     // TRN03: payer identifier (1 + EIN, usually)
  productionDate?: string;          // DTM*405
  payer: RemittancePayer;
  payee: RemittancePayee;
  /** Grows while the transaction is read; complete once the transaction has been read to its SE. */
  warnings: EraWarning[];
}

export interface RemittanceTransaction extends RemittanceHeader {
  claims: RemittanceClaim[];
  providerAdjustments: ProviderAdjustment[];
}

/** What a streaming reader reports at SE, without the claims it already handed out. */
export interface RemittanceTransactionSummary extends RemittanceHeader {
  providerAdjustments: ProviderAdjustment[];
  claimCount: number;
  claimPaidCents: number; // sum of CLP04
}

/** The key that identifies one remittance (one payment) across files: payer id + trace number. */
export function remittanceKeyOf(header: Pick<RemittanceHeader, 'originatingCompanyId' | 'traceNumber'>): string {
  return `${header.originatingCompanyId}:${header.traceNumber}`;
}
