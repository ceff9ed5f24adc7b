// Handlers of the `collections` queue. Scheduled runs leave asOf out (today in the office's zone).
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { asOfDate } from '../src/domain/as-of.js';
import { followUpInsuranceClaims } from '../src/services/collections/insurance-follow-up.service.js';

export const collectionsHandlers: QueueHandlers<typeof catalog, 'collections'> = {
  // Status inquiries, filing-deadline warnings and appeal deadlines; a re-run the same day opens nothing.
  'follow-up': async (payload, ctx) => {
    const asOf = asOfDate(payload.asOf, ctx.clock, ctx.config.timezone);
    const result = await ctx.em.transactional((tx) => followUpInsuranceClaims(tx, {
      asOf, timezone: ctx.config.timezone, clock: ctx.clock, payerRules: ctx.config.payerRules,
    }));
    ctx.log.info({ ...result }, 'insurance claims followed up');
  },
};
