// The daily KPI snapshot: one day's facts per payer and per person, and the office's (everyone's),
// stored in kpi_snapshot. A run for the same day again rewrites only rows whose figures changed
// (none, when nothing about that day changed), so the scheduled job may be repeated freely.
import type { OfficeCalendar } from '../../../config/office-calendar.js';
import { KpiSnapshotsRepository, type KpiSnapshotRow } from '../../db/repositories/kpi-snapshots.repository.js';
import type { Run } from '../../db/sql.js';
import { isCalendarDate } from '../../domain/calendar-date.js';
import { emptyFacts, mergeFacts, snapshotFiguresOf, type KpiFacts } from '../../domain/kpis/kpi-tally.js';
import { KpiRequestError } from '../../domain/kpis/kpi-request.js';
import { countFacts, receivablesAt } from './kpi-facts.service.js';

export interface KpiSnapshotResult {
  asOf: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
}

function isEmpty(facts: KpiFacts): boolean {
  return Object.values(facts.counts).every((v) => !v) && facts.samples.postingLagSeconds.length === 0 && facts.samples.resolutionBusinessDays.length === 0;
}

/** Stores the figures of office day `asOf`; run it in a transaction (the day's rows change together). */
export async function snapshotKpis(run: Run, asOf: string, options: { calendar: OfficeCalendar; now: Date }): Promise<KpiSnapshotResult> {
  if (!isCalendarDate(asOf)) throw new KpiRequestError(`asOf ${JSON.stringify(asOf)} is not a date in YYYY-MM-DD form`);
  const day = (await countFacts(run, asOf, asOf, options)).get(asOf) ?? { payers: new Map(), people: new Map() };
  for (const [payer, ar] of await receivablesAt(run, asOf, options)) {
    let facts = day.payers.get(payer);
    if (!facts) day.payers.set(payer, facts = emptyFacts());
    facts.counts.arCents = ar.arCents;
    facts.counts.arOver90Cents = ar.arOver90Cents;
  }
  const office = emptyFacts();
  office.counts.arCents = 0;
  office.counts.arOver90Cents = 0;
  const rows: KpiSnapshotRow[] = [];
  for (const [scope, byKey] of [['payer', day.payers], ['specialist', day.people]] as const) {
    for (const [key, facts] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
      mergeFacts(office, facts);
      if (!isEmpty(facts)) rows.push({ scope, scopeKey: key, ...snapshotFiguresOf(facts) });
    }
  }
  rows.unshift({ scope: 'office', scopeKey: '', ...snapshotFiguresOf(office) });
  const written = await new KpiSnapshotsRepository(run).replaceDay(asOf, rows, options.now);
  return { asOf, rows: rows.length, ...written };
}
