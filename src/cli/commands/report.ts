// `rcm report aging [--as-of DATE] [--json]`: the aging snapshot of a day (see agingReport; taken
// first when the day has none). `rcm report kpis [--from D] [--to D] [--by office|team|specialist|payer] [--specialist LOGIN]
// [--team LOGIN] [--source auto|live|snapshots] [--as LOGIN] [--json]`: the KPIs (docs/kpis.md).
// With --as (or RCM_USER) the person's role limits what they read, as in the API; without it this
// is the administrators' tool and reads the office. `rcm report kpi-snapshot [--as-of D] [--json]`
// stores one day's snapshot now (the scheduled job does it daily). Refusals exit 2.
import type { Command } from 'commander';
import { formatDollars } from '../../domain/money.js';
import { isCalendarDate } from '../../domain/calendar-date.js';
import { CliError, command, output } from '../context.js';
import type { AgingLine, AgingReport } from '../../services/reconciliation/aging.service.js';

async function refusedRead<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'KpiRequestError' || name === 'RequestRefused') throw new CliError(`${(error as Error).message}`, 2);
    throw error;
  }
}

function pct(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(1)}%`;
}

export function registerReportCommands(report: Command): void {
  report
    .command('aging')
    .description('open balances by age (0-30, 31-60, 61-90, 91-120, over 120 days), per payer and for patients')
    .option('--as-of <date>', 'the office day (YYYY-MM-DD); default today in the office time zone')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { asOf?: string; json?: boolean }) => {
      if (opts.asOf !== undefined && !isCalendarDate(opts.asOf)) {
        throw new CliError(`--as-of "${opts.asOf}" is not a calendar date (YYYY-MM-DD); nothing read`, 2);
      }
      const [{ agingReport }, { asOfDate }, { systemClock }] = await Promise.all([
        import('../../services/reconciliation/aging.service.js'), import('../../domain/as-of.js'), import('../../domain/clock.js'),
      ]);
      const orm = await ctx.db();
      const asOf = asOfDate(opts.asOf, systemClock, ctx.config.timezone);
      const report = await orm.em.fork().transactional((tx) => agingReport(tx, { asOf, timezone: ctx.config.timezone, now: systemClock.now() }));
      output(opts.json, report, () => agingText(report));
    }));

  report
    .command('kpis')
    .description('KPIs for a period: claims, denials, posting, A/R, collections, people (docs/kpis.md)')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: 30 days ending --to)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: today in the office zone)')
    .option('--by <breakdown>', 'office, team, specialist or payer')
    .option('--specialist <login>', 'one person\'s figures')
    .option('--team <login>', 'the team led by this supervisor or director')
    .option('--source <source>', 'auto (live up to 31 days, else snapshots), live or snapshots', 'auto')
    .option('--as <login>', 'read as this person, within their role (default: RCM_USER; neither: the office)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { from?: string; to?: string; by?: string; specialist?: string; team?: string; source: string; as?: string; json?: boolean }) => {
      const [{ kpiReport }, { PeopleRepository }, { defaultOfficeCalendar }] = await Promise.all([
        import('../../services/kpis/kpi-report.service.js'), import('../../db/repositories/people.repository.js'), import('../../../config/office-calendar.js'),
      ]);
      const run = await ctx.reads();
      const login = opts.as ?? process.env.RCM_USER;
      const viewer = login ? await new PeopleRepository(run).findByLogin(login) : null;
      if (login && (!viewer || !viewer.active)) throw new CliError(`no active person ${login}`, 2);
      const calendar = { ...defaultOfficeCalendar, timezone: ctx.config.timezone };
      const result = await refusedRead(() => kpiReport(run, viewer ?? null, opts, { calendar, now: new Date() }));
      output(opts.json, result, () => [
        `KPIs ${result.period.from}..${result.period.to} (${result.period.businessDays} business days, ${result.source})`,
        ...result.rows.map((r) => {
          const head = r.scope === 'office' ? 'office' : `${r.scope} ${r.name ?? 'unknown'}`;
          const c = r.claims;
          const p = r.people;
          return [head,
            c ? `  clean ${pct(c.cleanClaimRate.value)}  first pass ${pct(c.firstPassAcceptanceRate.value)}  denials ${pct(c.denialRate.byClaims.value)}`
              + `  net collection ${pct(c.netCollectionRate.value)}  days in A/R ${c.daysInAr.value ?? '-'}  A/R > 90 ${pct(c.arOver90Share.value)}` : null,
            p ? `  tasks/day ${p.tasksDonePerDay.value ?? '-'}  claims resolved/day ${p.claimsResolvedPerDay.value ?? '-'}  handle ${p.averageHandleSeconds.value ?? '-'} s`
              + `  denial p50 ${p.denialResolutionBusinessDays.p50 ?? '-'} bd  recovered ${(p.dollarsRecoveredCents / 100).toFixed(2)}  SLA misses ${p.slaMisses}` : null,
          ].filter(Boolean).join('\n');
        }),
      ].join('\n'));
    }));

  report
    .command('kpi-snapshot')
    .description('store one day\'s KPI snapshot now (the scheduled job does this daily); a repeat changes nothing')
    .option('--as-of <date>', 'the office day, YYYY-MM-DD (default: yesterday)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { asOf?: string; json?: boolean }) => {
      const [{ snapshotKpis }, { defaultOfficeCalendar }, { sqlRunner }, { addDays }, { todayIn }] = await Promise.all([
        import('../../services/kpis/kpi-snapshot.service.js'), import('../../../config/office-calendar.js'), import('../../db/sql.js'),
        import('../../domain/calendar-date.js'), import('../../domain/clock.js'),
      ]);
      const orm = await ctx.db();
      const calendar = { ...defaultOfficeCalendar, timezone: ctx.config.timezone };
      const now = new Date();
      const asOf = opts.asOf ?? addDays(todayIn({ now: () => now }, ctx.config.timezone), -1);
      const result = await refusedRead(() => orm.em.fork().transactional((tx) => snapshotKpis(sqlRunner(tx), asOf, { calendar, now })));
      output(opts.json, result, () => `KPI snapshot ${result.asOf}: ${result.rows} rows (${result.inserted} new, ${result.updated} changed, ${result.unchanged} unchanged, ${result.removed} removed)`);
    }));
}

export function agingText(r: AgingReport): string {
  const row = (label: string, line: AgingLine) => [label.padEnd(24), ...r.buckets.map((b) => formatDollars(line.buckets[b as keyof AgingLine['buckets']]).padStart(14)),
    formatDollars(line.totalCents).padStart(15), line.creditCents ? `  credits ${formatDollars(line.creditCents)}` : ''].join('');
  return [
    `aging as of ${r.asOf} (by ${r.basis}, taken ${r.takenAt})`,
    ['', ...r.buckets, 'total'].map((h, i) => (i === 0 ? h.padEnd(24) : h.padStart(i === r.buckets.length + 1 ? 15 : 14))).join(''),
    ...r.insurance.payers.map((p) => row(`${p.payer} (${p.claims} claims)`, p)),
    row(`insurance (${r.insurance.totals.claims} claims)`, r.insurance.totals),
    row(`patients (${r.patient.accounts} accounts)`, r.patient),
    row('total', r.totals),
  ].join('\n');
}
