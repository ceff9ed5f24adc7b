// Handlers of the `collections` queue. Dunning and follow-up arrive with their own parts of the collections issue.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { asOfDate } from '../src/domain/as-of.js';
import { reviewPaymentPlans } from '../src/services/collections/payment-plan.service.js';

export const collectionsHandlers: QueueHandlers<typeof catalog, 'collections'> = {
  // Daily: installments past due (plus grace) become missed, paid-up plans complete. Idempotent:
  // an installment is marked missed once, in the transaction that opens its task.
  plans: async (payload, ctx) => {
    const asOf = asOfDate(payload.asOf, ctx.clock, ctx.config.timezone);
    const review = await ctx.em.transactional((tx) => reviewPaymentPlans(tx, asOf, { clock: ctx.clock, timezone: ctx.config.timezone }));
    ctx.log.info({ ...review }, 'payment plans reviewed');
  },
};
