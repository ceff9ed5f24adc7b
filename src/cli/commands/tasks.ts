// `rcm tasks list [--type T] [--status S] [--json]`: follow-up work, highest priority first.
// `rcm tasks reprioritize [--json]`: the daily priority recompute, now.
// `rcm tasks next --as LOGIN [--json]`: LOGIN's next task, leased to them (as POST /api/tasks/next).
// `rcm tasks reassign|return|stats`: task-routing.ts.
// `rcm tasks done ID --outcome O [--note TEXT] --as LOGIN [--json]`, `rcm tasks approve ID [--reject] --as LOGIN [--json]`:
// outcomes (./task-outcomes.ts).
import type { Command } from 'commander';
import { formatDollars } from '../../domain/money.js';
import { CliError, command, output } from '../context.js';
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

  tasks
    .command('next')
    .description('take the next task for a person, with a lease (their leased task, else assigned, else the best open one)')
    .option('--as <login>', 'the person pulling (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { as?: string; json?: boolean }) => {
      const login = opts.as ?? process.env.RCM_USER;
      if (!login) throw new CliError('who is pulling? pass --as LOGIN or set RCM_USER; nothing changed', 2);
      const [{ PeopleRepository }, { sqlRunner }, { pullNextTask }] = await Promise.all([
        import('../../db/repositories/people.repository.js'), import('../../db/sql.js'), import('../../services/tasks/task-pull.service.js'),
      ]);
      const orm = await ctx.db();
      const person = await new PeopleRepository(sqlRunner(orm.em.fork())).findByLogin(login);
      if (!person) throw new CliError(`no person ${login}; nothing changed`, 2);
      const task = await pullNextTask(orm.em.fork(), person, { now: new Date(), leaseMinutes: ctx.config.tasks.leaseMinutes }).catch((error: Error) => {
        throw error.name === 'RequestRefused' ? new CliError(`${error.message}; nothing changed`, 2) : error;
      });
      output(opts.json, { task }, () => task === null ? `nothing for ${login} now` : `#${task.id} ${task.type} priority ${task.priority} `
        + `${task.claimControlNumber ?? '-'} [${task.reasonCodes.join(',')}] ${formatDollars(task.amountAtRiskCents)} leased until ${task.leaseExpiresAt}`);
    }));
  registerTaskRoutingCommands(tasks);
  registerOutcomeCommands(tasks);
}
