import { expect } from 'chai';
import { mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { testDatabaseUrl, useTestEnv } from '../support/test-env.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { InboxWatcher } from '../../src/files/inbox-watcher.js';
import { inboxes } from '../../src/files/inboxes.js';
import { openOrm } from '../../src/db/orm.js';
import { EdiFile, OutboxMessage } from '../../src/db/entities/index.js';
import { receiveEra } from '../../src/services/intake.service.js';
import { receiveEdiFile } from '../../src/services/edi-intake.service.js';
import { InputError } from '../../src/domain/input-error.js';
import { isOutage } from '../../src/util/outage.js';
import { createRedis } from '../../src/queues/connection.js';

/** A sender's file name as practice systems write them: it must never reach a log line. */
const SENDER_NAME = 'SMITH-JOHN-remit.835';
const era = (trace: string) => Buffer.from(`ISA*00*invented remittance ${trace}~`);

describe('inbox intake through a database outage', () => {
  const env = useTestEnv();

  async function inboxRoot(): Promise<string> {
    return mkdtemp(join(tmpdir(), 'rcm-inbox-retry-'));
  }

  function capturedLogger() {
    const lines: Array<{ level: number; msg: string; raw: string }> = [];
    const logger = pino({ level: 'info' }, { write: (raw: string) => lines.push({ ...JSON.parse(raw), raw }) });
    return { logger, lines };
  }

  /** An ORM on the test's schema whose connections go through a proxy the test can cut. */
  async function ormThroughProxy() {
    const proxy = await TcpProxy.start();
    const orm = await openOrm({ url: proxy.urlFor(testDatabaseUrl()), schema: env.config.database.schema }, {}, { migrations: false });
    env.defer(async () => {
      await orm.close();
      await proxy.close();
    });
    return { proxy, orm };
  }

  const counts = async () => {
    const em = env.orm.em.fork();
    return { files: await em.count(EdiFile, {}), jobs: await em.count(OutboxMessage, {}) };
  };

  it('leaves a file in place while Postgres is unreachable and takes it once when it is back', async () => {
    const root = await inboxRoot();
    const { proxy, orm } = await ormThroughProxy();
    const { logger, lines } = capturedLogger();
    const watcher = new InboxWatcher(orm, root, inboxes, logger, 60000);
    await watcher.start();
    env.defer(() => watcher.stop());
    await writeFile(join(root, '835', SENDER_NAME), era('T1'));

    proxy.cut();
    expect(await watcher.scanOnce()).to.equal(0);
    expect(await watcher.scanOnce()).to.equal(0);
    expect(watcher.failedTries).to.equal(2);
    expect(await readdir(join(root, '835'))).to.have.members([SENDER_NAME, 'processed', 'failed']);
    expect(await readdir(join(root, '835', 'failed'))).to.deep.equal([]);
    expect(await counts()).to.deep.equal({ files: 0, jobs: 0 });

    proxy.restore();
    expect(await watcher.scanOnce()).to.equal(1);
    expect(watcher.failedTries).to.equal(0);
    expect(await readdir(join(root, '835'))).to.have.members(['processed', 'failed']);
    expect(await readdir(join(root, '835', 'processed'))).to.have.length(1);
    expect(await readdir(join(root, '835', 'failed'))).to.deep.equal([]);
    expect(await counts()).to.deep.equal({ files: 1, jobs: 1 });

    // Logged once when the outage began (not per try), once on recovery; never the sender's name.
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.map((l) => l.msg)).to.deep.equal(['database unreachable: inbox files stay in place and are tried again']);
    expect(warnings[0]).to.include({ inbox: '835', failures: 1, errorClass: 'Error', code: 'ECONNRESET' });
    expect(lines.filter((l) => l.msg === 'inbox intake resumed')).to.have.length(1);
    expect(lines.filter((l) => l.raw.includes('SMITH'))).to.deep.equal([]);
  });

  it('takes the same file again without importing it twice when its earlier intake committed unseen', async () => {
    const root = await inboxRoot();
    const watcher = new InboxWatcher(env.orm, root, inboxes, env.logger, 60000);
    await watcher.start();
    env.defer(() => watcher.stop());
    // The commit reached Postgres but its answer was lost in the outage: the file is still in the inbox.
    const first = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName: SENDER_NAME, content: era('T2') }));
    await writeFile(join(root, '835', SENDER_NAME), era('T2'));

    expect(await watcher.scanOnce()).to.equal(1);
    expect(await counts()).to.deep.equal({ files: 1, jobs: 1 });
    expect(await readdir(join(root, '835', 'processed'))).to.have.length(1);
    expect((await env.orm.em.fork().findOneOrFail(EdiFile, first.fileId)).fileName).to.equal(SENDER_NAME);
  });

  it('moves a file to failed/ when the file itself is at fault, and keeps going', async () => {
    const root = await inboxRoot();
    const { logger, lines } = capturedLogger();
    const watcher = new InboxWatcher(env.orm, root, [{
      folder: 'unreadable',
      accept: async () => {
        throw new InputError('not an X12 file: no ISA segment at the start');
      },
    }, {
      folder: '835',
      accept: (em, fileName, content) => receiveEdiFile(em, { kind: '835', fileName, content }),
    }], logger, 60000);
    await watcher.start();
    env.defer(() => watcher.stop());
    await writeFile(join(root, 'unreadable', SENDER_NAME), 'hello');
    await writeFile(join(root, '835', 'b.835'), era('T3'));

    expect(await watcher.scanOnce()).to.equal(1);
    const [failed] = await readdir(join(root, 'unreadable', 'failed'));
    expect(failed.endsWith(`-${SENDER_NAME}`)).to.equal(true);
    expect(await readdir(join(root, '835', 'processed'))).to.have.length(1);
    const logged = lines.find((l) => l.level === 50)!;
    expect(logged).to.include({ msg: 'inbox file cannot be taken in; moved to failed/', inbox: 'unreadable', errorClass: 'InputError' });
    // The log names the file by the label it carries in failed/, not by the sender's name.
    expect(failed.startsWith(`${(logged as unknown as { file: string }).file}-`)).to.equal(true);
    expect(lines.filter((l) => l.raw.includes('SMITH'))).to.deep.equal([]);
  });

  it('takes a file whose modification time is a little ahead of the clock when asked for files of any age', async () => {
    const root = await inboxRoot();
    const watcher = new InboxWatcher(env.orm, root, [{
      folder: '835', accept: (em, fileName, content) => receiveEdiFile(em, { kind: '835', fileName, content }),
    }], capturedLogger().logger, 60000);
    await watcher.start();
    env.defer(() => watcher.stop());
    const path = join(root, '835', 'c.835');
    await writeFile(path, era('T4'));
    // A file written in the same millisecond as the scan can show an mtime a fraction ahead.
    const ahead = new Date(Date.now() + 500);
    await utimes(path, ahead, ahead);
    expect(await watcher.scanOnce()).to.equal(1);
    expect(await readdir(join(root, '835', 'processed'))).to.have.length(1);
  });

  it('counts what the drivers throw when Postgres or Redis cannot be reached as an outage', async () => {
    const { proxy, orm } = await ormThroughProxy();
    await orm.em.fork().getConnection().execute('select 1');
    proxy.cut();
    const reset = await orm.em.fork().getConnection().execute('select 1').then(() => undefined, (error: unknown) => error);
    expect(isOutage(reset), String(reset)).to.equal(true);
    const closed = await openOrm({ url: 'postgres://postgres@127.0.0.1:1/rcm', schema: 'public' }, { connect: false }, { migrations: false });
    env.defer(() => closed.close());
    const refused = await closed.em.fork().transactional((em) => em.getConnection().execute('select 1')).then(() => undefined, (error: unknown) => error);
    expect(isOutage(refused), String(refused)).to.equal(true);
    const redis = createRedis('redis://127.0.0.1:1', 'producer', { retryStrategy: () => null });
    redis.on('error', () => undefined);
    env.defer(() => redis.disconnect());
    const redisDown = await redis.ping().then(() => undefined, (error: unknown) => error);
    expect(isOutage(redisDown), String(redisDown)).to.equal(true);
  });
});
