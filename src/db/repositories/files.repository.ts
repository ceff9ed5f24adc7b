// EDI files in and out: the row (kind, hash, fate) and its bytes as numbered parts, written while
// a file streams in and read back in order, so no file is ever held whole to store or read it.
import type { EntityManager } from '@mikro-orm/postgresql';
import { EdiFile, type EdiFileKind } from '../entities/index.js';
import { sqlRunner } from '../sql.js';

export type FileDirection = 'inbound' | 'outbound';

const SLICE_BYTES = 256 * 1024;

export class FilesRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * A new file row before its bytes arrive: its hash and size are known only at the end
   * (`completeFile`). Uncommitted, nobody else sees it meanwhile.
   */
  async openFile(file: { kind: EdiFileKind; direction: FileDirection; fileName: string }): Promise<number> {
    const [row] = await sqlRunner(this.em)<{ id: number }>(
      `insert into edi_file (kind, direction, file_name, sha256, size_bytes, status, received_at)
       values (?, ?, ?, '', 0, 'received', now()) returning id`,
      [file.kind, file.direction, file.fileName.slice(-255)],
    );
    return row.id;
  }

  async addPart(fileId: number, part: number, bytes: Buffer): Promise<void> {
    await sqlRunner(this.em)('insert into edi_file_part (file_id, part, bytes) values (?, ?, ?)', [fileId, part, bytes]);
  }

  async completeFile(fileId: number, sha256: string, sizeBytes: number): Promise<void> {
    await sqlRunner(this.em)('update edi_file set sha256 = ?, size_bytes = ? where id = ?', [sha256, sizeBytes, fileId]);
  }

  /**
   * The earliest other file with the same bytes, kind and direction. Takes a transaction-long
   * lock on the hash first, so two intakes of the same bytes at once are settled in turn: the
   * second waits for the first to commit (or roll back), then finds it (or not).
   */
  async findSameBytes(file: { kind: EdiFileKind; direction: FileDirection; sha256: string; otherThan: number }): Promise<number | undefined> {
    const run = sqlRunner(this.em);
    await run('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`edi_file:${file.kind}:${file.direction}:${file.sha256}`]);
    const [row] = await run<{ id: number }>(
      'select id from edi_file where kind = ? and direction = ? and sha256 = ? and id <> ? order by id limit 1',
      [file.kind, file.direction, file.sha256, file.otherThan],
    );
    return row?.id;
  }

  /** A file found to be a duplicate while it streamed in: its row and parts go again. */
  async discardFile(fileId: number): Promise<void> {
    const run = sqlRunner(this.em);
    await run('delete from edi_file_part where file_id = ?', [fileId]);
    await run('delete from edi_file where id = ?', [fileId]);
  }

  async getFile(fileId: number): Promise<EdiFile> {
    return this.em.findOneOrFail(EdiFile, fileId);
  }

  async isFileOfKind(fileId: number, kind: EdiFileKind): Promise<boolean> {
    return (await this.em.count(EdiFile, { id: fileId, kind })) > 0;
  }

  /** Whole bytes, for the small files read whole (acknowledgments, outbound batches). */
  async readContent(fileId: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of this.parts(fileId)) parts.push(part);
    return Buffer.concat(parts);
  }

  /** The file's bytes in order, one part per query: at most one part is in memory at a time. */
  async *parts(fileId: number): AsyncGenerator<Buffer> {
    const run = sqlRunner(this.em);
    for (let part = 0; ; part += 1) {
      const [row] = await run<{ bytes: Buffer }>('select bytes from edi_file_part where file_id = ? and part = ?', [fileId, part]);
      if (!row) return;
      yield row.bytes;
    }
  }

  async *contentSlices(fileId: number, sizeBytes: number, sliceBytes = SLICE_BYTES): AsyncGenerator<Buffer> {
    let left = sizeBytes;
    for await (const part of this.parts(fileId)) {
      for (let offset = 0; offset < part.length && left > 0; offset += sliceBytes) {
        const slice = part.subarray(offset, Math.min(part.length, offset + sliceBytes, offset + left));
        left -= slice.length;
        yield slice;
      }
      if (left <= 0) return;
    }
  }

  async setStatus(fileId: number, status: 'processing' | 'processed' | 'duplicate'): Promise<void> {
    await this.em.nativeUpdate(EdiFile, fileId, { status, ...(status === 'processing' ? {} : { processedAt: new Date() }) });
  }

  async quarantine(fileId: number, reason: string): Promise<void> {
    await this.em.nativeUpdate(EdiFile, fileId, { status: 'quarantined', error: reason.slice(0, 4000), processedAt: new Date() });
  }
}

/**
 * A stored file's bytes in slices of at most `sliceBytes`, in the EntityManager's transaction, so
 * a 100 MB 835 streams through its reader without being held whole (the 835 staging job, the
 * streamed claims import).
 */
export function fileContentSlices(em: EntityManager, fileId: number, sizeBytes: number, sliceBytes = SLICE_BYTES): AsyncGenerator<Buffer> {
  return new FilesRepository(em).contentSlices(fileId, sizeBytes, sliceBytes);
}
