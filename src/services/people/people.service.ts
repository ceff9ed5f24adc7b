// Adding, changing and deactivating people, each change with its audit event in the same
// transaction: a refused change (PersonRefused) writes nothing, an accepted one is always audited.
// The actor must be an active admin; the one exception is the very first admin adding themself.
import type { Orm } from '../../db/orm.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { PeopleRepository, type PersonRecord } from '../../db/repositories/people.repository.js';
import { TaskEventsRepository } from '../../db/repositories/task-events.repository.js';
import { TaskHoldersRepository } from '../../db/repositories/task-holders.repository.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { PersonRefused, type Person, type PersonRole } from '../../domain/people/person.js';
import { checkLogin, parsePersonFields, workingHoursFrom, type PersonFieldsInput } from '../../domain/people/person-fields.js';
import { checkNoLoop } from '../../domain/people/reporting-chain.js';

export interface PersonChangeInput extends PersonFieldsInput {
  /** Supervisor's login; null removes the supervisor (update only). */
  supervisor?: string | null;
}

export interface PersonChange {
  person: Person;
  action: 'user.add' | 'user.update' | 'user.deactivate';
  changed: string[]; // field names only
}

const DEFAULT_HOURS = { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] };

export async function addPerson(orm: Orm, actor: string, login: string, input: PersonChangeInput, defaults: { timeZone: string }, at: Date): Promise<PersonChange> {
  checkLogin(login);
  const fields = parsePersonFields(input);
  if (fields.displayName === undefined) throw new PersonRefused('a display name is required (--name)');
  return inTransaction(orm, async (people, audit) => {
    await checkActor(people, actor, { bootstrap: login === actor && fields.role === 'admin' });
    if (await people.findByLogin(login)) throw new PersonRefused(`login "${login}" is already taken; nothing changed`);
    let supervisorId: number | null = null;
    if (input.supervisor) {
      await people.lockReportingChain();
      const supervisor = await findSupervisor(people, input.supervisor);
      checkCanSupervise(supervisor);
      supervisorId = supervisor.id;
    }
    const record: PersonRecord = {
      login, displayName: fields.displayName!, role: fields.role ?? 'specialist', skills: fields.skills ?? [], payers: fields.payers ?? [],
      certifications: fields.certifications ?? [], level: fields.level ?? 'entry', capacity: fields.capacity ?? 25,
      timeZone: fields.timeZone ?? defaults.timeZone, workingHours: workingHoursFrom(fields, DEFAULT_HOURS), supervisorId,
      active: fields.active ?? true,
    };
    const id = await insertOnce(people, record, at);
    const changed = ['login', ...Object.keys(fields).map(fieldName), ...(input.supervisor ? ['supervisor'] : [])];
    const unique = [...new Set(changed)];
    await audit.record({ actor, action: 'user.add', subjectType: 'user', subjectId: String(id), detail: { fields: unique } }, at);
    return { person: (await people.findByLogin(login))!, action: 'user.add', changed: unique };
  });
}

export async function updatePerson(orm: Orm, actor: string, login: string, input: PersonChangeInput, at: Date): Promise<PersonChange> {
  const fields = parsePersonFields(input);
  return inTransaction(orm, async (people, audit, run) => {
    await checkActor(people, actor, { bootstrap: false });
    if (input.supervisor !== undefined) await people.lockReportingChain();
    const current = await findPerson(people, login);
    let supervisorId = current.supervisorId;
    if (input.supervisor === null) supervisorId = null;
    else if (input.supervisor !== undefined) {
      if (input.supervisor === login) throw new PersonRefused(`supervisor loop in the reporting chain: ${login} -> ${login}; nothing changed`);
      const supervisor = await findSupervisor(people, input.supervisor);
      checkNoLoop(login, input.supervisor, await people.supervisorLogins());
      checkCanSupervise(supervisor);
      supervisorId = supervisor.id;
    }
    const next = {
      displayName: fields.displayName ?? current.displayName, role: fields.role ?? current.role, skills: fields.skills ?? current.skills,
      payers: fields.payers ?? current.payers, certifications: fields.certifications ?? current.certifications,
      level: fields.level ?? current.level, capacity: fields.capacity ?? current.capacity, timeZone: fields.timeZone ?? current.timeZone,
      workingHours: workingHoursFrom(fields, current.workingHours), supervisorId, active: fields.active ?? current.active,
    };
    if (current.active && !next.active) await leaveNoOneBehind(run, current, actor, at);
    else if (SUPERVISING_ROLES.includes(current.role) && !SUPERVISING_ROLES.includes(next.role)) await checkNoReports(people, current, `become ${next.role}`);
    const changed = changedFields(current, next);
    if (changed.length > 0) {
      await people.update(current.id, next);
      await audit.record({ actor, action: 'user.update', subjectType: 'user', subjectId: String(current.id), detail: { fields: changed } }, at);
    }
    return { person: (await people.findByLogin(login))!, action: 'user.update', changed };
  });
}

/** Deactivated people keep their history and can be made active again with `update --active true`. */
export async function deactivatePerson(orm: Orm, actor: string, login: string, at: Date): Promise<PersonChange> {
  return inTransaction(orm, async (people, audit, run) => {
    await checkActor(people, actor, { bootstrap: false });
    const current = await findPerson(people, login);
    const changed = current.active ? ['active'] : [];
    if (current.active) {
      await leaveNoOneBehind(run, current, actor, at);
      await people.update(current.id, { ...current, active: false });
      await audit.record({ actor, action: 'user.deactivate', subjectType: 'user', subjectId: String(current.id), detail: { fields: changed } }, at);
    }
    return { person: (await people.findByLogin(login))!, action: 'user.deactivate', changed };
  });
}

async function inTransaction<T>(orm: Orm, work: (people: PeopleRepository, audit: AuditRepository, run: Run) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(async (em) => {
    const run = sqlRunner(em);
    return work(new PeopleRepository(run), new AuditRepository(run), run);
  });
}

/** Roles whose holders may be someone's supervisor: escalations go to them. */
const SUPERVISING_ROLES: readonly PersonRole[] = ['supervisor', 'director'];

function checkCanSupervise(supervisor: Person): void {
  if (!SUPERVISING_ROLES.includes(supervisor.role)) {
    throw new PersonRefused(`"${supervisor.login}" is a ${supervisor.role}; a supervisor must be a supervisor or director; nothing changed`);
  }
}

/** Someone with active reports cannot leave the chain (or stop supervising) until they are moved. */
async function checkNoReports(people: PeopleRepository, person: Person, change: string): Promise<void> {
  const reports = (await people.list({ activeOnly: true })).filter((p) => p.supervisor === person.login).map((p) => p.login);
  if (reports.length === 0) return;
  const named = reports.length > 5 ? `${reports.slice(0, 5).join(', ')} and ${reports.length - 5} more` : reports.join(', ');
  throw new PersonRefused(`${person.login} cannot ${change}: ${named} report to them; give them another supervisor first `
    + `(users update LOGIN --supervisor ...); nothing changed`);
}

/**
 * Before a person is deactivated: nobody may still report to them, and their open tasks go back
 * to the pool (each a task event), so no work waits on someone who is gone.
 */
async function leaveNoOneBehind(run: Run, person: Person, actor: string, at: Date): Promise<void> {
  await checkNoReports(new PeopleRepository(run), person, 'be deactivated');
  const returned = await new TaskHoldersRepository(run).returnAllHeldBy(person.id, at);
  await new TaskEventsRepository(run).recordMany(returned.map((t) => ({
    taskId: t.id, kind: 'returned', actor, detail: { from: person.login, to: null, fromStatus: t.status, reason: 'deactivated' },
  })), at);
}

export async function checkActor(people: PeopleRepository, actor: string, options: { bootstrap: boolean }): Promise<void> {
  const person = await people.findByLogin(actor);
  if (person?.active && person.role === 'admin') return;
  if (options.bootstrap && (await people.countActiveAdmins()) === 0) return;
  if (!person) throw new PersonRefused(`--as ${actor}: no such person (the first admin may add themself: users add --login ${actor} --role admin --as ${actor})`);
  throw new PersonRefused(`--as ${actor}: only an active admin may change people (${actor} is ${person.active ? `a ${person.role}` : 'deactivated'})`);
}

async function findPerson(people: PeopleRepository, login: string) {
  const person = await people.findByLogin(login);
  if (!person) throw new PersonRefused(`unknown person "${login}"; nothing changed`, { unknown: true });
  return person;
}

async function findSupervisor(people: PeopleRepository, login: string) {
  const supervisor = await people.findByLogin(login);
  if (!supervisor) throw new PersonRefused(`unknown supervisor "${login}"; nothing changed`);
  if (!supervisor.active) throw new PersonRefused(`supervisor "${login}" is deactivated; nothing changed`);
  return supervisor;
}

/** A concurrent add of the same login loses at the unique constraint: the same clear refusal. */
async function insertOnce(people: PeopleRepository, record: PersonRecord, at: Date): Promise<number> {
  try {
    return await people.insert(record, at);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new PersonRefused(`login "${record.login}" is already taken; nothing changed`);
    throw error;
  }
}

function fieldName(key: string): string {
  return key === 'hours' || key === 'days' ? 'workingHours' : key;
}

function changedFields(current: Person & { supervisorId: number | null }, next: Omit<PersonRecord, 'login'>): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(next)) {
    const before = (current as unknown as Record<string, unknown>)[key];
    if (canonical(before) !== canonical(value)) names.push(key === 'supervisorId' ? 'supervisor' : key);
  }
  return names;
}

/** JSON with object keys sorted: jsonb hands objects back with its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
    : v));
}
