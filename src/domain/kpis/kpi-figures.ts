// The figures a reader sees, made from a tally of counts: every rate with its numerator and
// denominator (null when the denominator is 0), percentiles with how many durations they rank.
// Definitions: docs/kpis.md.
import { percentile, histogramPercentile, POSTING_LAG_BOUNDS_SECONDS, RESOLUTION_BOUNDS_BUSINESS_DAYS } from './percentiles.js';
import { ratio, roundTo, type Ratio } from './ratio.js';
import type { KpiTally } from './kpi-tally.js';

export interface PercentileFigure {
  /** How many durations were ranked. */
  readonly count: number;
  readonly p50: number | null;
  readonly p90?: number | null;
  readonly p95?: number | null;
  /** false: read from daily buckets, each value is the upper bound of its bucket ("at most"). */
  readonly exact: boolean;
  /** A percentile fell in the open last bucket: the value is larger than the one shown. */
  readonly beyondLastBucket?: boolean;
}

export interface DaysInAr {
  /** A/R ÷ average daily charges: numerator ÷ (denominator ÷ days). */
  readonly value: number | null;
  readonly numerator: number; // A/R in cents at the end of the period
  readonly denominator: number; // charges in cents over the period
  readonly days: number; // calendar days in the period
  readonly asOf: string | null;
}

export interface ClaimFigures {
  readonly claimsSubmittedPerDay: Ratio;
  readonly cleanClaimRate: Ratio;
  readonly firstPassAcceptanceRate: Ratio;
  readonly denialRate: {
    readonly byClaims: Ratio;
    readonly byDollars: Ratio;
    readonly byCarc: ReadonlyArray<{ carc: string; byClaims: Ratio; byDollars: Ratio }>;
  };
  readonly postingLagSeconds: PercentileFigure;
  readonly autoPostedRate: Ratio;
  readonly daysInAr: DaysInAr;
  readonly arOver90Share: Ratio;
  readonly netCollectionRate: Ratio;
}

export interface PeopleFigures {
  readonly claimsResolvedPerDay: Ratio;
  readonly tasksDonePerDay: Ratio;
  readonly averageHandleSeconds: Ratio;
  readonly denialResolutionBusinessDays: PercentileFigure;
  readonly dollarsRecoveredCents: number;
  readonly slaMisses: number;
  readonly escalationsReceived: number;
}

export interface PeriodDays {
  /** Calendar days in the period. */
  readonly days: number;
  /** The office's working days in the period (office calendar): the "per day" denominator. */
  readonly businessDays: number;
}

function durations(tally: KpiTally, which: 'postingLagSeconds' | 'resolutionBusinessDays', high: 90 | 95): PercentileFigure {
  const values = tally.durations[which];
  if (tally.durations.exact) {
    return { count: values.length, p50: percentile(values, 50), [high === 90 ? 'p90' : 'p95']: percentile(values, high), exact: true };
  }
  const bounds = which === 'postingLagSeconds' ? POSTING_LAG_BOUNDS_SECONDS : RESOLUTION_BOUNDS_BUSINESS_DAYS;
  const p50 = histogramPercentile(values, bounds, 50);
  const pHigh = histogramPercentile(values, bounds, high);
  return {
    count: values.reduce((sum, n) => sum + n, 0), p50: p50.value, [high === 90 ? 'p90' : 'p95']: pHigh.value, exact: false,
    beyondLastBucket: p50.beyond || pHigh.beyond,
  };
}

export function claimFigures(tally: KpiTally, period: PeriodDays): ClaimFigures {
  const f = tally.flows;
  const ar = tally.stock?.arCents ?? 0;
  const byCarc = Object.entries(tally.carcs)
    .sort(([a, x], [b, y]) => y[0] - x[0] || a.localeCompare(b))
    .map(([carc, [claims, cents]]) => ({ carc, byClaims: ratio(claims, f.remitted), byDollars: ratio(cents, f.remittedChargeCents) }));
  return {
    claimsSubmittedPerDay: ratio(f.submitted, period.businessDays),
    cleanClaimRate: ratio(f.clean, f.scrubbed),
    firstPassAcceptanceRate: ratio(f.acceptedFirstPass, f.acknowledged),
    denialRate: { byClaims: ratio(f.deniedClaims, f.remitted), byDollars: ratio(f.deniedCents, f.remittedChargeCents), byCarc },
    postingLagSeconds: durations(tally, 'postingLagSeconds', 95),
    autoPostedRate: ratio(f.remitClaimsAuto, f.remitClaimsPosted),
    daysInAr: {
      value: f.chargesCents === 0 ? null : roundTo((ar * period.days) / f.chargesCents, 2),
      numerator: ar, denominator: f.chargesCents, days: period.days, asOf: tally.stock?.asOf ?? null,
    },
    arOver90Share: ratio(tally.stock?.arOver90Cents ?? 0, ar),
    netCollectionRate: ratio(f.paymentsCents, f.chargesCents - f.contractualCents),
  };
}

export function peopleFigures(tally: KpiTally, period: PeriodDays): PeopleFigures {
  const f = tally.flows;
  return {
    claimsResolvedPerDay: ratio(f.claimsResolved, period.businessDays),
    tasksDonePerDay: ratio(f.tasksDone, period.businessDays),
    averageHandleSeconds: ratio(f.handleSeconds, f.handled),
    denialResolutionBusinessDays: durations(tally, 'resolutionBusinessDays', 90),
    dollarsRecoveredCents: f.dollarsRecoveredCents,
    slaMisses: f.slaMisses,
    escalationsReceived: f.escalationsReceived,
  };
}
