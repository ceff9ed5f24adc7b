// Redis down does not stop intake: files from the inbox and the API are stored in Postgres with
// their jobs in the outbox (nothing moves to failed/, no request fails), and the jobs reach
// Redis once it is back, each once.
import { expect } from 'chai';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedInPerson } from '../support/sign-in.js';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { PrivateRedis } from '../support/private-redis.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine.js';
import { engineHandlers } from '../../workers/registry.js';

const eraBytes = (trace: string) => Buffer.from(`ISA*00*invented remittance for the redis outage test*${trace}~`);

describe('Redis down while files arrive', () => {
  const env = useTestEnv();

  it('stores inbox and API files with their jobs in the outbox, and delivers each job once Redis is back', async function () {
    this.timeout(120000);
    const redis = await PrivateRedis.start();
    env.defer(() => redis.down());
    const inboxRoot = await mkdtemp(join(tmpdir(), 'rcm-redis-outage-inbox-'));
    const config = loadConfig({ ...process.env, ...env.childEnv, REDIS_URL: redis.url, PORT: '0', INBOX_ROOT: inboxRoot, INBOX_POLL_MS: '100' });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const sql = <T>(text: string) => env.orm.em.fork().getConnection().execute<T[]>(text);

    await redis.down();
    await writeFile(join(inboxRoot, '835', 'payer-x.835'), eraBytes('X1'));
    await writeFile(join(inboxRoot, '835', 'payer-y.835'), eraBytes('Y1'));
    const { headers: auth } = await signedInPerson(env.orm, 'operator');
    const posted = await fetch(`http://127.0.0.1:${engine.port}/api/remittances?fileName=api.835`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/edi-x12' }, body: eraBytes('API1'),
    });
    expect(posted.status).to.equal(202);
    await waitFor(async () => (await readdir(join(inboxRoot, '835', 'processed'))).length === 2, 20000, 'both inbox files to be stored');
    expect(await readdir(join(inboxRoot, '835', 'failed'))).to.deep.equal([]);
    expect(engine.inbox!.failedTries).to.equal(0);
    expect(await sql<{ waiting: number }>('select count(*)::int as waiting from outbox where sent_at is null')).to.deep.equal([{ waiting: 3 }]);

    await redis.up();
    await waitFor(async () => (await sql<{ n: number }>('select count(*)::int as n from outbox where sent_at is null'))[0].n === 0, 60000, 'the outbox to drain');
    const posting = engine.queues.get('posting');
    const jobs = await posting.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    const fileIds = await sql<{ id: number }>("select id from edi_file where kind = '835' order by id");
    expect(jobs.map((j) => j.data.fileId).sort((a, b) => a - b)).to.deep.equal(fileIds.map((f) => f.id));
  });
});
