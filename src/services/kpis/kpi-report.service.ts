// KPI reads (`rcm report kpis`, GET /api/kpis) and the office's figures for other readers
// (officeKpis: the /metrics gauges and the demo). A period of up to LIVE_MAX_DAYS is counted live
// from the rows (exact percentiles); a longer one sums the daily snapshots (percentiles to a
// bucket's precision), so a year's report reads a few hundred small rows. docs/kpis.md.
import type { EntityManager } from '@mikro-orm/postgresql';
import { defaultOfficeCalendar, type OfficeCalendar } from '../../../config/office-calendar.js';
import { KpiSnapshotsRepository } from '../../db/repositories/kpi-snapshots.repository.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { systemClock, todayIn, type Clock } from '../../domain/clock.js';
import { addDays } from '../../domain/calendar-date.js';
import { workingDaysIn } from '../../domain/kpis/business-time.js';
import { claimFigures, peopleFigures, type ClaimFigures, type PeopleFigures } from '../../domain/kpis/kpi-figures.js';
import { KpiRequestError, kpiPeriod, type KpiBreakdown, type KpiPeriod } from '../../domain/kpis/kpi-request.js';
import { addFacts, addSnapshot, emptyFacts, emptyTally, mergeFacts, type KpiFacts, type KpiTally } from '../../domain/kpis/kpi-tally.js';
import type { Person } from '../../domain/people/person.js';
import { kpiAudience } from './kpi-audience.js';
import { countFacts, receivablesAt, type ScopeKey } from './kpi-facts.service.js';

/** Periods up to this many days are counted live; longer ones are read from the daily snapshots. */
export const LIVE_MAX_DAYS = 31;
export const KPI_SOURCES = ['auto', 'live', 'snapshots'] as const;
export type KpiSource = (typeof KPI_SOURCES)[number];

export interface KpiReadRequest {
  from?: string;
  to?: string;
  by?: string;
  specialist?: string;
  team?: string;
  source?: string;
}

export interface KpiRow {
  scope: KpiBreakdown;
  /** Payer or person id; null for the office. */
  id: number | null;
  /** Payer's X12 id or the person's login (a team is named by its lead). */
  name: string | null;
  claims?: ClaimFigures;
  people?: PeopleFigures;
}

export interface KpiReport {
  period: KpiPeriod & { businessDays: number };
  by: KpiBreakdown;
  source: 'live' | 'snapshots';
  /** Days of the period without a snapshot (only when read from snapshots): their figures are missing. */
  daysWithoutSnapshot?: string[];
  rows: KpiRow[];
}

export interface KpiReadOptions {
  calendar: OfficeCalendar;
  now: Date;
}

/** Where a report's counts come from: per payer and per person, summed over the period. */
interface PeriodCounts {
  payer(key: ScopeKey): KpiTally;
  office(): KpiTally;
  people(keys: readonly ScopeKey[]): KpiTally;
  payerKeys: ScopeKey[];
}

async function liveCounts(run: Run, period: KpiPeriod, options: KpiReadOptions): Promise<PeriodCounts> {
  const days = await countFacts(run, period.from, period.to, options);
  const payers = new Map<ScopeKey, KpiFacts>();
  const people = new Map<ScopeKey, KpiFacts>();
  for (const day of days.values()) {
    for (const [into, from] of [[payers, day.payers], [people, day.people]] as const) {
      for (const [key, facts] of from) {
        if (!into.has(key)) into.set(key, emptyFacts());
        mergeFacts(into.get(key)!, facts);
      }
    }
  }
  const ar = await receivablesAt(run, period.to, options);
  for (const [key, stock] of ar) {
    if (!payers.has(key)) payers.set(key, emptyFacts());
    Object.assign(payers.get(key)!.counts, stock);
  }
  const tallyOf = (facts: Iterable<KpiFacts>, withStock: boolean) => {
    const tally = emptyTally(true);
    for (const f of facts) addFacts(tally, f, withStock ? period.to : null);
    if (withStock && tally.stock === null) tally.stock = { arCents: 0, arOver90Cents: 0, asOf: period.to };
    return tally;
  };
  return {
    payerKeys: [...payers.keys()],
    payer: (key) => tallyOf([payers.get(key) ?? emptyFacts()], true),
    office: () => tallyOf([...payers.values(), ...people.values()], true),
    people: (keys) => tallyOf(keys.map((k) => people.get(k) ?? emptyFacts()), false),
  };
}

async function snapshotCounts(run: Run, period: KpiPeriod, by: KpiBreakdown, personKeys: readonly ScopeKey[], lastDay: string | null): Promise<PeriodCounts> {
  const scope = by === 'office' ? 'office' : by === 'payer' ? 'payer' : 'specialist';
  // Summed per key in Postgres: a year of a team is thousands of rows, their sums a few.
  const sums = await new KpiSnapshotsRepository(run).sumPeriod(period.from, period.to, scope, scope === 'specialist' ? personKeys : undefined);
  const tallyOf = (keys: readonly ScopeKey[]) => {
    const tally = emptyTally(false);
    for (const key of keys) {
      const sum = sums.get(key);
      if (!sum) continue;
      // A payer without a row on the last snapshot day had no A/R then (rows with nothing are not stored).
      const stale = sum.stockAsOf !== null && lastDay !== null && sum.stockAsOf < lastDay;
      const counts = stale ? { ...sum.counts, arCents: 0, arOver90Cents: 0 } : sum.counts;
      addSnapshot(tally, { counts, histograms: sum.histograms, carcs: sum.carcs }, stale ? lastDay! : (sum.stockAsOf ?? period.to));
    }
    if (scope !== 'specialist' && tally.stock === null && lastDay !== null) tally.stock = { arCents: 0, arOver90Cents: 0, asOf: lastDay };
    return tally;
  };
  return {
    payerKeys: [...sums.keys()],
    payer: (key) => tallyOf([key]),
    office: () => tallyOf(['']),
    people: tallyOf,
  };
}

/** The KPI report a person (null: the administrators' CLI, i.e. the office) asked for. */
export async function kpiReport(run: Run, viewer: Person | null, request: KpiReadRequest, options: KpiReadOptions): Promise<KpiReport> {
  const source = request.source ?? 'auto';
  if (!(KPI_SOURCES as readonly string[]).includes(source)) throw new KpiRequestError(`--source ${JSON.stringify(source)} is not one of ${KPI_SOURCES.join(', ')}`);
  const period = kpiPeriod(request, todayIn({ now: () => options.now }, options.calendar.timezone));
  const audience = await kpiAudience(run, viewer, request);
  const days = { days: period.days, businessDays: workingDaysIn(period.from, period.to, options.calendar).length };
  const live = source === 'live' || (source === 'auto' && period.days <= LIVE_MAX_DAYS);
  const personKeys = audience.by === 'team'
    ? [...new Set([...audience.teams.values()].flat())].map(String)
    : audience.people.map((p) => String(p.id));
  const snapshotDays = live ? [] : await new KpiSnapshotsRepository(run).daysSnapshotted(period.from, period.to);
  const counts = live ? await liveCounts(run, period, options)
    : await snapshotCounts(run, period, audience.by, personKeys, snapshotDays.length ? snapshotDays[snapshotDays.length - 1] : null);

  const rows: KpiRow[] = [];
  if (audience.by === 'office') {
    const tally = counts.office();
    rows.push({ scope: 'office', id: null, name: null, claims: claimFigures(tally, days), people: peopleFigures(tally, days) });
  } else if (audience.by === 'payer') {
    const ids = counts.payerKeys.filter((k) => k !== '' && k !== 'none').map(Number);
    const names = await new KpiSnapshotsRepository(run).payerNames(ids);
    for (const key of counts.payerKeys.filter((k) => k !== '').sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : Number(a) - Number(b)))) {
      const id = key === 'none' ? null : Number(key);
      rows.push({ scope: 'payer', id, name: id === null ? null : names.get(id)?.payerId ?? null, claims: claimFigures(counts.payer(key), days) });
    }
  } else {
    for (const person of audience.people) {
      const keys = audience.by === 'team' ? (audience.teams.get(person.id) ?? [person.id]).map(String) : [String(person.id)];
      rows.push({ scope: audience.by, id: person.id, name: person.login, people: peopleFigures(counts.people(keys), days) });
    }
  }
  const report: KpiReport = { period: { ...period, businessDays: days.businessDays }, by: audience.by, source: live ? 'live' : 'snapshots', rows };
  if (!live) {
    const have = new Set(snapshotDays);
    const missing: string[] = [];
    for (let day = period.from; day <= period.to; day = addDays(day, 1)) if (!have.has(day)) missing.push(day);
    report.daysWithoutSnapshot = missing;
  }
  return report;
}

/**
 * The office's figures for a period (both days included, office dates): for the /metrics gauges
 * and the demo's closing summary. Counted live up to LIVE_MAX_DAYS, else from the snapshots (or as
 * `source` says: the gauges read snapshots only, so a scrape never counts rows).
 */
export async function officeKpis(
  em: EntityManager,
  period: { from: string; to: string },
  options: { timezone: string; clock?: Clock; calendar?: Omit<OfficeCalendar, 'timezone'>; source?: (typeof KPI_SOURCES)[number] } = { timezone: 'UTC' },
): Promise<{ period: KpiReport['period']; source: KpiReport['source']; claims: ClaimFigures; people: PeopleFigures; daysWithoutSnapshot?: string[] }> {
  const calendar = { ...(options.calendar ?? defaultOfficeCalendar), timezone: options.timezone };
  const report = await kpiReport(sqlRunner(em), null, { ...period, by: 'office', source: options.source }, { calendar, now: (options.clock ?? systemClock).now() });
  const office = report.rows[0];
  return { period: report.period, source: report.source, claims: office.claims!, people: office.people!, daysWithoutSnapshot: report.daysWithoutSnapshot };
}
