// Daily KPI snapshots (kpi_snapshot): written per as-of day, rewritten only where the figures
// changed (a second run for the same day changes no row), and read back for long reports.
import type { Run } from '../sql.js';
import { json } from '../sql.js';
import type { KpiScope } from '../entities/kpis.js';
import type { KpiSnapshotFigures } from '../../domain/kpis/kpi-tally.js';

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
   * thousands of rows; their sums are a few): flows and bucket counts and CARCs added up, and the
   * A/R of the key's latest day (`stockAsOf`). Keys: only these, when given.
   */
  async sumPeriod(from: string, to: string, scope: KpiScope, keys?: readonly string[]): Promise<Map<string, KpiSnapshotFigures & { stockAsOf: string | null }>> {
    const rows = await this.run<{ part: string; scope_key: string; name: string; idx: number | null; total: string; as_of: string | null }>(
      `with picked as (
         select as_of, scope_key, counts, histograms, carcs from kpi_snapshot
         where as_of between ?::date and ?::date and scope = ?${keys ? ' and scope_key = any(?::text[])' : ''}),
       latest as (
         select distinct on (scope_key) scope_key, as_of, counts from picked where counts -> 'arCents' is not null order by scope_key, as_of desc)
       select 'flow' as part, p.scope_key, c.key as name, null::int as idx, sum(c.value::numeric)::text as total, null as as_of
         from picked p cross join jsonb_each_text(p.counts) c where c.key not in ('arCents', 'arOver90Cents') group by p.scope_key, c.key
       union all
       select 'stock', l.scope_key, c.key, null, c.value, to_char(l.as_of, 'YYYY-MM-DD')
         from latest l cross join jsonb_each_text(l.counts) c where c.key in ('arCents', 'arOver90Cents')
       union all
       select 'histogram', p.scope_key, h.key, e.idx::int, sum(e.value::numeric)::text, null
         from picked p cross join jsonb_each(p.histograms) h cross join jsonb_array_elements_text(h.value) with ordinality e(value, idx) group by p.scope_key, h.key, e.idx
       union all
       select 'carc', p.scope_key, k.key, e.idx::int, sum(e.value::numeric)::text, null
         from picked p cross join jsonb_each(p.carcs) k cross join jsonb_array_elements_text(k.value) with ordinality e(value, idx) group by p.scope_key, k.key, e.idx`,
      keys ? [from, to, scope, keys] : [from, to, scope]);
    const sums = new Map<string, KpiSnapshotFigures & { stockAsOf: string | null }>();
    for (const r of rows) {
      let sum = sums.get(r.scope_key);
      if (!sum) sums.set(r.scope_key, sum = { counts: {}, histograms: { postingLagSeconds: [], resolutionBusinessDays: [] }, carcs: {}, stockAsOf: null });
      const total = Number(r.total);
      if (r.part === 'flow' || r.part === 'stock') (sum.counts as Record<string, number>)[r.name] = total;
      if (r.part === 'stock') sum.stockAsOf = r.as_of;
      if (r.part === 'histogram') {
        const buckets = ((sum.histograms as Record<string, number[]>)[r.name] ??= []);
        while (buckets.length < r.idx!) buckets.push(0);
        buckets[r.idx! - 1] = total;
      }
      if (r.part === 'carc') (sum.carcs[r.name] ??= [0, 0])[r.idx! - 1] = total;
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
