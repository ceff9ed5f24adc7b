// `rcm tasks reassign ID --to LOGIN --as LOGIN`, `rcm tasks return ID --as LOGIN`: a supervisor's
// (or director's, or admin's) routing by hand, with the same rules as the API for the person named
// by --as (or RCM_USER), who is recorded in the task events and the audit.
// `rcm tasks stats [--json]`: task statistics for the whole office (the CLI is the administrators' tool).
import type { Command } from 'commander';
import type { Orm } from '../../db/orm.js';
import type { Run } from '../../db/sql.js';
import type { Person } from '../../domain/people/person.js';
import type { TaskJson } from '../../services/tasks/task-json.js';
import { CliError, command, output } from '../context.js';
import { actorOf } from './users.js';

export function registerTaskRoutingCommands(tasks: Command): void {
  tasks
    .command('reassign <id>')
    .description('give a task of your team to another active person of your team (admins: anyone)')
    .requiredOption('--to <login>', 'the person who takes the task')
    .option('--as <login>', 'the supervisor, director or admin making the change (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, id: string, opts: { to: string; as?: string; json?: boolean }) => {
      const { reassignTask } = await import('../../services/tasks/task-reassign.service.js');
      const task = await asPerson(await ctx.db(), actorOf(opts), (run, actor) => reassignTask(run, actor, taskIdOf(id), opts.to, new Date()));
      output(opts.json, task, () => `task ${task.id} is ${task.status}, assigned to ${task.assignee}`);
    }));

  tasks
    .command('return <id>')
    .description('return a task of your team to the pool (open, no assignee, lease cleared)')
    .option('--as <login>', 'the supervisor, director or admin making the change (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, id: string, opts: { as?: string; json?: boolean }) => {
      const { returnTaskToPool } = await import('../../services/tasks/task-reassign.service.js');
      const task = await asPerson(await ctx.db(), actorOf(opts), (run, actor) => returnTaskToPool(run, actor, taskIdOf(id), new Date()));
      output(opts.json, task, () => `task ${task.id} is back in the pool`);
    }));

  tasks
    .command('stats')
    .description('waiting work by type and priority band, per person open / done today / handle time, overdue per team (whole office)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { json?: boolean }) => {
      const { taskStats } = await import('../../services/tasks/task-stats.service.js');
      const stats = await taskStats(await ctx.reads(), { kind: 'all' }, new Date(), ctx.config.timezone);
      output(opts.json, stats, () => [
        `waiting: ${stats.waiting.total}${stats.waiting.oldestWaitingSeconds === null ? '' : ` (oldest task ${stats.waiting.oldestTaskId}, ${Math.floor(stats.waiting.oldestWaitingSeconds / 3600)} h)`}`,
        ...Object.entries(stats.waiting.byType).map(([type, bands]) => `  ${type}: ${Object.entries(bands).map(([b, n]) => `${b} ${n}`).join(', ')}`),
        'people:',
        ...stats.people.map((p) => `  ${p.login} (${p.role}): open ${p.open}, done today ${p.doneToday}, average handle ${p.averageHandleSeconds === null ? '-' : `${Math.round(p.averageHandleSeconds / 60)} min`}`),
        `overdue: unassigned ${stats.overdue.unassigned}`,
        ...stats.overdue.teams.map((t) => `  ${t.supervisor}'s team: ${t.overdue}`),
      ].join('\n'));
    }));
}

function taskIdOf(id: string): number {
  const taskId = Number(id);
  if (!Number.isSafeInteger(taskId) || taskId <= 0) throw new CliError(`task id must be a positive integer, not ${JSON.stringify(id)}; nothing changed`, 2);
  return taskId;
}

/** Runs a change as the person `login`, in one transaction; refusals exit 2 with their reason. */
async function asPerson(orm: Orm, login: string, change: (run: Run, actor: Person) => Promise<TaskJson>): Promise<TaskJson> {
  const [{ sqlRunner }, { PeopleRepository }] = await Promise.all([import('../../db/sql.js'), import('../../db/repositories/people.repository.js')]);
  try {
    return await orm.em.fork().transactional(async (tx) => {
      const run = sqlRunner(tx);
      const actor = await new PeopleRepository(run).findByLogin(login);
      if (!actor) throw new CliError(`no person ${login} (--as); nothing changed`, 2);
      if (!actor.active) throw new CliError(`${login} is deactivated; nothing changed`, 2);
      return change(run, actor);
    });
  } catch (error) {
    if ((error as Error).name === 'RequestRefused') throw new CliError((error as Error).message, 2);
    throw error;
  }
}
