// Who may change retry policies (an active admin) and replay dead letters (an active admin or
// operator), for the CLI's --as; the API checks the same through each route's roles.
import { PeopleRepository } from '../../db/repositories/people.repository.js';
import type { Run } from '../../db/sql.js';
import type { Person, PersonRole } from '../../domain/people/person.js';
import { RequestRefused } from '../../errors.js';

export async function operationsActor(run: Run, login: string, roles: readonly PersonRole[], what: string): Promise<Person> {
  const person = await new PeopleRepository(run).findByLogin(login);
  if (!person) throw new RequestRefused(403, `--as ${login}: no such person; only an active ${roles.join(' or ')} may ${what}; nothing changed`);
  if (!person.active || !roles.includes(person.role)) {
    throw new RequestRefused(403, `${login} is ${person.active ? `a ${person.role}` : 'deactivated'}; only an active ${roles.join(' or ')} may ${what}; nothing changed`);
  }
  return person;
}
