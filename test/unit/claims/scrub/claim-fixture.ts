// Builds a clean, invented professional claim for scrubber tests. Every name, id and code here
// is made up; tests override one thing at a time and assert the one edit it causes.
import type { Claim, ServiceLine } from '../../../../src/domain/claims/claim.js';
import {
  resolvePayerRules, scrubClaim, type ClaimEdit, type ScrubContext,
} from '../../../../src/domain/claims/scrub/index.js';

export const TODAY = '2025-03-14';
export const UNCONFIGURED_PAYER_ID = '99ZZZ'; // not in config/payer-rules.ts: default rules apply

// Patient data values the tests check never leak into edit messages.
export const FIXTURE_PHI = {
  memberId: 'XQZ900112233',
  subscriberLast: 'Quillfeather',
  subscriberFirst: 'Marisol',
  patientLast: 'Quillfeather',
  patientFirst: 'Tobiah',
  subscriberBirthDate: '1979-06-21',
  patientBirthDate: '2012-11-05',
} as const;

export function cleanLine(overrides: Partial<ServiceLine> = {}): ServiceLine {
  return {
    lineNumber: 1,
    lineControlNumber: 'LCN-0001',
    procedureQualifier: 'HC',
    procedure: '99213',
    modifiers: [],
    chargeCents: 12_500,
    unitBasis: 'UN',
    units: 1,
    placeOfService: '11',
    diagnosisPointers: [1],
    serviceDate: '2025-03-03',
    ...overrides,
  };
}

export function cleanClaim(overrides: Partial<Claim> = {}): Claim {
  const lines = overrides.lines ?? [
    cleanLine(),
    cleanLine({ lineNumber: 2, lineControlNumber: 'LCN-0002', procedure: '81002', chargeCents: 1_850, diagnosisPointers: [2, 1] }),
  ];
  return {
    controlNumber: 'PCN-20250303-0007',
    chargeCents: lines.reduce((sum, line) => sum + line.chargeCents, 0),
    placeOfService: '11',
    frequency: '1',
    billingProvider: {
      npi: '1234567893', // the CMS example NPI: valid check digit
      taxId: '990000001',
      name: 'INVENTED FAMILY PRACTICE',
      address: { line1: '1 Example Way', city: 'Springfield', state: 'IL', postalCode: '627010000' },
    },
    payer: { payerId: UNCONFIGURED_PAYER_ID, name: 'INVENTED HEALTH PLAN' },
    subscriber: {
      memberId: FIXTURE_PHI.memberId,
      name: { last: FIXTURE_PHI.subscriberLast, first: FIXTURE_PHI.subscriberFirst },
      birthDate: FIXTURE_PHI.subscriberBirthDate,
      gender: 'F',
      relationship: '18',
      payerRank: 'P',
    },
    diagnoses: [
      { qualifier: 'ABK', code: 'J0190' },
      { qualifier: 'ABF', code: 'R509' },
    ],
    lines,
    ...overrides,
  };
}

export function contextFor(claim: Claim, overrides: Partial<ScrubContext> = {}): ScrubContext {
  return { today: TODAY, payerRules: resolvePayerRules(claim.payer.payerId), ...overrides };
}

/** Scrubs with the fixture's "today" and the claim's payer rules unless overridden. */
export function scrub(claim: Claim, ctx: Partial<ScrubContext> = {}): ClaimEdit[] {
  return scrubClaim(claim, contextFor(claim, ctx));
}

export function codesOf(edits: readonly ClaimEdit[]): string[] {
  return edits.map((edit) => edit.code);
}
