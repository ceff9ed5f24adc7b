// Handlers of the `reconciliation` queue: balances against the ledger, the aging snapshot, deposit
// matching and the daily KPI snapshot, each a run for one office day (config/schedules.ts),
// idempotent for that day. Scheduled runs leave asOf out (today in the office's zone).
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { defaultOfficeCalendar } from '../config/office-calendar.js';
import { addDays } from '../src/domain/calendar-date.js';
import { todayIn } from '../src/domain/clock.js';
import { asOfDate } from '../src/domain/as-of.js';
import { sqlRunner } from '../src/db/sql.js';
import { reconcileDeposits } from '../src/services/deposits/deposit-matching.service.js';
import { snapshotKpis } from '../src/services/kpis/kpi-snapshot.service.js';
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
  // Daily or on demand with an asOf. Idempotent: pairs are recorded once and each task opened once
  // (src/services/deposits/deposit-matching.service.ts).
  deposits: async ({ asOf }, ctx) => {
    const day = asOfDate(asOf, ctx.clock, ctx.config.timezone);
    const result = await ctx.em.transactional((tx) => reconcileDeposits(tx, { asOf: day, timezone: ctx.config.timezone, clock: ctx.clock }));
    ctx.log.info({ ...result }, 'deposits reconciled');
  },
  // Daily just after midnight, for the day that just ended (the scheduler leaves asOf out), or for the
  // day given. A repeat rewrites no row whose figures are the same: the snapshot service compares first.
  'kpi-snapshot': async ({ asOf }, ctx) => {
    const now = ctx.clock.now();
    const day = asOf ?? addDays(todayIn(ctx.clock, ctx.config.timezone), -1);
    const calendar = { ...defaultOfficeCalendar, timezone: ctx.config.timezone };
    const result = await ctx.em.transactional((tx) => snapshotKpis(sqlRunner(tx), day, { calendar, now }));
    ctx.log.info({ ...result }, 'kpi snapshot stored');
  },
};
