// What a process may still write under a queue prefix. A running engine registers its
// installation guard here; when another installation takes the prefix over, a job or sweep of
// this process that is already running must not add flows straight to Redis (flows bypass the
// outbox, whose relay is stopped at once). The producer asks before every flow it adds.

const guards = new Map<string, () => boolean>();

export class PrefixLostError extends Error {
  override name = 'PrefixLostError';
  constructor(prefix: string) {
    super(`queue prefix "${prefix}" is now bound to another installation; this process adds nothing under it`);
  }
}

/** Registers the check for `prefix`; returns the function that removes it (at shutdown). */
export function guardPrefix(prefix: string, mayWrite: () => boolean): () => void {
  guards.set(prefix, mayWrite);
  return () => {
    if (guards.get(prefix) === mayWrite) guards.delete(prefix);
  };
}

/** Throws PrefixLostError when this process has lost `prefix` to another installation. */
export function assertMayWrite(prefix: string): void {
  const mayWrite = guards.get(prefix);
  if (mayWrite && !mayWrite()) throw new PrefixLostError(prefix);
}
