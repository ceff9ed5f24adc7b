// Every inbound EDI file is kept before anything reads it: bytes, hash and fate. The caller
// enqueues the processing job in the same transaction (transactional outbox), so a stored file
// always gets processed and a rolled-back intake leaves nothing behind.
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EdiFile, type EdiFileKind } from '../db/entities/index.js';
import { createFollowUpTask } from './tasks.service.js';

export interface ReceivedFile {
  fileId: number;
  /** The same bytes of the same kind were received before: nothing new was stored. */
  duplicate: boolean;
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export async function receiveEdiFile(
  em: EntityManager,
  input: { kind: EdiFileKind; fileName: string; content: Buffer; direction?: 'inbound' | 'outbound' },
): Promise<ReceivedFile> {
  const hash = sha256(input.content);
  const earlier = await em.findOne(EdiFile, { kind: input.kind, sha256: hash, direction: input.direction ?? 'inbound' }, { fields: ['id'] });
  if (earlier) return { fileId: earlier.id, duplicate: true };
  const file = em.create(EdiFile, {
    kind: input.kind,
    direction: input.direction ?? 'inbound',
    fileName: input.fileName.slice(-255),
    sha256: hash,
    sizeBytes: input.content.length,
    content: input.content,
    status: 'received',
  });
  await em.flush();
  return { fileId: file.id, duplicate: false };
}

/** The file's row and bytes (the bytes are a lazy column, read only when asked for). */
export async function loadFileContent(em: EntityManager, fileId: number): Promise<{ file: EdiFile; content: Buffer }> {
  const file = await em.findOneOrFail(EdiFile, fileId);
  const [row] = await em.getConnection().execute<Array<{ content: Buffer }>>(
    'select content from edi_file where id = ?', [fileId], 'all', em.getTransactionContext(),
  );
  return { file, content: row.content };
}

export async function markFile(em: EntityManager, fileId: number, status: 'processing' | 'processed' | 'duplicate'): Promise<void> {
  await em.nativeUpdate(EdiFile, fileId, { status, ...(status === 'processing' ? {} : { processedAt: new Date() }) });
}

/**
 * Keeps a file that cannot be read, with its reason (PHI-free: segment, position, rule), and
 * opens a `quarantined-file` task for a person. Call it in a transaction of its own after the
 * failed one rolled back, so nothing of the file is half-written.
 */
export async function quarantineFile(em: EntityManager, fileId: number, reason: string, options: { timezone: string }): Promise<number> {
  await em.nativeUpdate(EdiFile, fileId, { status: 'quarantined', error: reason.slice(0, 4000), processedAt: new Date() });
  const { taskId } = await createFollowUpTask(
    em,
    { type: 'quarantined-file', subjectType: 'file', subjectId: fileId, reasonCodes: ['UNREADABLE'], amountAtRiskCents: 0, requiredSkills: ['edi'] },
    options,
  );
  return taskId;
}
