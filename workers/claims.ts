// Handlers of the `claims` queue: each turns its payload into one service call. Bad input is
// thrown as BadInputError by the services (after quarantining), so it fails without retries.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { importClaimFile } from '../src/services/claims/claim-import.service.js';
import { scrubStoredClaim } from '../src/services/claims/claim-scrub.service.js';
import { submitReadyClaims } from '../src/services/claims/claim-submit.service.js';
import { applyAckFile } from '../src/services/claims/claim-ack.service.js';
import { readFileOrQuarantine } from '../src/services/file-jobs.js';

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
    // A transaction per step: each batch commits before the clearinghouse gets it.
    const outcome = await submitReadyClaims((work) => ctx.em.fork().transactional(work), payerId, {
      timezone: ctx.config.timezone, clearinghouse: ctx.config.clearinghouse, clock: ctx.clock,
    });
    ctx.log.info({ payerId, batches: outcome.submissions.length, claims: outcome.claims, deferred: outcome.deferred }, 'claims submitted');
  },
  ack: async ({ fileId }, ctx) => {
    const { timezone } = ctx.config;
    const outcome = await readFileOrQuarantine(ctx.em, { fileId, fileLabel: 'acknowledgment file', timezone },
      (tx) => applyAckFile(tx, fileId, { timezone, clock: ctx.clock }));
    ctx.log.info({ fileId, kind: outcome.kind, accepted: outcome.accepted, rejected: outcome.rejected, unmatched: outcome.unmatched }, 'acknowledgment processed');
  },
};
