// `rcm users add|list|update|deactivate`: the people who work tasks (README "People"). Changes
// act as `--as LOGIN` (or RCM_USER), must be an active admin's, and are audited; without an actor
// a change is refused. Refused input exits 2 and changes nothing; failures reaching services exit 1.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Person } from '../../domain/people/person.js';
import { CliError, command, output } from '../context.js';

interface PersonOptions {
  name?: string; role?: string; skills?: string; payers?: string; certifications?: string; level?: string; capacity?: string;
  timeZone?: string; hours?: string; days?: string; supervisor?: string | boolean; active?: string; as?: string; json?: boolean;
}

function personOptions(cmd: Command, forUpdate: boolean): Command {
  cmd
    .option('--name <display name>', 'display name')
    .option('--role <role>', 'specialist, supervisor, director, admin or operator')
    .option('--skills <list>', 'task types or desk skills (config/task-types.ts) this person works, comma-separated')
    .option('--payers <list>', 'X12 payer ids covered, comma-separated; empty = all payers')
    .option('--certifications <list>', 'e.g. CPC,CBCS,CCS')
    .option('--level <level>', 'entry, mid or senior')
    .option('--capacity <n>', 'open tasks at most')
    .option('--time-zone <zone>', 'IANA time zone, e.g. America/Chicago (default on add: TIMEZONE)')
    .option('--hours <HH:MM-HH:MM>', 'working hours in their time zone (default on add 08:00-17:00)')
    .option('--days <days>', 'working days, e.g. mon-fri or mon,wed,fri (default on add mon-fri)')
    .option('--supervisor <login>', 'who they report to (the escalation chain)');
  if (forUpdate) cmd.option('--no-supervisor', 'remove the supervisor').option('--active <true|false>', 'make active again, or not');
  return cmd.option('--as <login>', 'the admin making the change (default: RCM_USER)').option('--json', 'print JSON');
}

export function registerUserCommands(users: Command): void {
  personOptions(users.command('add').description('add a person').requiredOption('--login <login>', 'their sign-in name'), false)
    .action(command(async (ctx, opts: PersonOptions & { login: string }) => {
      const { addPerson } = await import('../../services/people/people.service.js');
      const change = await refused(async () => addPerson(await ctx.db(), actorOf(opts), opts.login, fieldsOf(opts), { timeZone: ctx.config.timezone }, new Date()));
      output(opts.json, change, () => `added ${describe(change.person)}`);
    }));

  users.command('list').description('list people, by login')
    .option('--active-only', 'leave out deactivated people')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { activeOnly?: boolean; json?: boolean }) => {
      const { PeopleRepository } = await import('../../db/repositories/people.repository.js');
      const people = await new PeopleRepository(await ctx.reads()).list({ activeOnly: opts.activeOnly });
      output(opts.json, people, () => people.length === 0 ? 'no people' : people.map(describe).join('\n'));
    }));

  personOptions(users.command('update').description("change a person's fields").argument('<login>'), true)
    .action(command(async (ctx, login: string, opts: PersonOptions) => {
      const { updatePerson } = await import('../../services/people/people.service.js');
      const change = await refused(async () => updatePerson(await ctx.db(), actorOf(opts), login, fieldsOf(opts), new Date()));
      output(opts.json, change, () => change.changed.length === 0 ? `${login}: nothing changed` : `updated ${change.changed.join(', ')}: ${describe(change.person)}`);
    }));

  users.command('deactivate').description('deactivate a person (history is kept)').argument('<login>')
    .option('--as <login>', 'the admin making the change (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, login: string, opts: { as?: string; json?: boolean }) => {
      const { deactivatePerson } = await import('../../services/people/people.service.js');
      const change = await refused(async () => deactivatePerson(await ctx.db(), actorOf(opts), login, new Date()));
      output(opts.json, change, () => change.changed.length === 0 ? `${login} was already deactivated` : `deactivated ${login}`);
    }));
}

/** The actor: --as, else RCM_USER; a change with neither is refused (we never guess who did it). */
export function actorOf(opts: { as?: string }): string {
  const actor = opts.as ?? process.env.RCM_USER;
  if (!actor) {
    throw new CliError(`who is making this change? pass --as LOGIN or set RCM_USER (an active admin; you are ${safeOsUser()} on this machine); nothing changed`, 2);
  }
  return actor;
}

/** Domain refusals (bad input, unknown person, loops) exit 2, like other refusals of the CLI. */
export async function refused<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as Error).name === 'PersonRefused') throw new CliError((error as Error).message, 2);
    throw error;
  }
}

function fieldsOf(opts: PersonOptions) {
  return {
    displayName: opts.name, role: opts.role, skills: opts.skills, payers: opts.payers, certifications: opts.certifications,
    level: opts.level, capacity: opts.capacity, timeZone: opts.timeZone, hours: opts.hours, days: opts.days, active: opts.active,
    // commander: --no-supervisor gives false; without either flag the default is true (unchanged).
    supervisor: opts.supervisor === false ? null : typeof opts.supervisor === 'string' ? opts.supervisor : undefined,
  };
}

function describe(p: Person): string {
  const days = p.workingHours.days.map((d) => ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][d - 1]).join(',');
  return `${p.login} (${p.displayName}) ${p.role} ${p.level}${p.active ? '' : ' [deactivated]'} capacity ${p.capacity} `
    + `${p.timeZone} ${p.workingHours.start}-${p.workingHours.end} ${days}`
    + ` skills [${p.skills.join(',')}] payers [${p.payers.join(',') || 'all'}] certs [${p.certifications.join(',')}]`
    + `${p.supervisor ? ` reports to ${p.supervisor}` : ''}`;
}

function safeOsUser(): string {
  try { return userInfo().username; } catch { return 'unknown'; }
}

