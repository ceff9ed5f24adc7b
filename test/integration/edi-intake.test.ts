import { expect } from 'chai';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../support/test-env.js';
import { loadFileContent, quarantineFile, receiveEdiFile } from '../../src/services/edi-intake.service.js';
import { InboxWatcher } from '../../src/files/inbox-watcher.js';
import { EdiFile, Task } from '../../src/db/entities/index.js';

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
