// People and tokens for tests that call the API: inserted straight into the test's schema (the
// users and tokens commands have their own tests), each with a bearer token to send.
import { mintToken } from '../../src/domain/people/api-token.js';
import type { PersonLevel, PersonRole } from '../../src/domain/people/person.js';
import type { Orm } from '../../src/db/orm.js';
import { PeopleRepository } from '../../src/db/repositories/people.repository.js';
import { TokensRepository } from '../../src/db/repositories/tokens.repository.js';
import { sqlRunner } from '../../src/db/sql.js';

export interface TestPerson {
  id: number;
  login: string;
  role: PersonRole;
  token: string;
  /** `{ authorization: 'Bearer …' }` for fetch or inject. */
  headers: { authorization: string };
}

export interface TestPersonFields {
  login?: string;
  skills?: string[];
  payers?: string[];
  certifications?: string[];
  level?: PersonLevel;
  capacity?: number;
  timeZone?: string;
  workingHours?: { start: string; end: string; days: number[] };
  supervisorId?: number | null;
  active?: boolean;
}

let counter = 0;

/** A person with `role` (and the fields given) and a token for them. */
export async function signedInPerson(orm: Orm, role: PersonRole, fields: TestPersonFields = {}): Promise<TestPerson> {
  const run = sqlRunner(orm.em.fork());
  const login = fields.login ?? `${role}${++counter}`;
  const at = new Date();
  const id = await new PeopleRepository(run).insert({
    login, displayName: `Test ${role} ${counter}`, role, skills: fields.skills ?? [], payers: fields.payers ?? [],
    certifications: fields.certifications ?? [], level: fields.level ?? 'mid', capacity: fields.capacity ?? 25,
    timeZone: fields.timeZone ?? 'UTC', workingHours: fields.workingHours ?? { start: '00:00', end: '23:59', days: [1, 2, 3, 4, 5, 6, 7] },
    supervisorId: fields.supervisorId ?? null, active: fields.active ?? true,
  }, at);
  const minted = mintToken();
  await new TokensRepository(run).insert({ publicId: minted.publicId, secretHash: minted.secretHash, personId: id, createdBy: 'test', expiresAt: null }, at);
  return { id, login, role, token: minted.token, headers: { authorization: `Bearer ${minted.token}` } };
}
