// JSON Schemas of the posting API (src/http/routes/remittances.ts): ids, codes and amounts only.
const cents = { type: 'integer' } as const;

const MONEY_PROPERTIES = {
  paymentCents: cents, claims: { type: 'integer' }, chargeCents: cents, paidCents: cents, contractualCents: cents, deniedCents: cents,
  patientRespCents: cents, otherAdjustmentCents: cents, providerAdjustmentCents: cents,
} as const;

export const ERA_RECEIVED_SCHEMA = {
  type: 'object',
  required: ['fileId', 'status'],
  properties: { fileId: { type: 'integer' }, status: { type: 'string', enum: ['queued', 'duplicate'], description: 'duplicate: the same bytes arrived before (200)' } },
} as const;

export const ERA_FILE_SUMMARY_SCHEMA = {
  type: 'object',
  description: 'what the 835 file posted, and each transaction (the `rcm era import --json` contract, docs/posting.md)',
  required: ['file', 'fileId', 'status', 'traceNumber', ...Object.keys(MONEY_PROPERTIES), 'matched', 'unmatched', 'claimsWithDenial', 'tasksCreated', 'transactions'],
  properties: {
    file: { type: 'string' },
    fileId: { type: 'integer' },
    status: { type: 'string', enum: ['queued', 'processing', 'posted', 'duplicate', 'conflict', 'rejected'] },
    traceNumber: { type: ['string', 'null'] },
    ...MONEY_PROPERTIES,
    matched: { type: 'integer' },
    unmatched: { type: 'integer' },
    claimsWithDenial: { type: 'integer' },
    tasksCreated: { type: 'integer' },
    transactions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          controlNumber: { type: 'string' },
          traceNumber: { type: 'string' },
          status: { type: 'string', enum: ['processing', 'posted', 'duplicate', 'conflict'] },
          ...MONEY_PROPERTIES,
          duplicateOf: { type: 'integer', description: 'the remittance that holds the trace already' },
          sameContent: { type: 'boolean' },
          reason: { type: 'string', description: 'why a conflict was refused' },
        },
      },
    },
    error: { type: 'string', description: 'a rejected file: why' },
  },
} as const;
