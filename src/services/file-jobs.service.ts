// The one way a job reads a stored file: in a transaction of its own; when the file turns out to
// be bad input (an InputError: unreadable X12, a bad amount, a claims document that does not
// fit), that transaction rolls back, so nothing of the file is half-written, the file is
// quarantined with its reason in a second transaction, and the job fails without retry.
import type { EntityManager } from '@mikro-orm/postgresql';
import { InputError } from '../domain/input-error.js';
import { BadInputWithTaskError } from '../errors.js';
import { quarantineFile } from './edi-intake.service.js';

export interface FileJobOptions {
  fileId: number;
  /** What kind of file it is, for the error ("835 file", "claims file"): the error names it by id, never by its sender's file name. */
  fileLabel: string;
  timezone: string;
}

export async function readFileOrQuarantine<T>(
  em: EntityManager, options: FileJobOptions, read: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await em.fork().transactional(read);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    await em.fork().transactional((tx) => quarantineFile(tx, options.fileId, error.message, { timezone: options.timezone }));
    throw new BadInputWithTaskError(`${options.fileLabel} ${options.fileId} rejected: ${error.message}`);
  }
}
