// A bank file (BAI2 or the documented CSV) arrives: it is kept like every file the office receives
// (edi_file: bytes, sha256, fate), then read whole in a transaction of its own, and either all its
// credits become deposits or none do: one bad line refuses the file, which is quarantined with the
// line and field and a quarantined-file task. The same bytes again add nothing.
import type { EntityManager } from '@mikro-orm/postgresql';
import { DepositsRepository, type DepositFileTotals } from '../../db/repositories/deposits.repository.js';
import { FilesRepository } from '../../db/repositories/files.repository.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { depositFileFormat, readDepositFile, type DepositFileFormat } from '../../domain/deposits/deposit-file-kind.js';
import { systemClock, type Clock } from '../../domain/clock.js';
import { BadInputError } from '../../errors.js';
import { receiveEdiFile, type FileBytes } from '../edi-intake.service.js';
import { readFileOrQuarantine } from '../file-jobs.service.js';

export interface DepositFileImport {
  fileId: number;
  format: DepositFileFormat;
  /** imported: read now; duplicate: these bytes were received before (nothing added now). */
  status: 'imported' | 'duplicate';
  /** Deposits added by this import (0 for a duplicate). */
  added: number;
  /** What the file holds now, by status. */
  totals: DepositFileTotals;
}

/** The same bytes were received before and refused then: refused again, with the reason kept then. */
export class DepositFileRefused extends BadInputError {
  override name = 'DepositFileRefused';
  constructor(message: string, readonly fileId: number) {
    super(message);
  }
}

export interface DepositImportOptions {
  timezone: string;
  /** Who imports it, for the audit trail (a login, or 'system'). */
  actor: string;
  clock?: Clock;
}

export async function importDepositFile(
  em: EntityManager, upload: { fileName: string; content: FileBytes }, options: DepositImportOptions,
): Promise<DepositFileImport> {
  // Kept first, in its own transaction: a file that turns out bad stays, quarantined, for a person.
  const received = await em.fork().transactional((tx) => receiveEdiFile(tx, { kind: depositFileFormat, ...upload }));
  const label = 'deposit file';
  try {
    return await readFileOrQuarantine(em, { fileId: received.fileId, fileLabel: label, timezone: options.timezone }, async (tx) => {
      const deposits = new DepositsRepository(tx);
      const file = await deposits.lockBankFile(received.fileId);
      if (!file) throw new Error(`file ${received.fileId} is not a deposit file`);
      const format = file.kind as DepositFileFormat;
      if (file.status === 'quarantined') throw new DepositFileRefused(`${label} ${received.fileId} was refused before: ${file.error}`, received.fileId);
      // Read already (a duplicate, or a second import racing this one): nothing more to add.
      if (file.status !== 'received') {
        return { fileId: received.fileId, format, status: 'duplicate', added: 0, totals: await deposits.fileTotals(received.fileId) };
      }
      const content = await new FilesRepository(tx).readContent(received.fileId);
      const read = readDepositFile(format, content.toString('latin1'));
      const added = await deposits.addFromFile(received.fileId, read);
      await new FilesRepository(tx).setStatus(received.fileId, 'processed');
      const totals = await deposits.fileTotals(received.fileId);
      await new AuditRepository(sqlRunner(tx)).record({
        actor: options.actor, action: 'deposits.import', subjectType: 'file', subjectId: String(received.fileId),
        detail: { format, deposits: added, totalCents: totals.totalCents },
      }, (options.clock ?? systemClock).now());
      return { fileId: received.fileId, format, status: 'imported', added, totals };
    });
  } catch (error) {
    if (error instanceof DepositFileRefused) throw error;
    if (error instanceof BadInputError) throw new DepositFileRefused(error.message, received.fileId);
    throw error;
  }
}
