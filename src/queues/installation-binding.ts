// Binds the queue prefix in Redis to one installation (one database), so that job ids are never
// taken for another installation's work and no job runs against the wrong database. The binding
// is one key under the prefix, set with SET NX by the first process of an installation to reach
// Redis; every engine process and the CLI check it before they touch the queues. A process whose
// database is another installation refuses to start, naming both and the command that takes the
// prefix over on purpose (`rcm install rebind --confirm`, installation-rebind.ts).
import type { Redis } from 'ioredis';
import { RcmError } from '../errors.js';

/** The key under the prefix that names the installation the prefix belongs to. */
export function bindingKey(prefix: string): string {
  return `${prefix}:rcm:installation`;
}

/** This process's side: its database's installation id and where that database is. */
export interface ThisInstallation {
  id: string;
  /** `host:port/database (schema s)`: tells an operator which database is meant; no credentials. */
  database: string;
}

/** What the prefix's key holds. `rebinding` while `rcm install rebind` clears the prefix. */
export interface PrefixBinding {
  installationId: string;
  database: string;
  boundAt: string;
  state: 'bound' | 'rebinding';
}

/** Where a database is, for the messages: never the user name or password. */
export function databaseLabel(database: { url: string; schema: string }): string {
  const url = new URL(database.url);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return `${url.hostname}${url.port ? `:${url.port}` : ''}/${name} (schema ${database.schema})`;
}

export function bindingValue(self: ThisInstallation, state: PrefixBinding['state'], at = new Date()): string {
  const binding: PrefixBinding = { installationId: self.id, database: self.database, boundAt: at.toISOString(), state };
  return JSON.stringify(binding);
}

/** Reads the key's value; a bare id (written by hand) counts as a binding to that id. */
export function parseBinding(raw: string | null): PrefixBinding | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<PrefixBinding>;
    if (typeof value.installationId === 'string') {
      return {
        installationId: value.installationId,
        database: typeof value.database === 'string' ? value.database : 'unknown',
        boundAt: typeof value.boundAt === 'string' ? value.boundAt : 'unknown',
        state: value.state === 'rebinding' ? 'rebinding' : 'bound',
      };
    }
  } catch {
    // not JSON: fall through
  }
  return { installationId: raw, database: 'unknown', boundAt: 'unknown', state: 'bound' };
}

/** The prefix belongs to another installation: this process must not touch its jobs. */
export class InstallationConflictError extends RcmError {
  override name = 'InstallationConflictError';
  constructor(readonly prefix: string, readonly boundTo: PrefixBinding, readonly self: ThisInstallation) {
    super(conflictMessage(prefix, boundTo, self));
  }
}

export function conflictMessage(prefix: string, boundTo: PrefixBinding, self: ThisInstallation): string {
  const other = boundTo.state === 'rebinding' ? 'is being taken over by' : 'is bound to';
  return `queue prefix "${prefix}" ${other} installation ${boundTo.installationId} (database ${boundTo.database}, since ${boundTo.boundAt}), `
    + `but this database ${self.database} is installation ${self.id}. The jobs under that prefix belong to the other installation's `
    + `database, so this process will not touch them. If the other installation is gone for good (its database was dropped and `
    + `this one created in its place, say), take the prefix over with \`rcm install rebind --confirm\` (it deletes every job under the prefix; `
    + `this installation's work is then rebuilt from its database); otherwise give this installation its own QUEUE_PREFIX.`;
}

/** The outcome of binding: bound to us, or our own `rcm install rebind` is still clearing the prefix. */
export type BindResult = { state: 'bound'; binding: PrefixBinding; created: boolean } | { state: 'rebinding'; binding: PrefixBinding };

/**
 * Binds the prefix to `self` if it is free, else checks that it is ours. Throws
 * InstallationConflictError if another installation holds it; Redis errors propagate.
 */
export async function bindPrefix(redis: Redis, prefix: string, self: ThisInstallation): Promise<BindResult> {
  const key = bindingKey(prefix);
  for (let attempt = 0; attempt < 3; attempt++) {
    const value = bindingValue(self, 'bound');
    if ((await redis.set(key, value, 'NX')) === 'OK') return { state: 'bound', binding: parseBinding(value)!, created: true };
    const binding = parseBinding(await redis.get(key));
    if (!binding) continue; // removed between the two commands: try again
    if (binding.installationId !== self.id) throw new InstallationConflictError(prefix, binding, self);
    return binding.state === 'rebinding' ? { state: 'rebinding', binding } : { state: 'bound', binding, created: false };
  }
  throw new RcmError(`the binding of queue prefix "${prefix}" keeps disappearing; is something deleting keys under it?`);
}

/** What the prefix is bound to now, without binding it (`rcm install show`). */
export async function readBinding(redis: Redis, prefix: string): Promise<PrefixBinding | undefined> {
  return parseBinding(await redis.get(bindingKey(prefix)));
}
