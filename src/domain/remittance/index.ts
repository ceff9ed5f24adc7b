// The payment-posting domain's public surface: read an 835 (whole or streamed), check its
// balancing, classify adjustments, and plan ledger entries. Everything here is pure.
export * from './remittance.js';
export { readEra, readEraSegments, streamEra, readEraStream } from './era-reader.js';
export type { EraFile, ReadEraOptions, EraStreamInput, EraStreamHandlers, EraStreamResult } from './era-reader.js';
export { EraAssembler } from './era-assembler.js';
export type { EraEvent, EraAssemblerOptions } from './era-assembler.js';
export { segmentBatchesFromStream, segmentsFromStream } from './segment-stream.js';
export { checkBalancing, checkClaimBalancing, checkTransactionBalancing, claimAdjustmentCents } from './balancing.js';
export { classifyCarc, carcKey, validateCarcTable, withCarcOverrides } from './carc.js';
export type { CarcAction, CarcRule, CarcTable, CarcClassification } from './carc.js';
export {
  planRemittancePosting, planProviderAdjustments, planTransactionPosting, summarizePosting,
} from './posting-plan.js';
export type { LedgerEntryKind, LineReference, PlannedLedgerEntry, PostingContext, PostingTotals } from './posting-plan.js';
