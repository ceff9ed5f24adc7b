// The claims capability's working records: what each claim looked like when billed (parties),
// the scrubber's edits, every status change, the 837P batches we sent, and per-file outcomes.
import { defineEntity } from '@mikro-orm/core';
import { CLAIM_STATUSES } from './claims.js';

const p = defineEntity.properties;

/**
 * The billed parties exactly as the claim carried them (billing provider, subscriber, patient,
 * per-line extras). PHI: it stays in Postgres. Patient/Coverage rows are the matched master
 * records; this snapshot is what the 837P we send must repeat.
 */
export const ClaimDetail = defineEntity({
  name: 'ClaimDetail',
  tableName: 'claim_detail',
  properties: {
    claimId: p.integer().primary(),
    detail: p.json<Record<string, unknown>>(),
  },
});

export const ClaimEdit = defineEntity({
  name: 'ClaimEdit',
  tableName: 'claim_edit',
  properties: {
    id: p.integer().primary().autoincrement(),
    claimId: p.integer().index(),
    code: p.string().length(40),
    severity: p.enum(['error', 'warning']),
    field: p.string().length(20),
    line: p.integer().nullable(),
    message: p.text(), // written by the scrubber from codes and positions, never patient data
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** One row per status change: the claim's timeline. */
export const ClaimEvent = defineEntity({
  name: 'ClaimEvent',
  tableName: 'claim_event',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    claimId: p.integer().index(),
    fromStatus: p.enum([...CLAIM_STATUSES]).nullable(),
    toStatus: p.enum([...CLAIM_STATUSES]),
    detail: p.json<Record<string, unknown>>().nullable(),
    at: p.datetime().onCreate(() => new Date()),
  },
});

export const SUBMISSION_STATUSES = ['built', 'sent', 'accepted', 'partially-accepted', 'rejected'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** One 837P interchange sent to a clearinghouse (ISA13 = GS06 = ST02 = controlNumber). */
export const Submission = defineEntity({
  name: 'Submission',
  tableName: 'submission',
  properties: {
    id: p.integer().primary().autoincrement(),
    payerId: p.integer().index(),
    clearinghouse: p.string().length(40),
    controlNumber: p.integer().unique(),
    fileId: p.integer(),
    claimCount: p.integer(),
    chargeCents: p.bigint('number'),
    status: p.enum([...SUBMISSION_STATUSES]).default('built'),
    reference: p.string().length(120).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
  },
});

export const SubmissionClaim = defineEntity({
  name: 'SubmissionClaim',
  tableName: 'submission_claim',
  properties: {
    submissionId: p.integer().primary(),
    claimId: p.integer().primary(),
  },
});

/** What processing one claims or acknowledgment file produced, for `--json` output and the API. */
export const ClaimFileOutcome = defineEntity({
  name: 'ClaimFileOutcome',
  tableName: 'claim_file_outcome',
  properties: {
    fileId: p.integer().primary(),
    kind: p.string().length(20),
    claims: p.integer().default(0),
    newClaims: p.integer().default(0),
    duplicates: p.integer().default(0),
    conflicts: p.integer().default(0),
    chargeCents: p.bigint('number').default(0),
    accepted: p.integer().default(0),
    rejected: p.integer().default(0),
    unmatched: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/**
 * A claim of an imported file that was not stored because another claim (stored, or earlier in the
 * file) holds its identity with other content. Its claim-conflict task points here; the claim as
 * sent stays in the stored file at `position`.
 */
export const ClaimConflict = defineEntity({
  name: 'ClaimConflict',
  tableName: 'claim_conflict',
  uniques: [{ properties: ['fileId', 'position'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    fileId: p.integer(),
    position: p.string().length(40), // 'CLM at segment 19' or 'claims[3]'
    controlNumber: p.string().length(38),
    existingClaimId: p.integer().index(),
    reasons: p.json<string[]>(),
    fingerprint: p.string().length(100),
    chargeCents: p.bigint('number'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
