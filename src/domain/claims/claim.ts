// The professional claim as the domain sees it: what an 837P (or the JSON import format)
// carries, independent of the database. Readers produce it, scrub rules check it, the 837P
// writer writes it. Dates are ISO 'YYYY-MM-DD'; money is integer cents.

export type ClaimFrequency = '1' | '7' | '8'; // original, replacement, void
export type DiagnosisQualifier = 'ABK' | 'ABF' | 'BK' | 'BF'; // ICD-10-CM principal/other, ICD-9 principal/other

export interface PostalAddress {
  line1: string;
  line2?: string;
  city: string;
  state: string;
  postalCode: string;
}

export interface PersonName {
  last: string;
  first?: string;
  middle?: string;
}

export interface BillingProvider {
  npi: string;            // NM109 of NM1*85 (qualifier XX)
  taxId?: string;         // REF*EI
  name: string;           // organisation name or "LAST FIRST"
  address?: PostalAddress;
}

export interface ClaimPayer {
  payerId: string;        // NM109 of NM1*PR
  name: string;
}

export interface Subscriber {
  memberId: string;       // NM109 of NM1*IL
  name: PersonName;
  birthDate?: string;     // DMG02
  gender?: string;        // DMG03
  address?: PostalAddress;
  groupNumber?: string;   // SBR03
  relationship: string;   // SBR02 ('18' = self) or PAT01 when the patient differs
  payerRank: string;      // SBR01: P, S, T ...
  // Added for the 837P writer: SBR09 is required in 2000B and cannot be guessed (CI, MB, MC...).
  claimFilingIndicator?: string; // SBR09
}

export interface Patient {
  name: PersonName;
  birthDate?: string;
  gender?: string;
  address?: PostalAddress;
}

export interface Diagnosis {
  qualifier: DiagnosisQualifier;
  code: string;           // as written in X12: no decimal point
}

export interface ServiceLine {
  lineNumber: number;            // LX01
  lineControlNumber?: string;    // REF*6R; assigned at import when absent
  procedureQualifier: string;    // SV101-1, 'HC' for CPT/HCPCS
  procedure: string;             // SV101-2
  modifiers: string[];           // SV101-3..6
  chargeCents: number;           // SV102
  unitBasis: string;             // SV103, 'UN' or 'MJ'
  units: number;                 // SV104
  placeOfService?: string;       // SV105
  diagnosisPointers: number[];   // SV107, 1-based into Claim.diagnoses
  serviceDate: string;           // DTP*472 on the line, else the claim's
  serviceDateEnd?: string;
}

export interface Claim {
  controlNumber: string;         // CLM01: our patient control number, echoed as CLP01 on the 835
  chargeCents: number;           // CLM02
  placeOfService: string;        // CLM05-1
  frequency: ClaimFrequency;     // CLM05-3
  payerClaimNumber?: string;     // REF*F8, required for frequency 7/8
  serviceDate?: string;          // claim-level DTP*472 when present
  billingProvider: BillingProvider;
  payer: ClaimPayer;
  subscriber: Subscriber;
  patient?: Patient;             // present only when the patient is not the subscriber (2000C loop)
  diagnoses: Diagnosis[];
  lines: ServiceLine[];
}

/** Where a claim came from in its file, for error messages that name the segment. */
export interface ClaimSource {
  file?: string;
  transactionControlNumber: string; // ST02
  clmSegmentIndex: number;          // 1-based position of the CLM segment in the file
}
