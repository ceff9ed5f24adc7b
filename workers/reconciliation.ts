// Handlers of the `reconciliation` queue. Deposit matching is here; account checks and aging arrive with the reconciliation issue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { asOfDate } from '../src/domain/as-of.js';
import { reconcileDeposits } from '../src/services/deposits/deposit-matching.service.js';

export const reconciliationHandlers: QueueHandlers<typeof catalog, 'reconciliation'> = {
  // Daily (config/schedules.ts) or on demand with an asOf. Idempotent: pairs are recorded once
  // and each task opened once (src/services/deposits/deposit-matching.service.ts).
  deposits: async ({ asOf }, ctx) => {
    const day = asOfDate(asOf, ctx.clock, ctx.config.timezone);
    const result = await ctx.em.transactional((tx) => reconcileDeposits(tx, { asOf: day, timezone: ctx.config.timezone, clock: ctx.clock }));
    ctx.log.info({ ...result }, 'deposits reconciled');
  },
};
