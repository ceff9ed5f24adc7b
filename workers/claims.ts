// Handlers of the `claims` queue: each turns its payload into one service call. Bad input is
// thrown as BadInputError by the services (after quarantining), so it fails without retries.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { importClaimFile } from '../src/services/claims/claim-import.service.js';
import { scrubStoredClaim } from '../src/services/claims/claim-scrub.service.js';
import { submitReadyClaims } from '../src/services/claims/claim-submit.service.js';
import { processAckFile } from '../src/services/claims/claim-ack.service.js';

export const claimsHandlers: QueueHandlers<typeof catalog, 'claims'> = {
  import: async ({ fileId }, ctx) => {
    const outcome = await importClaimFile(ctx.em, fileId, { timezone: ctx.config.timezone });
    ctx.log.info({ fileId, claims: outcome.claims, newClaims: outcome.newClaims }, 'claims file imported');
  },
  scrub: async ({ claimId }, ctx) => {
    const outcome = await scrubStoredClaim(ctx.em, claimId, { timezone: ctx.config.timezone });
    ctx.log.debug({ claimId, status: outcome.status, edits: outcome.edits.length }, 'claim scrubbed');
  },
  submit: async ({ payerId }, ctx) => {
    const outcome = await submitReadyClaims(ctx.em, payerId, { timezone: ctx.config.timezone });
    ctx.log.info({ payerId, batches: outcome.submissions.length, claims: outcome.claims, deferred: outcome.deferred }, 'claims submitted');
  },
  ack: async ({ fileId }, ctx) => {
    const outcome = await processAckFile(ctx.em, fileId, { timezone: ctx.config.timezone });
    ctx.log.info({ fileId, kind: outcome.kind, accepted: outcome.accepted, rejected: outcome.rejected, unmatched: outcome.unmatched }, 'acknowledgment processed');
  },
};
