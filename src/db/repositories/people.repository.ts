// The people who work tasks (table `specialist`), read and written as the domain's Person.
// Changes to the reporting chain take one transaction-scoped advisory lock, so two concurrent
// changes cannot each pass the loop check and together close a loop.
import type { Person, PersonLevel, PersonRole, WorkingHours } from '../../domain/people/person.js';
import { json, type Run } from '../sql.js';

/** One lock id for "the reporting chain is being changed" (any 64-bit number unique to it). */
const REPORTING_CHAIN_LOCK = 0x7065_6f70_6c65; // "people"

export interface PersonRecord {
  login: string;
  displayName: string;
  role: PersonRole;
  skills: string[];
  payers: string[];
  certifications: string[];
  level: PersonLevel;
  capacity: number;
  timeZone: string;
  workingHours: WorkingHours;
  supervisorId: number | null;
  active: boolean;
}

export interface PersonRow {
  id: number; login: string; display_name: string; role: PersonRole; skills: string[]; payers: string[]; certifications: string[];
  level: PersonLevel; capacity: number; timezone: string; working_hours: WorkingHours; supervisor_id: number | null;
  supervisor_login: string | null; active: boolean;
}

/** People with their supervisor's login, on alias `s` (tokens.repository.ts joins it to a token). */
export const SELECT_PEOPLE = `select s.id, s.login, s.display_name, s.role, s.skills, s.payers, s.certifications, s.level, s.capacity, s.timezone,
  s.working_hours, s.supervisor_id, sup.login as supervisor_login, s.active
  from specialist s left join specialist sup on sup.id = s.supervisor_id`;

export class PeopleRepository {
  constructor(private readonly run: Run) {}

  async lockReportingChain(): Promise<void> {
    await this.run(`select pg_advisory_xact_lock(?::bigint)`, [REPORTING_CHAIN_LOCK]);
  }

  async findByLogin(login: string): Promise<(Person & { supervisorId: number | null }) | undefined> {
    const [row] = await this.run<PersonRow>(`${SELECT_PEOPLE} where s.login = ?`, [login]);
    return row ? toPerson(row) : undefined;
  }

  async findById(id: number): Promise<(Person & { supervisorId: number | null }) | undefined> {
    const [row] = await this.run<PersonRow>(`${SELECT_PEOPLE} where s.id = ?`, [id]);
    return row ? toPerson(row) : undefined;
  }

  async list(options: { activeOnly?: boolean } = {}): Promise<Person[]> {
    const rows = await this.run<PersonRow>(`${SELECT_PEOPLE}${options.activeOnly ? ' where s.active' : ''} order by s.login`);
    return rows.map(toPerson);
  }

  /** Who supervises whom, by login, for the loop check. */
  async supervisorLogins(): Promise<Map<string, string | null>> {
    const rows = await this.run<{ login: string; supervisor_login: string | null }>(
      `select s.login, sup.login as supervisor_login from specialist s left join specialist sup on sup.id = s.supervisor_id`,
    );
    return new Map(rows.map((r) => [r.login, r.supervisor_login]));
  }

  /** Everyone who reports to `personId`, directly or down the chain (not the person), by id. */
  async teamBelow(personId: number): Promise<number[]> {
    const rows = await this.run<{ id: number }>(
      `with recursive team(id) as (
         select id from specialist where supervisor_id = ?
         union select s.id from specialist s join team t on s.supervisor_id = t.id)
       select id from team order by id`,
      [personId],
    );
    return rows.map((r) => Number(r.id));
  }

  async countActiveAdmins(): Promise<number> {
    const [row] = await this.run<{ n: string }>(`select count(*) as n from specialist where role = 'admin' and active`);
    return Number(row.n);
  }

  async insert(person: PersonRecord, at: Date): Promise<number> {
    const [row] = await this.run<{ id: number }>(
      `insert into specialist (login, display_name, role, skills, payers, certifications, level, capacity, timezone, working_hours,
         supervisor_id, active, created_at)
       values (?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?) returning id`,
      [person.login, person.displayName, person.role, json(person.skills), json(person.payers), json(person.certifications), person.level,
        person.capacity, person.timeZone, json(person.workingHours), person.supervisorId, person.active, at],
    );
    return Number(row.id);
  }

  async update(id: number, person: Omit<PersonRecord, 'login'>): Promise<void> {
    await this.run(
      `update specialist set display_name = ?, role = ?, skills = ?::jsonb, payers = ?::jsonb, certifications = ?::jsonb, level = ?,
         capacity = ?, timezone = ?, working_hours = ?::jsonb, supervisor_id = ?, active = ? where id = ?`,
      [person.displayName, person.role, json(person.skills), json(person.payers), json(person.certifications), person.level,
        person.capacity, person.timeZone, json(person.workingHours), person.supervisorId, person.active, id],
    );
  }
}

export function toPerson(row: PersonRow): Person & { supervisorId: number | null } {
  return {
    id: Number(row.id), login: row.login, displayName: row.display_name, role: row.role, skills: row.skills, payers: row.payers,
    certifications: row.certifications, level: row.level, capacity: row.capacity, timeZone: row.timezone, workingHours: row.working_hours,
    supervisor: row.supervisor_login, supervisorId: row.supervisor_id === null ? null : Number(row.supervisor_id), active: row.active,
  };
}
