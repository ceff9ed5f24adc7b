// Handlers of the `reconciliation` queue. Deposit matching, account checks and aging arrive with the
// reconciliation issue; the daily KPI snapshot is here.
import type { QueueHandlers } from '../src/queues/handlers.js';
import type { catalog } from '../src/queues/registry.js';
import { defaultOfficeCalendar } from '../config/office-calendar.js';
import { addDays } from '../src/domain/calendar-date.js';
import { todayIn } from '../src/domain/clock.js';
import { sqlRunner } from '../src/db/sql.js';
import { snapshotKpis } from '../src/services/kpis/kpi-snapshot.service.js';

export const reconciliationHandlers: QueueHandlers<typeof catalog, 'reconciliation'> = {
  // Daily (src/services/kpis/kpi-schedule.service.ts), for the day before unless asOf says which.
  // A repeat rewrites no row whose figures are the same: the snapshot service compares before writing.
  'kpi-snapshot': async ({ asOf }, ctx) => {
    const now = ctx.clock.now();
    const day = asOf ?? addDays(todayIn(ctx.clock, ctx.config.timezone), -1);
    const calendar = { ...defaultOfficeCalendar, timezone: ctx.config.timezone };
    const result = await ctx.em.transactional((tx) => snapshotKpis(sqlRunner(tx), day, { calendar, now }));
    ctx.log.info({ ...result }, 'kpi snapshot stored');
  },
};
