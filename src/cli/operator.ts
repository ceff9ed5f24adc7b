// The person an operations command acts as (--as LOGIN, else RCM_USER): an active operator or
// admin, named in the audit trail. Refused before anything is read or written otherwise.
import type { Orm } from '../db/orm.js';
import { CliError } from './context.js';

const OPERATIONS_ROLES = ['operator', 'admin'];

export async function operatorLogin(orm: Orm, opts: { as?: string }): Promise<string> {
  const login = opts.as ?? process.env.RCM_USER;
  if (!login) throw new CliError('who is doing this? pass --as LOGIN or set RCM_USER (an active operator or admin); nothing changed', 2);
  const [{ PeopleRepository }, { sqlRunner }] = await Promise.all([import('../db/repositories/people.repository.js'), import('../db/sql.js')]);
  const person = await new PeopleRepository(sqlRunner(orm.em.fork())).findByLogin(login);
  if (!person) throw new CliError(`--as ${login}: no such person; nothing changed`, 2);
  if (!person.active) throw new CliError(`--as ${login}: ${login} is deactivated; nothing changed`, 2);
  if (!OPERATIONS_ROLES.includes(person.role)) throw new CliError(`--as ${login}: this is for an operator or admin; ${login} is ${person.role}; nothing changed`, 2);
  return person.login;
}
