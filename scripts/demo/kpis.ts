// Demo step (last): the office's KPIs over the demo's period (issue #13), read live by
// officeKpis as /metrics and `rcm report kpis` read them, each with its numerator and
// denominator. The figures follow from what the demo did; the one the issue names is checked:
// the claims step's deliberate errors lower the clean-claim rate by exactly their share.
import { addDays } from '../../src/domain/calendar-date.js';
import { formatDollars } from '../../src/domain/money.js';
import type { Ratio } from '../../src/domain/kpis/ratio.js';
import { officeKpis } from '../../src/services/kpis/kpi-report.service.js';
import { demoToday, type DemoContext } from './context.js';

/** The KPI period: the 30 office days ending on the demo's day (live figures: within LIVE_MAX_DAYS). */
export const KPI_PERIOD_DAYS = 30;

export async function demoKpis(ctx: DemoContext): Promise<void> {
  const to = demoToday(ctx);
  const from = addDays(to, 1 - KPI_PERIOD_DAYS);
  const { claims, source } = await officeKpis(ctx.orm.em.fork(), { from, to }, { timezone: ctx.config.timezone });
  ctx.say(`KPIs over the demo's ${KPI_PERIOD_DAYS} days (${source}):`);
  ctx.say(`  clean-claim rate ${rate(claims.cleanClaimRate)}`);
  ctx.say(`  first-pass acceptance ${rate(claims.firstPassAcceptanceRate)}`);
  ctx.say(`  denial rate by claims ${rate(claims.denialRate.byClaims)}; by dollars ${rate(claims.denialRate.byDollars, true)}`);
  // Posting lag is wall-clock seconds from an 835's arrival to its posting: it differs by a second
  // or two between runs, so it is printed by the hour it falls within (the demo prints the same each run).
  const lag = claims.postingLagSeconds;
  ctx.say(`  posting lag: ${lag.count} ERAs ranked; p50 ${withinHours(lag.p50)}, p95 ${withinHours(lag.p95 ?? null)}`);
  ctx.say(`  net collection rate ${rate(claims.netCollectionRate, true)}`);
  const ar = claims.daysInAr;
  ctx.say(`  days in A/R ${ar.value ?? 'n/a'} (A/R ${formatDollars(ar.numerator)} / (charges ${formatDollars(ar.denominator)} / ${ar.days} days))`);

  const { claims: made, deliberateErrors } = ctx.facts;
  if (made !== undefined && deliberateErrors !== undefined) {
    const clean = claims.cleanClaimRate;
    const agrees = clean.denominator === made && clean.numerator === made - deliberateErrors;
    ctx.say(`  check: clean-claim rate ${clean.numerator}/${clean.denominator} ${agrees ? '=' : '≠'} (${made} claims − ${deliberateErrors} deliberate errors) / ${made} claims`);
    if (!agrees) throw new Error(`the clean-claim rate ${clean.numerator}/${clean.denominator} does not follow from the claims step (${made} claims, ${deliberateErrors} with a deliberate error)`);
  }
}

function rate(r: Ratio, dollars = false): string {
  const part = (n: number) => (dollars ? formatDollars(n) : String(n));
  return `${r.value === null ? 'n/a' : `${(r.value * 100).toFixed(2)}%`} (${part(r.numerator)} / ${part(r.denominator)})`;
}

function withinHours(seconds: number | null): string {
  if (seconds === null) return 'n/a';
  return `within ${Math.max(1, Math.ceil(seconds / 3600))} h`;
}
