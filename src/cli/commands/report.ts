// `rcm report aging [--as-of DATE] [--json]`: the aging snapshot of an office day (today in the
// office's zone by default), per payer and for patients, in buckets 0-30 ... over 120 days. It reads
// the day's snapshot (reconciliation.aging takes it daily); a day with none is taken first, from
// the ledger as of that day, so the report is never empty for want of a job run. No patient data.
import type { Command } from 'commander';
import { formatDollars } from '../../domain/money.js';
import { isCalendarDate } from '../../domain/calendar-date.js';
import { CliError, command, output } from '../context.js';
import type { AgingLine, AgingReport } from '../../services/reconciliation/aging.service.js';

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
