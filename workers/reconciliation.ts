// Handlers of the `reconciliation` queue. Scheduled runs leave asOf out (today in the office's zone).
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { asOfDate } from '../src/domain/as-of.js';
import { checkAccountBalances } from '../src/services/reconciliation/account-balances.service.js';
import { takeAgingSnapshot } from '../src/services/reconciliation/aging.service.js';

export const reconciliationHandlers: QueueHandlers<typeof catalog, 'reconciliation'> = {
  // Claims' and accounts' stored totals against the ledger; differences become tasks, never fixes.
  // A re-run of the same day opens and records nothing new.
  accounts: async (payload, ctx) => {
    const asOf = asOfDate(payload.asOf, ctx.clock, ctx.config.timezone);
    const result = await ctx.em.transactional((tx) => checkAccountBalances(tx, { asOf, timezone: ctx.config.timezone, clock: ctx.clock }));
    ctx.log.info({ ...result }, 'balances checked against the ledger');
  },
  // The day's aging snapshot; a re-run replaces it with the same figures.
  aging: async (payload, ctx) => {
    const asOf = asOfDate(payload.asOf, ctx.clock, ctx.config.timezone);
    const result = await ctx.em.transactional((tx) => takeAgingSnapshot(tx, { asOf, timezone: ctx.config.timezone, now: ctx.clock.now() }));
    ctx.log.info({ ...result }, 'aging snapshot taken');
  },
};
