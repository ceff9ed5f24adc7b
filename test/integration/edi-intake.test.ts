import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../support/test-env.js';
import { loadFileContent, quarantineFile, receiveEdiFile } from '../../src/services/edi-intake.service.js';
import { InboxWatcher } from '../../src/files/inbox-watcher.js';
import { EdiFile, EdiFilePart, OutboxMessage, Task } from '../../src/db/entities/index.js';
import { fileContentSlices } from '../../src/db/repositories/files.repository.js';
import { receiveEra } from '../../src/services/intake.service.js';

/** Invented bytes that differ throughout (so a part or slice out of place changes the hash). */
function inventedBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = 32 + (x >>> 24) % 90;
  }
  return bytes;
}

/** The bytes as an upload delivers them: chunks of uneven sizes, none aligned to a part. */
async function* arriving(bytes: Buffer, chunkSizes = [1, 700, 4093, 13, 2500]): AsyncGenerator<Buffer> {
  for (let offset = 0, i = 0; offset < bytes.length; i += 1) {
    const size = chunkSizes[i % chunkSizes.length];
    yield bytes.subarray(offset, offset + size);
    offset += size;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const failureOf = (promise: Promise<unknown>) => promise.then(() => 'no failure', (error: Error) => error.message);

describe('EDI file intake', () => {
  const env = useTestEnv();
  const bytes = Buffer.from('ISA*00*...invented...~');

  it('keeps the bytes and recognises the same file again', async () => {
    const first = await env.orm.em.fork().transactional((em) => receiveEdiFile(em, { kind: '835', fileName: 'era-1.835', content: bytes }));
    const again = await env.orm.em.fork().transactional((em) => receiveEdiFile(em, { kind: '835', fileName: 'copy.835', content: bytes }));
    expect(first.duplicate).to.equal(false);
    expect(again).to.deep.equal({ fileId: first.fileId, duplicate: true });
    const { file, content } = await loadFileContent(env.orm.em.fork(), first.fileId);
    expect(content.equals(bytes)).to.equal(true);
    expect(file).to.include({ kind: '835', status: 'received', sizeBytes: bytes.length });
  });

  it('stores a streamed file in parts while it arrives and reads it back in slices, the same bytes', async () => {
    const original = inventedBytes(25_000, 7);
    const { fileId, duplicate } = await env.orm.em.fork().transactional((em) =>
      receiveEdiFile(em, { kind: '835', fileName: 'streamed.835', content: arriving(original), partBytes: 4096 }));
    expect(duplicate).to.equal(false);
    const em = env.orm.em.fork();
    const file = await em.findOneOrFail(EdiFile, fileId);
    expect(file).to.include({ sizeBytes: 25_000, sha256: hashOf(original), status: 'received' });
    const parts = await em.find(EdiFilePart, { fileId }, { orderBy: { part: 'asc' } });
    expect(parts.map((p) => p.part)).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
    expect(parts.map((p) => p.bytes.length)).to.deep.equal([4096, 4096, 4096, 4096, 4096, 4096, 424]);

    const slices: Buffer[] = [];
    for await (const slice of fileContentSlices(env.orm.em.fork(), fileId, file.sizeBytes, 1000)) slices.push(slice);
    expect(slices.every((slice) => slice.length <= 1000)).to.equal(true);
    expect(hashOf(Buffer.concat(slices))).to.equal(hashOf(original));
    expect((await loadFileContent(env.orm.em.fork(), fileId)).content.equals(original)).to.equal(true);
  });

  it('recognises streamed bytes seen before and keeps nothing of the second copy', async () => {
    const original = inventedBytes(10_000, 11);
    const first = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName: 'one.835', content: arriving(original) }));
    const again = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName: 'two.835', content: arriving(original, [8192]) }));
    const otherKind = await env.orm.em.fork().transactional((em) => receiveEdiFile(em, { kind: '837P', fileName: 'one.837', content: original }));
    expect(first.duplicate).to.equal(false);
    expect(again).to.deep.equal({ fileId: first.fileId, duplicate: true });
    expect(otherKind.duplicate).to.equal(false);
    const em = env.orm.em.fork();
    expect(await em.count(EdiFile, {})).to.equal(2);
    expect(await em.count(EdiFilePart, { fileId: { $nin: [first.fileId, otherKind.fileId] } })).to.equal(0);
    expect(await em.count(OutboxMessage, { jobName: 'era' })).to.equal(1);
  });

  it('settles the same bytes arriving twice at once: one file, the other answered as its duplicate', async () => {
    const original = inventedBytes(20_000, 19);
    const both = await Promise.all(['a.835', 'b.835'].map((fileName) =>
      env.orm.em.fork().transactional((em) => receiveEra(em, { fileName, content: arriving(original) }))));
    expect(both.map((r) => r.duplicate).sort()).to.deep.equal([false, true]);
    expect(both[0].fileId).to.equal(both[1].fileId);
    expect(await env.orm.em.fork().count(EdiFile, {})).to.equal(1);
    expect(await env.orm.em.fork().count(OutboxMessage, { jobName: 'era' })).to.equal(1);
  });

  it('leaves no row, part or job behind when the intake rolls back, even halfway through the stream', async () => {
    const original = inventedBytes(50_000, 13);
    const afterIntake = env.orm.em.fork().transactional(async (em) => {
      await receiveEra(em, { fileName: 'rolled-back.835', content: arriving(original) });
      throw new Error('the caller changed its mind');
    });
    expect(await failureOf(afterIntake)).to.equal('the caller changed its mind');
    async function* breaksHalfway(): AsyncGenerator<Buffer> {
      yield original.subarray(0, 30_000);
      throw new Error('connection reset by the sender');
    }
    const halfway = env.orm.em.fork().transactional((em) => receiveEdiFile(em, { kind: '835', fileName: 'cut.835', content: breaksHalfway(), partBytes: 4096 }));
    expect(await failureOf(halfway)).to.equal('connection reset by the sender');
    const em = env.orm.em.fork();
    expect(await em.count(EdiFile, {})).to.equal(0);
    expect(await em.count(EdiFilePart, {})).to.equal(0);
    expect(await em.count(OutboxMessage, {})).to.equal(0);
  });

  it('keeps files stored before parts existed readable: the migration cuts them into parts', async () => {
    const migrator = env.orm.getMigrator();
    await migrator.down({ to: 'migration-20261204100000-edi-file-parts' }); // to (and including) the parts migration
    const big = inventedBytes(2_500_000, 17); // three parts of 1 MB, the last one short
    const run = (sql: string, params: unknown[]) => env.orm.em.getConnection().execute(sql, params);
    const [{ id: bigId }] = await run(`insert into edi_file (kind, direction, file_name, sha256, size_bytes, content, status, received_at)
      values ('835', 'inbound', 'old.835', ?, ?, ?, 'processed', now()) returning id`, [hashOf(big), big.length, big]);
    const [{ id: emptyId }] = await run(`insert into edi_file (kind, direction, file_name, sha256, size_bytes, content, status, received_at)
      values ('TA1', 'inbound', 'empty.ta1', ?, 0, ''::bytea, 'quarantined', now()) returning id`, [hashOf(Buffer.alloc(0))]);
    await migrator.up();

    const em = env.orm.em.fork();
    expect((await em.find(EdiFilePart, { fileId: bigId }, { orderBy: { part: 'asc' } })).map((p) => p.bytes.length)).to.deep.equal([1048576, 1048576, 402848]);
    const slices: Buffer[] = [];
    for await (const slice of fileContentSlices(em, bigId, big.length)) slices.push(slice);
    expect(hashOf(Buffer.concat(slices))).to.equal(hashOf(big));
    expect((await loadFileContent(env.orm.em.fork(), emptyId)).content.length).to.equal(0);
    // The same bytes arriving now are recognised as the file kept before.
    const again = await env.orm.em.fork().transactional((tx) => receiveEra(tx, { fileName: 'again.835', content: big }));
    expect(again).to.deep.equal({ fileId: bigId, duplicate: true });
  });

  it('quarantines an unreadable file with its reason and a task', async () => {
    const { fileId } = await env.orm.em.fork().transactional((em) => receiveEdiFile(em, { kind: '837P', fileName: 'bad.837', content: bytes }));
    await env.orm.em.fork().transactional((em) => quarantineFile(em, fileId, 'segment IEA missing at end of file [rule truncated]', { timezone: 'UTC' }));
    const em = env.orm.em.fork();
    expect(await em.findOneOrFail(EdiFile, fileId)).to.include({ status: 'quarantined', error: 'segment IEA missing at end of file [rule truncated]' });
    const [task] = await em.find(Task, { type: 'quarantined-file' });
    expect(task).to.include({ subjectType: 'file', subjectId: fileId, status: 'open' });
  });

  it('takes files from an inbox folder and moves them aside once stored', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rcm-inbox-'));
    const received: string[] = [];
    const watcher = new InboxWatcher(env.orm, root, [{
      folder: '835',
      accept: async (em, name, content) => {
        await receiveEdiFile(em, { kind: '835', fileName: name, content });
        received.push(name);
      },
    }, {
      folder: 'broken',
      accept: async () => {
        throw new Error('intake failed');
      },
    }], env.logger, 60000);
    await watcher.start();
    env.defer(() => watcher.stop());
    await writeFile(join(root, '835', 'a.835'), bytes);
    await writeFile(join(root, 'broken', 'b.835'), bytes);
    expect(await watcher.scanOnce()).to.equal(1);
    expect(received).to.deep.equal(['a.835']);
    expect(await readdir(join(root, '835'))).to.have.members(['processed', 'failed']);
    expect(await readdir(join(root, '835', 'processed'))).to.have.length(1);
    expect(await readdir(join(root, 'broken', 'failed'))).to.have.length(1);
    expect(await env.orm.em.fork().count(EdiFile, {})).to.equal(1);
  });
});
