// JSON Schemas of the deposits API (src/http/routes/deposits.ts): ids, dates, amounts and masked accounts only.
const totals = {
  type: 'object',
  required: ['deposits', 'totalCents', 'byStatus'],
  properties: {
    deposits: { type: 'integer' }, totalCents: { type: 'integer' },
    byStatus: { type: 'object', additionalProperties: { type: 'integer' }, description: 'deposits by status: unmatched, matched, variance' },
  },
} as const;

export const DEPOSIT_FILE_IMPORTED_SCHEMA = {
  type: 'object',
  required: ['fileId', 'format', 'status', 'added', 'totals'],
  properties: {
    fileId: { type: 'integer' },
    format: { type: 'string', enum: ['BAI2', 'deposits-csv'] },
    status: { type: 'string', enum: ['imported', 'duplicate'], description: 'duplicate: the same bytes arrived before, nothing added (200)' },
    added: { type: 'integer' },
    totals,
  },
} as const;

export const DEPOSIT_FILE_REFUSED_SCHEMA = {
  type: 'object',
  required: ['error', 'fileId'],
  description: 'the whole file refused, nothing written; it is kept quarantined with its reason (line and field)',
  properties: { error: { type: 'string' }, fileId: { type: 'integer' } },
} as const;

export const DEPOSIT_LIST_QUERY = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['unmatched', 'matched', 'variance'] },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
} as const;

export const DEPOSIT_LIST_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'fileId', 'line', 'depositDate', 'amountCents', 'traceNumber', 'bankAccount', 'typeCode', 'status', 'remittanceId'],
    properties: {
      id: { type: 'integer' }, fileId: { type: 'integer' }, line: { type: 'integer' }, depositDate: { type: 'string', format: 'date' },
      amountCents: { type: 'integer' }, traceNumber: { type: ['string', 'null'] }, bankAccount: { type: 'string', description: 'masked: ****1234' },
      typeCode: { type: ['string', 'null'] }, status: { type: 'string', enum: ['unmatched', 'matched', 'variance'] }, remittanceId: { type: ['integer', 'null'] },
    },
  },
} as const;
