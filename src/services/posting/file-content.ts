// Reads a stored 835 back in slices, so a 100 MB file streams through the reader without ever
// being held whole in memory (edi_file.content is stored uncompressed for this; see migration).
import type { EntityManager } from '@mikro-orm/postgresql';

const SLICE_BYTES = 256 * 1024;

export async function* fileContentSlices(em: EntityManager, fileId: number, sizeBytes: number, sliceBytes = SLICE_BYTES): AsyncGenerator<Buffer> {
  const connection = em.getConnection();
  for (let offset = 0; offset < sizeBytes; offset += sliceBytes) {
    // substring on bytea is 1-based.
    const [row] = await connection.execute<Array<{ slice: Buffer }>>(
      'select substring(content from ? for ?) as slice from edi_file where id = ?', [offset + 1, sliceBytes, fileId],
    );
    if (!row?.slice?.length) return;
    yield row.slice;
  }
}
