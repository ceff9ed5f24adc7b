// Who may run the office's operations controls: throttle changes are for admins, pausing and
// resuming queues for operators and admins. The API's route roles say the same; this check is
// what the CLI (`--as LOGIN`) goes through, and the API passes it again harmlessly.
import { PeopleRepository } from '../../db/repositories/people.repository.js';
import type { Run } from '../../db/sql.js';
import type { PersonRole } from '../../domain/people/person.js';
import { RequestRefused } from '../../errors.js';

export async function checkOperationsActor(run: Run, login: string, roles: readonly PersonRole[], what: string): Promise<void> {
  const person = await new PeopleRepository(run).findByLogin(login);
  if (person?.active && roles.includes(person.role)) return;
  const who = !person ? 'no such person' : person.active ? `${login} is ${person.role}` : `${login} is deactivated`;
  throw new RequestRefused(403, `only an active ${roles.join(' or ')} may ${what} (${who}); nothing changed`);
}
