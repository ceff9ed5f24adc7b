// `rcm tasks list [--type T] [--status S] [--json]`: follow-up work, highest priority first.
// `rcm tasks reprioritize [--json]`: the daily priority recompute, now.
// `rcm tasks reassign|return|stats`: task-routing.ts.
// `rcm tasks done ID --outcome O [--note TEXT] --as LOGIN [--json]`, `rcm tasks approve ID [--reject] --as LOGIN [--json]`:
// outcomes (./task-outcomes.ts).
import type { Command } from 'commander';
import { formatDollars } from '../../domain/money.js';
import { command, output } from '../context.js';
import { registerTaskRoutingCommands } from './task-routing.js';
import { registerOutcomeCommands } from './task-outcomes.js';

export function registerTaskCommands(tasks: Command): void {
  tasks
    .command('list')
    .description('list tasks, highest priority first')
    .option('--type <type>', 'denial, underpayment, unmatched-remittance, claim-conflict, quarantined-file, ...')
    .option('--status <status>', 'open, assigned, in-progress, done, cancelled')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { type?: string; status?: string; limit: string; json?: boolean }) => {
      const { listTasks } = await import('../../services/posting/posting-queries.service.js');
      const orm = await ctx.db();
      const rows = await listTasks(orm.em.fork(), { type: opts.type, status: opts.status, limit: Number(opts.limit) });
      output(opts.json, rows, () => rows.length === 0 ? 'no tasks' : rows.map((t) =>
        `#${t.id} ${t.type} ${t.status} priority ${t.priority} ${t.claimControlNumber ?? '-'} [${t.reasonCodes.join(',')}] ${formatDollars(t.amountAtRiskCents)}`
        + `${t.assignee ? ` @${t.assignee}` : ''}`).join('\n'));
    }));

  tasks
    .command('reprioritize')
    .description('recompute every open task\'s priority against today now (it also runs daily)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { json?: boolean }) => {
      const { recomputeTaskPriorities } = await import('../../services/tasks.service.js');
      const orm = await ctx.db();
      const changed = await orm.em.fork().transactional((tx) => recomputeTaskPriorities(tx, { timezone: ctx.config.timezone }));
      output(opts.json, { changed }, () => `${changed} task${changed === 1 ? '' : 's'} reprioritized`);
    }));

  registerTaskRoutingCommands(tasks);
  registerOutcomeCommands(tasks);
}
