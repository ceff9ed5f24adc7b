// The payment-posting domain's public surface: read an 835 (whole or streamed), check its
// balancing, classify adjustments, plan ledger entries, match lines and decide follow-up work.
// Everything here is pure.
export * from './remittance.js';
export { readEra, readEraSegments, streamEra, readEraStream } from './era-reader.js';
export type { EraFile, ReadEraOptions, EraStreamInput, EraStreamHandlers, EraStreamResult } from './era-reader.js';
export { EraAssembler } from './era-assembler.js';
export type { EraEvent, EraAssemblerOptions } from './era-assembler.js';
export { segmentBatchesFromStream, segmentsFromStream } from './segment-stream.js';
export {
  checkBalancing, checkClaimBalancing, checkTransactionBalancing, claimAdjustmentCents, postedLedgerMismatch,
} from './balancing.js';
export type { PostedLedgerTotals } from './balancing.js';
export { classifyCarc, carcKey, validateCarcTable, withCarcOverrides } from './carc.js';
export type { AdjustmentContext, CarcAction, CarcRule, CarcTable, CarcClassification } from './carc.js';
export {
  addPostingTotals, claimKeyOf, NO_POSTING, planProviderAdjustments, planRemittancePosting, planTransactionPosting,
  planUnappliedPayment, providerAdjustmentKeyOf, summarizePosting,
} from './posting-plan.js';
export type {
  LedgerEntryKind, LineReference, PlannedLedgerEntry, PlannedProviderAdjustment, PostingContext, PostingTotals,
} from './posting-plan.js';
export { conflictReason, paymentDifferences, paymentIdentityOf, paymentVerdict } from './payment-identity.js';
export type { EarlierPayment, PaymentIdentity, PaymentVerdict } from './payment-identity.js';
export { expectedAllowedCents, matchClaimLines, matchRemittanceClaim } from './claim-matching.js';
export type { ClaimCandidate, ClaimMatch, OurClaimLine, RemittanceParties } from './claim-matching.js';
export { appealDeadline, denialOf, followUpTaskOf, underpaymentOf } from './posting-follow-up.js';
export type { DenialFinding, FeeSchedule, PostingTask } from './posting-follow-up.js';
