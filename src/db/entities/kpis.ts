// One day's KPI figures per scope (office, payer, specialist), kept so trends outlive the rows
// they were counted from and a year's report sums 365 small rows instead of rescanning claims.
// Counts are additive numerators and denominators; histograms hold the day's durations in fixed
// buckets (src/domain/kpis/histogram.ts), so percentiles can be combined across days.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

export const KPI_SCOPES = ['office', 'payer', 'specialist'] as const;
export type KpiScope = (typeof KPI_SCOPES)[number];

export const KpiSnapshot = defineEntity({
  name: 'KpiSnapshot',
  tableName: 'kpi_snapshot',
  properties: {
    asOf: p.date().primary(),
    scope: p.enum([...KPI_SCOPES]).primary(),
    /** '' for the office, the payer's id, the specialist's id. */
    scopeKey: p.string().length(40).primary(),
    counts: p.json<Record<string, number>>(),
    histograms: p.json<Record<string, number[]>>(),
    /** CARC (group-reason) → [claims, cents] denied on first remittances that day. */
    carcs: p.json<Record<string, [number, number]>>(),
    computedAt: p.datetime(),
  },
});
