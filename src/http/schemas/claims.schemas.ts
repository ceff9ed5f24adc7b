// JSON Schemas of the claims API (src/http/routes/claims.ts): what goes in, what comes back.
// Responses are serialized through these, so every field a route returns is listed.
import { CLAIM_STATUSES } from '../../domain/claims/claim-status.js';

const cents = (description?: string) => ({ type: 'integer', ...(description ? { description } : {}) });

export const FILE_NAME_QUERY = {
  type: 'object',
  properties: { fileName: { type: 'string', description: 'the name the file is stored under (at most 200 characters)' } },
} as const;

export const RECEIVED_FILE_SCHEMA = {
  type: 'object',
  required: ['fileId', 'duplicate', 'status'],
  properties: {
    fileId: { type: 'integer', description: 'the stored file (the same bytes sent again name the first one)' },
    duplicate: { type: 'boolean' },
    status: { type: 'string', enum: ['queued'] },
  },
} as const;

export const CLAIM_SUMMARY_PROPERTIES = {
  controlNumber: { type: 'string', description: 'the patient control number (CLM01)' },
  status: { type: 'string', enum: [...CLAIM_STATUSES] },
  payerId: { type: 'string', description: "the payer's X12 id" },
  frequency: { type: 'string', description: 'claim frequency code (1 original, 7 replacement, 8 void)' },
  chargeCents: cents(),
  paidCents: cents(),
  contractualCents: cents(),
  deniedCents: cents(),
  patientRespCents: cents(),
  balanceCents: cents(),
} as const;

export const CLAIM_SUMMARY_SCHEMA = {
  type: 'object',
  required: Object.keys(CLAIM_SUMMARY_PROPERTIES),
  properties: CLAIM_SUMMARY_PROPERTIES,
} as const;

export const CLAIM_VIEW_SCHEMA = {
  type: 'object',
  required: [...Object.keys(CLAIM_SUMMARY_PROPERTIES), 'lines', 'edits', 'events'],
  properties: {
    ...CLAIM_SUMMARY_PROPERTIES,
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          lineControlNumber: { type: 'string' }, procedure: { type: 'string' }, modifiers: { type: 'array', items: { type: 'string' } },
          units: { type: 'number' }, chargeCents: cents(), paidCents: cents(), contractualCents: cents(), deniedCents: cents(), patientRespCents: cents(),
        },
      },
    },
    edits: {
      type: 'array',
      description: 'what the scrubber found',
      items: {
        type: 'object',
        properties: { code: { type: 'string' }, severity: { type: 'string' }, field: { type: 'string' }, line: { type: ['integer', 'null'] }, message: { type: 'string' } },
      },
    },
    events: {
      type: 'array',
      description: 'status history, oldest first',
      items: {
        type: 'object',
        properties: {
          from: { type: ['string', 'null'] }, to: { type: 'string' }, at: { type: 'string', format: 'date-time' },
          detail: { type: ['object', 'null'], additionalProperties: true },
        },
      },
    },
  },
} as const;

export const CLAIMS_DOCUMENT_SCHEMA = {
  type: 'object',
  description: 'a claims document, {"format": "rcm-claims/v1", "claims": [...]} (docs/claims.md); checked when its job reads it',
  additionalProperties: true,
} as const;

export const SUBMIT_BODY_SCHEMA = {
  type: ['object', 'null'],
  description: 'no body: every payer with claims ready; {"payerId"}: that payer only',
  properties: { payerId: { type: 'string' } },
} as const;

export const SUBMITTED_SCHEMA = {
  type: 'object',
  required: ['payers'],
  properties: { payers: { type: 'array', items: { type: 'string' }, description: 'payers whose submission was queued' } },
} as const;

export const CLAIM_LIST_QUERY = {
  type: 'object',
  properties: {
    status: { type: 'string', description: `one of ${CLAIM_STATUSES.join(', ')}` },
    payer: { type: 'string', description: "the payer's X12 id" },
    limit: { type: 'string', description: 'a whole number above 0 (default 1000)' },
  },
} as const;
