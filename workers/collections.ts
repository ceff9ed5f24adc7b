// Handlers of the `collections` queue. The dunning pass is here; payment plans and follow-up arrive
// with their parts of the collections issue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { asOfDate } from '../src/domain/as-of.js';
import { runDunningPass } from '../src/services/collections/dunning.service.js';

export const collectionsHandlers: QueueHandlers<typeof catalog, 'collections'> = {
  // Daily. The service opens one transaction per slice of accounts; a second run the same day
  // sends, writes off and opens nothing (statement and ledger keys, task de-duplication).
  dunning: async (payload, ctx) => {
    const asOf = asOfDate(payload.asOf, ctx.clock, ctx.config.timezone);
    const summary = await runDunningPass(ctx.em, asOf, { timezone: ctx.config.timezone, clock: ctx.clock });
    // Counts and the day only; the agency file's path names no one.
    ctx.log.info({ ...summary }, 'dunning pass done');
  },
};
