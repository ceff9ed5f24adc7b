// Invented claims for writer tests: deterministic, no real people or providers.
import type { Claim } from '../../../src/domain/claims/claim.js';
import type { Batch837p } from '../../../src/domain/x12/837p-writer.js';

export function sampleClaim(n: number, overrides: Partial<Claim> = {}): Claim {
  const lines = [
    { lineNumber: 1, lineControlNumber: `C${n}-L1`, procedureQualifier: 'HC', procedure: '99213', modifiers: ['25'],
      chargeCents: 12500, unitBasis: 'UN', units: 1, diagnosisPointers: [1, 2], serviceDate: '2024-03-04' },
    { lineNumber: 2, lineControlNumber: `C${n}-L2`, procedureQualifier: 'HC', procedure: '97110', modifiers: ['GP', '59'],
      chargeCents: 4050, unitBasis: 'UN', units: 2, placeOfService: '11', diagnosisPointers: [2], serviceDate: '2024-03-04',
      serviceDateEnd: '2024-03-06' },
  ];
  return {
    controlNumber: `PCN${String(n).padStart(5, '0')}`,
    chargeCents: lines.reduce((sum, l) => sum + l.chargeCents, 0),
    placeOfService: '11',
    frequency: '1',
    billingProvider: {
      npi: '1234567893', taxId: '111223333', name: 'INVENTED CLINIC',
      address: { line1: '1 TEST ROAD', line2: 'SUITE 2', city: 'TESTVILLE', state: 'NY', postalCode: '100010001' },
    },
    payer: { payerId: 'PAYER01', name: 'INVENTED HEALTH PLAN' },
    subscriber: {
      memberId: `MEMBER${n}`, name: { last: 'DOE', first: 'JAMIE', middle: 'Q' }, birthDate: '1980-01-01', gender: 'F',
      address: { line1: '9 SAMPLE ST', city: 'TESTVILLE', state: 'NY', postalCode: '10001' },
      groupNumber: 'GRP1', relationship: '18', payerRank: 'P', claimFilingIndicator: 'CI',
    },
    diagnoses: [{ qualifier: 'ABK', code: 'J0300' }, { qualifier: 'ABF', code: 'R05' }],
    lines,
    ...overrides,
  };
}

/** A claim for a child on a parent's policy: writes a 2000C patient loop. */
export function dependentClaim(n: number): Claim {
  const base = sampleClaim(n);
  return {
    ...base,
    subscriber: { ...base.subscriber, relationship: '19' },
    patient: { name: { last: 'DOE', first: 'ALEX' }, birthDate: '2015-06-30', gender: 'M',
      address: { line1: '9 SAMPLE ST', city: 'TESTVILLE', state: 'NY', postalCode: '10001' } },
  };
}

export function sampleBatch(claims: Claim[]): Batch837p {
  return {
    claims,
    sender: { id: 'SUBMITTER01', name: 'INVENTED BILLING CO', contactName: 'CLAIMS DESK', contactPhone: '5555550100' },
    receiver: { id: 'RECEIVER01', name: 'INVENTED CLEARINGHOUSE' },
    interchangeControlNumber: 42,
    groupControlNumber: 42,
    transactionControlNumber: 1,
    createdAt: new Date(Date.UTC(2024, 2, 10, 14, 5)),
    usage: 'T',
  };
}
