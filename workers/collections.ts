// Handlers of the `collections` queue: the statement cycle, payment plans and insurance follow-up. Each is a daily run
// for the office's date `asOf` (left out by the scheduler: today), idempotent for that day.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { asOfDate } from '../src/domain/as-of.js';
import { reviewPaymentPlans } from '../src/services/collections/payment-plan.service.js';
import { runDunningPass } from '../src/services/collections/dunning.service.js';
import { followUpInsuranceClaims } from '../src/services/collections/insurance-follow-up.service.js';

export const collectionsHandlers: QueueHandlers<typeof catalog, 'collections'> = {
  // Daily: installments past due (plus grace) become missed, paid-up plans complete. Idempotent:
  // an installment is marked missed once, in the transaction that opens its task.
  plans: async (payload, ctx) => {
    const asOf = asOfDate(payload.asOf, ctx.clock, ctx.config.timezone);
    const review = await ctx.em.transactional((tx) => reviewPaymentPlans(tx, asOf, { clock: ctx.clock, timezone: ctx.config.timezone }));
    ctx.log.info({ ...review }, 'payment plans reviewed');
  },
  // Daily. The service opens one transaction per slice of accounts; a second run the same day
  // sends, writes off and opens nothing (statement and ledger keys, task de-duplication).
  dunning: async (payload, ctx) => {
    const asOf = asOfDate(payload.asOf, ctx.clock, ctx.config.timezone);
    const summary = await runDunningPass(ctx.em, asOf, { timezone: ctx.config.timezone, clock: ctx.clock, agencyExportDir: ctx.config.collections.agencyExportDir });
    // Counts and the day only; the agency file's path names no one.
    ctx.log.info({ ...summary }, 'dunning pass done');
  },
  // Status inquiries, filing-deadline warnings and appeal deadlines; a re-run the same day opens nothing.
  'follow-up': async (payload, ctx) => {
    const asOf = asOfDate(payload.asOf, ctx.clock, ctx.config.timezone);
    const result = await ctx.em.transactional((tx) => followUpInsuranceClaims(tx, {
      asOf, timezone: ctx.config.timezone, clock: ctx.clock, payerRules: ctx.config.payerRules,
    }));
    ctx.log.info({ ...result }, 'insurance claims followed up');
  },
};
