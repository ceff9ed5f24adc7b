// `rcm tasks done ID --outcome O [--note TEXT] --as LOGIN [--json]`: records a task's outcome as
// that person, with the API's rules (their own task, or their team's for a supervisor or director;
// any for an admin) and the same follow-up work; the jobs it caused are relayed to Redis at once.
// `rcm tasks approve ID [--reject] --as LOGIN [--json]`: decides a write-off waiting for approval.
// A refusal exits 2 with the reason (the CLI, the administrators' tool, may say whose task it is).
import type { Command } from 'commander';
import type { Orm } from '../../db/orm.js';
import type { Person } from '../../domain/people/person.js';
import { CliError, command, output, type CliContext } from '../context.js';
import { actorOf } from './users.js';

export function registerOutcomeCommands(tasks: Command): void {
  tasks
    .command('done')
    .description("record a task's outcome (closes it and starts the work the outcome causes)")
    .argument('<id>', 'the task id')
    .requiredOption('--outcome <outcome>', "one of the task type's outcomes (see allowedOutcomes in tasks list --json)")
    .option('--note <text>', 'a note for the task (kept in the database only)')
    .option('--as <login>', 'the person recording it (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, id: string, opts: { outcome: string; note?: string; as?: string; json?: boolean }) => {
      const { recordOutcome } = await import('../../services/tasks/record-outcome.service.js');
      const taskId = taskIdOf(id);
      const orm = await ctx.db();
      const person = await personOf(orm, actorOf(opts));
      const options = { clock: { now: () => new Date() }, timezone: ctx.config.timezone, writeOffApprovalCents: ctx.config.outcomes.writeOffApprovalCents };
      const recorded = await refusedTask(() => orm.em.fork().transactional((em) => recordOutcome(em, person, { taskId, outcome: opts.outcome, note: opts.note }, options)));
      await relaySoon(ctx);
      output(opts.json, recorded, () => `task ${taskId} done: ${recorded.outcome}`
        + (recorded.state === 'pending-approval' ? ` (write-off of ${recorded.amountCents} cents waits for a supervisor's approval)` : '')
        + (recorded.repeated ? ' (already recorded)' : ''));
    }));

  tasks
    .command('approve')
    .description("approve (or with --reject, refuse) a write-off waiting for a supervisor's approval")
    .argument('<id>', 'the task id')
    .option('--reject', 'refuse it: the task goes back to its assignee')
    .option('--as <login>', 'the supervisor, director or admin deciding (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, id: string, opts: { reject?: boolean; as?: string; json?: boolean }) => {
      const { decideWriteOff } = await import('../../services/tasks/write-off-approval.service.js');
      const taskId = taskIdOf(id);
      const orm = await ctx.db();
      const person = await personOf(orm, actorOf(opts));
      const decision = opts.reject ? 'rejected' as const : 'approved' as const;
      const decided = await refusedTask(() => orm.em.fork().transactional((em) => decideWriteOff(em, person, taskId, decision, { clock: { now: () => new Date() }, timezone: ctx.config.timezone })));
      output(opts.json, decided, () => `task ${taskId}: write-off ${decided.decision}${decided.decision === 'approved' ? ` (${decided.amountCents} cents)` : ', back to its assignee'}`);
    }));
}

function taskIdOf(id: string): number {
  if (!/^[1-9]\d{0,9}$/.test(id)) throw new CliError(`"${id}" is not a task id; nothing changed`, 2);
  return Number(id);
}

/** The person acting: an unknown or deactivated login is refused before anything is read. */
export async function personOf(orm: Orm, login: string): Promise<Person> {
  const [{ PeopleRepository }, { sqlRunner }] = await Promise.all([import('../../db/repositories/people.repository.js'), import('../../db/sql.js')]);
  const person = await new PeopleRepository(sqlRunner(orm.em.fork())).findByLogin(login);
  if (!person) throw new CliError(`--as ${login}: no such person; nothing changed`, 2);
  if (!person.active) throw new CliError(`--as ${login}: ${login} is deactivated; nothing changed`, 2);
  return person;
}

async function refusedTask<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as Error).name === 'TaskRefused') {
      const refusal = error as Error & { cliMessage: string; detail: { allowed?: string[] } };
      throw new CliError(refusal.cliMessage, 2);
    }
    throw error;
  }
}

/** Moves the outcome's jobs to Redis now; if Redis is down they stay in the outbox for the engine. */
async function relaySoon(ctx: CliContext): Promise<void> {
  try {
    await ctx.relayNow();
  } catch {
    process.stderr.write('rcm: the outcome is recorded; its jobs wait in the outbox until the engine relays them (Redis not reachable now)\n');
  }
}
