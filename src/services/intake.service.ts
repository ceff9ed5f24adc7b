// Intake: a file arrives (CLI, API, inbox folder, clearinghouse reply), is stored while it is
// read, and its processing job is enqueued in the caller's transaction. One function per kind
// of file the office receives; a file seen before (same bytes) enqueues nothing again.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EdiFileKind } from '../db/entities/index.js';
import { firstCharacter, x12FileKindOf } from '../domain/x12/x12-file-kind.js';
import { enqueue } from '../queues/producer.js';
import { receiveEdiFile, type FileBytes, type IncomingFile, type ReceivedFile } from './edi-intake.service.js';

export type { FileBytes, ReceivedFile } from './edi-intake.service.js';

export interface Upload {
  fileName: string;
  content: FileBytes;
}

/** An 837P or a JSON claims file (rcm-claims/v1): stored, and `claims.import` enqueued. */
export function receiveClaimFile(em: EntityManager, upload: Upload): Promise<ReceivedFile> {
  return receiveThenEnqueue(em, claimFileKind, upload, (fileId) => enqueue(em, 'claims', 'import', { fileId }));
}

/** A TA1, 999 or 277CA: stored, and `claims.ack` enqueued. */
export function receiveAckFile(em: EntityManager, upload: Upload): Promise<ReceivedFile> {
  return receiveThenEnqueue(em, ackKind, upload, (fileId) => enqueue(em, 'claims', 'ack', { fileId }));
}

/** An 835: stored, and `posting.era` enqueued. */
export function receiveEra(em: EntityManager, upload: Upload): Promise<ReceivedFile> {
  return receiveThenEnqueue(em, '835', upload, (fileId) => enqueue(em, 'posting', 'era', { fileId }));
}

/** Stores the file; a new one (not the same bytes again) gets its processing job in the same transaction. */
async function receiveThenEnqueue(
  em: EntityManager, kind: IncomingFile['kind'], upload: Upload, enqueueJob: (fileId: number) => void,
): Promise<ReceivedFile> {
  const received = await receiveEdiFile(em, { kind, ...upload });
  if (!received.duplicate) {
    enqueueJob(received.fileId);
    await em.flush();
  }
  return received;
}

/** JSON claims open with `{` or `[`; anything else is read as an 837P (and quarantined if it is not). */
export function claimFileKind(head: Buffer): EdiFileKind {
  const first = firstCharacter(head.subarray(0, 64).toString('latin1'));
  return first === '{' || first === '[' ? 'claims-json' : '837P';
}

/**
 * A first look at an acknowledgment to label it, through the readers' own envelope path (BOM,
 * separators, GS08). A file that is none of the three (a 277 claim status response, an 835, not
 * X12 at all) is labelled 277CA and then quarantined by the ack job with the reader's message,
 * so it is kept like any bad file.
 */
export function ackKind(head: Buffer): EdiFileKind {
  const kind = x12FileKindOf(head.subarray(0, 4096).toString('latin1'));
  return kind === 'TA1' || kind === '999' ? kind : '277CA';
}

/** Whether a file from a clearinghouse mailbox is an 835 (routed to posting, not to the ack reader). */
export function isEra835(content: Buffer): boolean {
  return x12FileKindOf(content.subarray(0, 4096).toString('latin1')) === '835';
}
