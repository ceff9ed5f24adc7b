// Every EDI file is kept before anything reads it: bytes, hash and fate. The bytes are stored
// while they stream in, part by part, so a 100 MB 835 is never held whole; the caller enqueues
// the processing job in the same transaction (transactional outbox), so a stored file always
// gets processed and a rolled-back intake leaves nothing behind, parts included.
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EdiFile, EdiFileKind } from '../db/entities/index.js';
import { FilesRepository, type FileDirection } from '../db/repositories/files.repository.js';
import { createFollowUpTask } from './tasks.service.js';

export interface ReceivedFile {
  fileId: number;
  /** The same bytes of the same kind were received before: nothing new was stored. */
  duplicate: boolean;
}

/** A file's bytes: whole (built or small files) or as they arrive (an upload, a file on disk). */
export type FileBytes = Buffer | AsyncIterable<Buffer | Uint8Array | string>;

/**
 * Bytes per stored part (the parts migration cuts old files the same way). Measured on a 100 MB
 * 835 (lz4 parts): stored in ~1 s with 256 KB, 1 MB or 4 MB parts alike; read back in 0.9 s with
 * 1 MB parts against 1.8 s with 256 KB and 1.2 s with 4 MB. One part is all intake holds.
 */
export const PART_BYTES = 1024 * 1024;
/** How much of the start of a file is looked at to tell its kind (JSON or X12, TA1/999/277CA). */
const HEAD_BYTES = 4096;

export interface IncomingFile {
  /** The file's kind, or how to tell it from the file's first bytes (at least 4 KB unless shorter). */
  kind: EdiFileKind | ((head: Buffer) => EdiFileKind);
  fileName: string;
  content: FileBytes;
  direction?: FileDirection;
  /** Bytes per stored part (tests use small parts to see many). */
  partBytes?: number;
}

/**
 * Stores a file while reading it, hashing as it goes. Same bytes, kind and direction as a file
 * kept before: the parts just written are dropped again and the earlier file is answered.
 */
export async function receiveEdiFile(em: EntityManager, input: IncomingFile): Promise<ReceivedFile> {
  const files = new FilesRepository(em);
  const direction = input.direction ?? 'inbound';
  const partBytes = input.partBytes ?? PART_BYTES;
  const chunks = asBuffers(input.content)[Symbol.asyncIterator]();
  try {
    const head = await readHead(chunks);
    const kind = typeof input.kind === 'function' ? input.kind(head.bytes) : input.kind;
    const fileId = await files.openFile({ kind, direction, fileName: input.fileName });
    const hash = createHash('sha256');
    // One part's buffer, filled and sent again and again: reusable once its insert has completed.
    const partBuffer = Buffer.allocUnsafeSlow(partBytes);
    let filled = 0;
    let part = 0;
    let sizeBytes = 0;
    const take = async (chunk: Buffer) => {
      hash.update(chunk);
      sizeBytes += chunk.length;
      for (let offset = 0; offset < chunk.length;) {
        const copied = chunk.copy(partBuffer, filled, offset, offset + partBytes - filled);
        filled += copied;
        offset += copied;
        if (filled === partBytes) {
          await files.addPart(fileId, part++, partBuffer);
          filled = 0;
        }
      }
    };
    await take(head.bytes);
    if (!head.done) {
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) await take(next.value);
    }
    if (filled > 0) await files.addPart(fileId, part, partBuffer.subarray(0, filled));

    const digest = hash.digest('hex');
    const earlier = await files.findSameBytes({ kind, direction, sha256: digest, otherThan: fileId });
    if (earlier !== undefined) {
      await files.discardFile(fileId);
      return { fileId: earlier, duplicate: true };
    }
    await files.completeFile(fileId, digest, sizeBytes);
    return { fileId, duplicate: false };
  } finally {
    // A failed intake stops reading: the upload or file on disk is released, not left half read.
    await chunks.return?.(undefined);
  }
}

/** The file's row and bytes whole: for the small files read whole (acknowledgments, outbound batches). */
export async function loadFileContent(em: EntityManager, fileId: number): Promise<{ file: EdiFile; content: Buffer }> {
  const files = new FilesRepository(em);
  return { file: await files.getFile(fileId), content: await files.readContent(fileId) };
}

export async function markFile(em: EntityManager, fileId: number, status: 'processing' | 'processed' | 'duplicate'): Promise<void> {
  await new FilesRepository(em).setStatus(fileId, status);
}

/**
 * Keeps a file that cannot be read, with its reason (PHI-free: segment, position, rule), and
 * opens a `quarantined-file` task for a person. Call it in a transaction of its own after the
 * failed one rolled back, so nothing of the file is half-written.
 */
export async function quarantineFile(em: EntityManager, fileId: number, reason: string, options: { timezone: string }): Promise<number> {
  await new FilesRepository(em).quarantine(fileId, reason);
  const { taskId } = await createFollowUpTask(
    em,
    { type: 'quarantined-file', subjectType: 'file', subjectId: fileId, reasonCodes: ['UNREADABLE'], amountAtRiskCents: 0 },
    options,
  );
  return taskId;
}

async function* asBuffers(content: FileBytes): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(content)) {
    yield content;
    return;
  }
  for await (const chunk of content) yield typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}

/** The first HEAD_BYTES (or the whole file, if shorter), and whether the file ended there. */
async function readHead(chunks: AsyncIterator<Buffer>): Promise<{ bytes: Buffer; done: boolean }> {
  const read: Buffer[] = [];
  let length = 0;
  while (length < HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done) return { bytes: Buffer.concat(read), done: true };
    read.push(next.value);
    length += next.value.length;
  }
  return { bytes: read.length === 1 ? read[0] : Buffer.concat(read), done: false };
}
