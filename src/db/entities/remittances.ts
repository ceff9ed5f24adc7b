// Remittances (one per 835 ST/SE transaction, i.e. one payment) and their claims, staged while
// the file streams and posted chunk by chunk. Optional per-payer fee schedules for underpayment
// checks. Money is integer cents; the ledger stays the truth, these rows say what was received.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

/** duplicate: the same payment again (nothing posted); conflict: another payment under a known trace (refused). */
export const REMITTANCE_STATUSES = ['staged', 'posted', 'duplicate', 'conflict'] as const;
export type RemittanceStatus = (typeof REMITTANCE_STATUSES)[number];

export const Remittance = defineEntity({
  name: 'Remittance',
  tableName: 'remittance',
  properties: {
    id: p.integer().primary().autoincrement(),
    fileId: p.integer().index(),
    transactionSequence: p.integer(), // ST ordinal within the file (1-based)
    stControlNumber: p.string().length(9),
    /** payer id (TRN03) + trace number (TRN02): one payment; unique among staged and posted rows. */
    remittanceKey: p.string().length(140),
    traceNumber: p.string().length(80),
    payerIdentifier: p.string().length(80),
    payerId: p.integer().nullable(), // our Payer, when the 835 names one we know
    // The payee (N1*PE) as the 835 names it: with the payer, it narrows which claim a CLP01 is.
    payeeNpi: p.string().length(80).nullable(),   // N104 when N103 = XX
    payeeTaxId: p.string().length(80).nullable(), // REF*TJ, or N104 when N103 = FI
    status: p.enum([...REMITTANCE_STATUSES]).default('staged'),
    /** The remittance that holds this trace already (for a duplicate or a conflict). */
    duplicateOfId: p.integer().nullable(),
    payeeIdentifier: p.string().length(80).nullable(), // N1*PE: NPI, else tax id, else N104
    /** sha256 of the transaction as posting reads it (payment, claims without patient names, PLB). */
    contentSha256: p.string().length(64).nullable(),
    /** Why a conflict was refused: file id, ST02, segment position, the remittance holding the trace. */
    refusal: p.text().nullable(),
    paymentCents: p.bigint('number'), // BPR02, negated for a debit
    paymentMethod: p.string().length(3),
    paymentDate: p.date().nullable(),
    claimCount: p.integer().default(0),
    chargeCents: p.bigint('number').default(0), // sum of CLP03
    // Totals of the file's claims as written (matched or not), from the posting plan.
    paidCents: p.bigint('number').default(0),
    contractualCents: p.bigint('number').default(0),
    deniedCents: p.bigint('number').default(0),
    patientRespCents: p.bigint('number').default(0),
    otherAdjustmentCents: p.bigint('number').default(0),
    providerAdjustmentCents: p.bigint('number').default(0),
    providerAdjustments: p.json<Array<{ sequence: number; reason: string; reference?: string; amountCents: number; position: number }>>(),
    // Filled in as chunks post.
    postedClaims: p.integer().default(0),
    matchedClaims: p.integer().default(0),
    unmatchedClaims: p.integer().default(0),
    claimsWithDenial: p.integer().default(0),
    tasksCreated: p.integer().default(0),
    /** Names the remittance's posting flow in BullMQ; random, so never the id of another remittance's flow. */
    jobKey: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
    postedAt: p.datetime().nullable(),
  },
});

export const RemittanceClaim = defineEntity({
  name: 'RemittanceClaim',
  tableName: 'remittance_claim',
  uniques: [{ properties: ['remittanceId', 'sequence'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    remittanceId: p.integer(),
    sequence: p.integer(), // CLP ordinal within the transaction: part of every ledger key
    controlNumber: p.string().length(38), // CLP01
    statusCode: p.string().length(2), // CLP02
    chargeCents: p.bigint('number'),
    paidCents: p.bigint('number'),
    /**
     * The claim as sent, without patient names or ids, kept only when it matched no claim of ours
     * (the person working the unmatched-remittance task needs it). json: never queried inside.
     */
    detail: p.json<Record<string, unknown>>().columnType('json').nullable(),
    claimId: p.integer().nullable().index(),
    /** CLP02 19/20/21: the payer forwarded the claim to the next payer (crossover). */
    forwarded: p.boolean().default(false),
    postedAt: p.datetime().nullable(),
  },
});

/**
 * One chunk of a staged remittance: its claims as the 835 sent them (JSON, patient names and ids
 * left out), written by the era job, posted in one transaction by a chunk job.
 */
export const RemittanceChunk = defineEntity({
  name: 'RemittanceChunk',
  tableName: 'remittance_chunk',
  uniques: [{ properties: ['remittanceId', 'firstSequence'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    remittanceId: p.integer(),
    firstSequence: p.integer(),
    lastSequence: p.integer(),
    claims: p.text(),
    postedAt: p.datetime().nullable(),
  },
});

export const FeeSchedule = defineEntity({
  name: 'FeeSchedule',
  tableName: 'fee_schedule',
  uniques: [{ properties: ['payerId', 'procedure', 'modifier'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    payerId: p.integer(),
    procedure: p.string().length(5),
    modifier: p.string().length(2).default(''), // '' = any modifier
    allowedCents: p.bigint('number'), // per unit
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** An admin's change to the CARC table of config/carc-actions.ts: key 'CO-45', or 'CO' for a group's default. */
export const CarcOverride = defineEntity({
  name: 'CarcOverride',
  tableName: 'carc_override',
  properties: {
    id: p.integer().primary().autoincrement(),
    carcKey: p.string().length(12).unique(),
    action: p.enum(['contractual', 'denial', 'patient-responsibility', 'other-adjustment']),
    recoverability: p.decimal('number').precision(3).scale(2).default(0),
    description: p.string().length(200),
    reason: p.string().length(200), // why the admin changed it
    changedBy: p.string().length(80),
    changedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
