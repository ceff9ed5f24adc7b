// Handlers of the `claims` queue: each opens the transaction its service runs in. Files are read
// through readFileOrQuarantine, so bad input is quarantined and fails without retries.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { todayIn, type Clock } from '../src/domain/clock.js';
import { readFileOrQuarantine } from '../src/services/file-jobs.service.js';
import { importClaimFile } from '../src/services/claims/claim-import.service.js';
import { scrubClaimBatch, scrubStoredClaim, type ScrubOptions } from '../src/services/claims/claim-scrub.service.js';
import { submitReadyClaims } from '../src/services/claims/claim-submit.service.js';
import { applyAckFile } from '../src/services/claims/claim-ack.service.js';
import { SubmissionGuards } from '../src/services/operations/submission-gate.js';

export const claimsHandlers: QueueHandlers<typeof catalog, 'claims'> = {
  import: async ({ fileId }, ctx) => {
    const outcome = await readFileOrQuarantine(ctx.em, { fileId, fileLabel: 'claims file', timezone: ctx.config.timezone },
      (tx) => importClaimFile(tx, fileId, { payerRules: ctx.config.payerRules, timezone: ctx.config.timezone, clock: ctx.clock }));
    const { claims, newClaims, duplicates, conflicts } = outcome;
    ctx.log.info({ fileId, claims, newClaims, duplicates, conflicts }, 'claims file imported');
  },
  // Enqueued when a person fixed, replaced or billed a claim onward (task outcomes): a ready claim is sent.
  scrub: async ({ claimId }, ctx) => {
    const outcome = await ctx.em.transactional((tx) => scrubStoredClaim(tx, claimId, scrubOptions(ctx), true));
    ctx.log.debug({ claimId, status: outcome.status, edits: outcome.edits.length }, 'claim scrubbed');
  },
  'scrub-batch': async (batch, ctx) => {
    const outcome = await ctx.em.transactional((tx) => scrubClaimBatch(tx, batch, scrubOptions(ctx)));
    ctx.log.debug({ ...batch, ready: outcome.ready, edits: outcome.edits }, 'claims scrubbed');
  },
  submit: async ({ payerId }, ctx) => {
    // A transaction per step: each batch commits before the clearinghouse gets it. The breaker and
    // rate limits live in Redis, reached through the queues' own (fail-fast producer) connection.
    const guards = new SubmissionGuards(ctx.queues.connection, ctx.queues.prefix, ctx.log);
    const outcome = await submitReadyClaims((work) => ctx.em.fork().transactional(work), payerId, {
      timezone: ctx.config.timezone, clearinghouse: ctx.config.clearinghouse, clock: ctx.clock, guards,
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

function scrubOptions(ctx: { clock: Clock; config: { timezone: string; payerRules: ScrubOptions['payerRules'] } }): ScrubOptions {
  return { timezone: ctx.config.timezone, today: todayIn(ctx.clock, ctx.config.timezone), clock: ctx.clock, payerRules: ctx.config.payerRules };
}
