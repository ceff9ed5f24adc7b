// Claims and their service lines. Money columns are caches of the ledger (reconciliation
// checks them); the ledger is the truth.
import { defineEntity } from '@mikro-orm/core';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims/claim-status.js';

const p = defineEntity.properties;

// The status model is the domain's (src/domain/claims/claim-status.ts); the column allows its statuses.
export { CLAIM_STATUSES, type ClaimStatus };

export const Claim = defineEntity({
  name: 'Claim',
  tableName: 'claim',
  // A claim's identity: CLM01 is the billing provider's patient control number, billed once to
  // each payer (src/domain/claims/claim-identity.ts). Control number first: the selective column.
  uniques: [{ properties: ['controlNumber', 'providerId', 'payerId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    controlNumber: p.string().length(38), // CLM01, echoed as CLP01 on the 835 (leads the identity index)
    payerId: p.integer().index(),
    providerId: p.integer().index(),
    patientId: p.integer().index(),
    coverageId: p.integer().nullable(),
    sourceFileId: p.integer().nullable(),
    status: p.enum([...CLAIM_STATUSES]).default('draft').index(),
    frequency: p.string().length(1).default('1'),
    payerClaimNumber: p.string().length(50).nullable(),
    placeOfService: p.string().length(2),
    serviceDate: p.date(),
    diagnoses: p.json<Array<{ qualifier: string; code: string }>>(), // PHI
    chargeCents: p.bigint('number'),
    paidCents: p.bigint('number').default(0),
    contractualCents: p.bigint('number').default(0),
    deniedCents: p.bigint('number').default(0),
    patientRespCents: p.bigint('number').default(0),
    balanceCents: p.bigint('number'),
    /** Hash of what makes the claim the same claim (claimFingerprint); null for claims imported before it. */
    fingerprint: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export const ClaimLine = defineEntity({
  name: 'ClaimLine',
  tableName: 'claim_line',
  // Line control numbers are unique within a claim: practice systems reuse REF*6R values such
  // as "01" across claims, and remittances match lines within their claim.
  uniques: [{ properties: ['claimId', 'lineNumber'] }, { properties: ['claimId', 'lineControlNumber'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    claimId: p.integer().index(),
    lineNumber: p.integer(),
    lineControlNumber: p.string().length(50).index(), // REF*6R, matched by the 835's REF*6R
    procedure: p.string().length(5),
    modifiers: p.json<string[]>(),
    units: p.decimal('string').precision(10).scale(3),
    unitBasis: p.string().length(2).default('UN'),
    chargeCents: p.bigint('number'),
    diagnosisPointers: p.json<number[]>(),
    serviceDate: p.date(),
    serviceDateEnd: p.date().nullable(),
    // No money columns: a line's posted money is summed from the ledger when it is shown.
  },
});
