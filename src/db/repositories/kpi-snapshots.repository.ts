// Daily KPI snapshots (kpi_snapshot): written per as-of day, rewritten only where the figures
// changed (a second run for the same day changes no row), and read back for long reports.
import type { Run } from '../sql.js';
import { json } from '../sql.js';
import type { KpiScope } from '../entities/kpis.js';
import { FLOW_COUNTS, type KpiCounts, type KpiSnapshotFigures } from '../../domain/kpis/kpi-tally.js';
import { addHistograms } from '../../domain/kpis/percentiles.js';

export interface KpiSnapshotRow extends KpiSnapshotFigures {
  scope: KpiScope;
  scopeKey: string;
}

export class KpiSnapshotsRepository {
  constructor(private readonly run: Run) {}

  /**
   * The day's rows as given: new ones inserted, changed ones updated, identical ones left alone,
   * rows of that day no longer in the set deleted. Returns what it did.
   */
  async replaceDay(asOf: string, rows: readonly KpiSnapshotRow[], at: Date): Promise<{ inserted: number; updated: number; unchanged: number; removed: number }> {
    const input = json(rows.map((r) => ({ scope: r.scope, scope_key: r.scopeKey, counts: r.counts, histograms: r.histograms, carcs: r.carcs })));
    const removed = await this.run<{ n: number }>(
      `with input as (select * from json_to_recordset(?::json) as r(scope text, scope_key text))
       delete from kpi_snapshot k where k.as_of = ?::date
         and not exists (select 1 from input i where i.scope = k.scope and i.scope_key = k.scope_key) returning 1 as n`,
      [input, asOf]);
    const written = await this.run<{ inserted: boolean }>(
      `insert into kpi_snapshot (as_of, scope, scope_key, counts, histograms, carcs, computed_at)
       select ?::date, r.scope, r.scope_key, r.counts, r.histograms, r.carcs, ?
       from json_to_recordset(?::json) as r(scope text, scope_key text, counts jsonb, histograms jsonb, carcs jsonb)
       on conflict (as_of, scope, scope_key) do update set counts = excluded.counts, histograms = excluded.histograms,
         carcs = excluded.carcs, computed_at = excluded.computed_at
       where (kpi_snapshot.counts, kpi_snapshot.histograms, kpi_snapshot.carcs) is distinct from (excluded.counts, excluded.histograms, excluded.carcs)
       returning (xmax = 0) as inserted`,
      [asOf, at, input]);
    const inserted = written.filter((r) => r.inserted).length;
    return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length, removed: removed.length };
  }

  /** Snapshot rows of one scope from..to (keys: only these, when given), oldest first. */
  async read(from: string, to: string, scope: KpiScope, keys?: readonly string[]): Promise<Array<KpiSnapshotRow & { asOf: string }>> {
    const rows = await this.run<{ as_of: string; scope: KpiScope; scope_key: string; counts: any; histograms: any; carcs: any }>(
      `select to_char(as_of, 'YYYY-MM-DD') as as_of, scope, scope_key, counts, histograms, carcs from kpi_snapshot
       where as_of between ?::date and ?::date and scope = ?${keys ? ' and scope_key = any(?::text[])' : ''} order by as_of, scope_key`,
      keys ? [from, to, scope, keys] : [from, to, scope]);
    return rows.map((r) => ({ asOf: r.as_of, scope: r.scope, scopeKey: r.scope_key, counts: r.counts, histograms: r.histograms, carcs: r.carcs }));
  }

  /**
   * The snapshots of one scope from..to summed per key in Postgres (a year of a team's people is
   * thousands of rows; their sums are a few): each flow count summed, the A/R of the key's latest
   * day (`stockAsOf`); the days' bucket counts and CARCs come back as lists (only days that have
   * any) and are added here. Keys: only these, when given.
   */
  async sumPeriod(from: string, to: string, scope: KpiScope, keys?: readonly string[]): Promise<Map<string, KpiSnapshotFigures & { stockAsOf: string | null }>> {
    // Column names from our own list of counts, never from input.
    const flows = FLOW_COUNTS.map((name) => `coalesce(sum((p.counts ->> '${name}')::numeric), 0)::text as "${name}"`).join(', ');
    const rows = await this.run<Record<string, any>>(
      `with picked as (
         select as_of, scope_key, counts, histograms, carcs from kpi_snapshot
         where as_of between ?::date and ?::date and scope = ?${keys ? ' and scope_key = any(?::text[])' : ''}),
       latest as (
         select distinct on (scope_key) scope_key, to_char(as_of, 'YYYY-MM-DD') as as_of, counts ->> 'arCents' as ar, counts ->> 'arOver90Cents' as over90
         from picked where counts -> 'arCents' is not null order by scope_key, as_of desc)
       select p.scope_key, ${flows}, l.as_of as stock_as_of, l.ar, l.over90,
         jsonb_agg(p.histograms) filter (where p.histograms -> 'postingLagSeconds' <> '[]' or p.histograms -> 'resolutionBusinessDays' <> '[]') as histograms,
         jsonb_agg(p.carcs) filter (where p.carcs <> '{}') as carcs
       from picked p left join latest l on l.scope_key = p.scope_key
       group by p.scope_key, l.as_of, l.ar, l.over90`,
      keys ? [from, to, scope, keys] : [from, to, scope]);
    const sums = new Map<string, KpiSnapshotFigures & { stockAsOf: string | null }>();
    for (const r of rows) {
      const counts: KpiCounts = {};
      for (const name of FLOW_COUNTS) if (Number(r[name]) !== 0) counts[name] = Number(r[name]);
      if (r.stock_as_of !== null) Object.assign(counts, { arCents: Number(r.ar), arOver90Cents: Number(r.over90 ?? 0) });
      const histograms = { postingLagSeconds: [] as number[], resolutionBusinessDays: [] as number[] };
      for (const day of (r.histograms ?? []) as Array<KpiSnapshotFigures['histograms']>) {
        histograms.postingLagSeconds = addHistograms(histograms.postingLagSeconds, day.postingLagSeconds);
        histograms.resolutionBusinessDays = addHistograms(histograms.resolutionBusinessDays, day.resolutionBusinessDays);
      }
      const carcs: KpiSnapshotFigures['carcs'] = {};
      for (const day of (r.carcs ?? []) as Array<KpiSnapshotFigures['carcs']>) {
        for (const [carc, [claims, cents]] of Object.entries(day)) {
          const had = carcs[carc] ?? [0, 0];
          carcs[carc] = [had[0] + claims, had[1] + cents];
        }
      }
      sums.set(r.scope_key, { counts, histograms, carcs, stockAsOf: r.stock_as_of });
    }
    return sums;
  }

  /** The days from..to that have an office snapshot (a run for a day always writes the office row). */
  async daysSnapshotted(from: string, to: string): Promise<string[]> {
    const rows = await this.run<{ as_of: string }>(
      `select to_char(as_of, 'YYYY-MM-DD') as as_of from kpi_snapshot where scope = 'office' and as_of between ?::date and ?::date order by as_of`, [from, to]);
    return rows.map((r) => r.as_of);
  }

  /** Payers' X12 ids and names, for the rows of a report split by payer. */
  async payerNames(ids: readonly number[]): Promise<Map<number, { payerId: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.run<{ id: number; payer_id: string; name: string }>('select id, payer_id, name from payer where id = any(?::int[])', [ids]);
    return new Map(rows.map((r) => [Number(r.id), { payerId: r.payer_id, name: r.name }]));
  }
}
