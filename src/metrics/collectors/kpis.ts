// The office's KPIs (docs/kpis.md) as gauges: the last 30 complete office days, read from the daily
// snapshots (kpi_snapshot) so a scrape sums a few hundred rows and never counts claims or ledger
// rows. Each rate comes with its numerator and denominator; a rate with nothing to divide is left
// out (no NaN). Percentiles from snapshots are bucket upper bounds ("at most").
import { Gauge } from 'prom-client';
import { addDays } from '../../domain/calendar-date.js';
import { todayIn } from '../../domain/clock.js';
import type { Ratio } from '../../domain/kpis/ratio.js';
import { officeKpis } from '../../services/kpis/kpi-report.service.js';
import { withTimeout } from '../../util/time.js';
import { METRIC_PREFIX, type CollectorFactory } from '../collector.js';

/** Days the gauges cover, ending yesterday (the last day a snapshot can be complete). */
export const KPI_GAUGE_DAYS = 30;

export const officeKpiGauges: CollectorFactory = (registry, { orm, clock, timezone, timeoutMs }) => {
  const rate = new Gauge({
    name: `${METRIC_PREFIX}kpi_rate`, help: `Office KPI over the last ${KPI_GAUGE_DAYS} complete days, from daily snapshots (docs/kpis.md)`,
    labelNames: ['kpi'], registers: [registry],
  });
  const numerator = new Gauge({ name: `${METRIC_PREFIX}kpi_numerator`, help: 'Numerator of rcm_kpi_rate', labelNames: ['kpi'], registers: [registry] });
  const denominator = new Gauge({ name: `${METRIC_PREFIX}kpi_denominator`, help: 'Denominator of rcm_kpi_rate', labelNames: ['kpi'], registers: [registry] });
  const postingLag = new Gauge({
    name: `${METRIC_PREFIX}kpi_posting_lag_seconds`, help: `ERA received to posted over the last ${KPI_GAUGE_DAYS} days (snapshot buckets: at most)`,
    labelNames: ['quantile'], registers: [registry],
  });
  const daysInAr = new Gauge({ name: `${METRIC_PREFIX}kpi_days_in_ar`, help: 'Days in A/R at the end of the period (A/R / average daily charges)', registers: [registry] });
  const missing = new Gauge({ name: `${METRIC_PREFIX}kpi_days_without_snapshot`, help: 'Days of the period with no KPI snapshot (their figures are missing)', registers: [registry] });
  return {
    name: 'kpis',
    async collect() {
      const zone = timezone ?? 'UTC';
      const to = addDays(todayIn(clock, zone), -1);
      const from = addDays(to, -(KPI_GAUGE_DAYS - 1));
      const figures = await withTimeout(officeKpis(orm.em.fork(), { from, to }, { timezone: zone, clock, source: 'snapshots' }), timeoutMs, 'office KPIs');
      const c = figures.claims;
      const rates: Array<[string, Ratio]> = [
        ['clean_claim_rate', c.cleanClaimRate], ['first_pass_acceptance_rate', c.firstPassAcceptanceRate],
        ['denial_rate_by_claims', c.denialRate.byClaims], ['denial_rate_by_dollars', c.denialRate.byDollars],
        ['auto_posted_rate', c.autoPostedRate], ['ar_over_90_share', c.arOver90Share], ['net_collection_rate', c.netCollectionRate],
        ['claims_submitted_per_day', c.claimsSubmittedPerDay],
      ];
      rate.reset();
      numerator.reset();
      denominator.reset();
      for (const [kpi, r] of rates) {
        numerator.set({ kpi }, r.numerator);
        denominator.set({ kpi }, r.denominator);
        if (r.value !== null) rate.set({ kpi }, r.value);
      }
      postingLag.reset();
      if (c.postingLagSeconds.p50 != null) postingLag.set({ quantile: '0.5' }, c.postingLagSeconds.p50);
      if (c.postingLagSeconds.p95 != null) postingLag.set({ quantile: '0.95' }, c.postingLagSeconds.p95);
      daysInAr.reset();
      if (c.daysInAr.value !== null) daysInAr.set(c.daysInAr.value);
      missing.set(figures.daysWithoutSnapshot?.length ?? 0);
    },
  };
};
