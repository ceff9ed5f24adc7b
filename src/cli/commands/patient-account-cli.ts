// What the payments, plans and accounts commands share: the account named by its number (or its
// id when no account has that number), the person acting checked against who may talk to
// patients, and refusals printed with exit code 2 and nothing changed.
import type { Orm } from '../../db/orm.js';
import type { PersonRole } from '../../domain/people/person.js';
import { formatDollars } from '../../domain/money.js';
import { BadInputError, RequestRefused } from '../../errors.js';
import { InputError } from '../../domain/input-error.js';
import { CliError } from '../context.js';
import { personOf } from './task-outcomes.js';
import { actorOf } from './users.js';

export type CliAccountRef = { id: number } | { number: string };

/** The account number as printed on statements; `#123` names the numeric id. */
export function accountRefOf(text: string): CliAccountRef {
  const id = /^#([1-9]\d{0,9})$/.exec(text);
  return id ? { id: Number(id[1]) } : { number: text };
}

/** The person acting (--as or RCM_USER), refused unless active and in one of `roles`. */
export async function deskActor(orm: Orm, opts: { as?: string }, roles: readonly PersonRole[]): Promise<{ id: number; login: string }> {
  const person = await personOf(orm, actorOf(opts));
  if (!roles.includes(person.role)) throw new CliError(`--as ${person.login}: this is for ${roles.join(', ')}; ${person.login} is ${person.role}; nothing changed`, 2);
  return { id: person.id, login: person.login };
}

/** Refusals (bad input, no such account, conflicts) exit 2 with their reason; anything else as it is. */
export async function refusedOr<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RequestRefused || error instanceof BadInputError || error instanceof InputError) throw new CliError(error.message, 2);
    throw error;
  }
}

export function dollars(cents: number): string {
  return cents < 0 ? `-$${formatDollars(-cents)}` : `$${formatDollars(cents)}`;
}
