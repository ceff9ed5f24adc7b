// `rcm schedules list [--json]`: the scheduled jobs of config/schedules.ts, each with its cron
// pattern, the office's zone, its next run and whether Redis holds its scheduler.
// `rcm schedules run NAME [--as-of YYYY-MM-DD] --as LOGIN [--json]`: one run now, for that office
// day (today when left out), enqueued through the outbox and moved to Redis at once.
import type { Command } from 'commander';
import { CliError, command, output } from '../context.js';
import { operatorLogin } from '../operator.js';

const schedules = () => import('../../services/schedules/scheduled-jobs.service.js');

export function registerScheduleCommands(group: Command): void {
  group
    .command('list')
    .description('the scheduled jobs: pattern, zone, next run, and whether their scheduler is in Redis')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { json?: boolean }) => {
      const [{ listSchedules }, { hasJobScheduler }] = await Promise.all([schedules(), import('../../queues/job-lookup.js')]);
      // Without Redis the list still shows what is configured; `scheduled` is then null (not asked).
      const queues = await ctx.queues().catch(() => undefined);
      const views = await listSchedules({
        timezone: ctx.config.timezone, clock: { now: () => new Date() },
        ...(queues ? { isScheduled: (queue: string, schedulerId: string) => hasJobScheduler(queues.get(queue as never), schedulerId) } : {}),
      });
      const { DateTime } = await import('luxon');
      const local = (iso: string) => DateTime.fromISO(iso, { zone: ctx.config.timezone }).toFormat('yyyy-MM-dd HH:mm ZZZZ');
      output(opts.json, views, () => views.map((s) => `${s.name.padEnd(24)} ${s.pattern.padEnd(12)} ${s.timezone}  `
        + `${s.enabled && s.nextRun ? `next ${local(s.nextRun)}` : 'disabled'}${s.enabled && s.scheduled === false ? ' (not in Redis yet: start the workers of its queue)' : ''}`).join('\n'));
    }));

  group
    .command('run')
    .description('run one scheduled job now, for an office day (today when --as-of is left out)')
    .argument('<name>', 'e.g. reconciliation.deposits (rcm schedules list)')
    .option('--as-of <date>', 'the office day the run is for, YYYY-MM-DD')
    .option('--as <login>', 'the operator or admin running it (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, name: string, opts: { asOf?: string; as?: string; json?: boolean }) => {
      const { runScheduleNow } = await schedules();
      const orm = await ctx.db();
      const actor = await operatorLogin(orm, opts);
      const run = await orm.em.fork().transactional((em) => runScheduleNow(em, name, {
        asOf: opts.asOf, actor, timezone: ctx.config.timezone, clock: { now: () => new Date() },
      })).catch((error: Error) => {
        if (error.name === 'UnknownScheduleError' || error.name === 'BadInputError') throw new CliError(`${error.message}; nothing run`, 2);
        throw error;
      });
      // Redis down: the job waits in the outbox for a running engine's relay.
      const relayed = await ctx.relayNow().then(() => true, (error) => {
        if ((error as Error).name === 'InstallationConflictError') throw error;
        return false;
      });
      output(opts.json, { ...run, queued: relayed ? 'redis' : 'outbox' },
        () => `${run.name} for ${run.asOf} queued${relayed ? '' : ' in the outbox (Redis unreachable: a running engine delivers it)'}`);
    }));
}
