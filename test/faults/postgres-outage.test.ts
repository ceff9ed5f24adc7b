// Postgres becomes unreachable while files land in the inbox and requests arrive: files stay in
// the inbox (never failed/), the API answers 503 with Retry-After, and once Postgres is back
// every file is imported exactly once and the API answers again. Postgres is cut off through a
// proxy of the test's own, so the server other tests use keeps running.
import { expect } from 'chai';
import { request } from 'node:http';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedInPerson } from '../support/sign-in.js';
import { testDatabaseUrl, useTestEnv, waitFor } from '../support/test-env.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine.js';
import { engineHandlers } from '../../workers/registry.js';
import { RETRY_AFTER_SECONDS } from '../../src/http/error-handler.js';
import { sampleClaim } from '../unit/x12/claim-samples.js';
import { upstream837 } from '../integration/claims/claims-support.js';

const eraBytes = (trace: string) => Buffer.from(`ISA*00*invented remittance for the outage test*${trace}~`);
/** 24 MB: stored in 24 parts, long enough to be cut off halfway. */
const largeEra = () => Buffer.alloc(24 * 1024 * 1024, 'ISA*00*invented large remittance~');

describe('Postgres unreachable while files and requests arrive', () => {
  const env = useTestEnv();
  const sql = <T>(text: string) => env.orm.em.fork().getConnection().execute<T[]>(text);
  /** A file's parts are being inserted right now (its transaction is open). */
  const partsBeingStored = async () => (await sql<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and state <> 'idle' and query like 'insert into edi_file_part%'`))[0].n > 0;

  it('keeps inbox files in place and answers 503 during the outage, then imports each file exactly once', async function () {
    this.timeout(120000);
    const proxy = await TcpProxy.start();
    env.defer(() => proxy.close());
    const inboxRoot = await mkdtemp(join(tmpdir(), 'rcm-outage-inbox-'));
    const config = loadConfig({
      ...process.env, ...env.childEnv,
      DATABASE_URL: proxy.urlFor(testDatabaseUrl()), PORT: '0', INBOX_ROOT: inboxRoot, INBOX_POLL_MS: '100',
    });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: ['claims'] });
    env.defer(() => engine.stop(5000));
    const base = `http://127.0.0.1:${engine.port}`;
    const { headers: auth } = await signedInPerson(env.orm, 'admin');
    const listed = (folder: string) => readdir(join(inboxRoot, folder));

    // Before the outage: a file goes through the proxy like any other.
    await writeFile(join(inboxRoot, '837', 'before.837'), upstream837([sampleClaim(1)], 7001));
    await waitFor(async () => (await listed('837/processed')).length === 1, 20000, 'the first file to be taken');

    // The outage begins while a large file streams into Postgres (its parts are being inserted).
    await writeFile(join(inboxRoot, '835', 'payer-large.835'), largeEra());
    await waitFor(partsBeingStored, 20000, 'the large file to be streaming in');
    proxy.cut();
    const dropped = {
      '837': { 'clinic-a.837': upstream837([sampleClaim(2), sampleClaim(3)], 7002), 'clinic-b.837': upstream837([sampleClaim(4)], 7003) },
      '835': { 'payer-x.835': eraBytes('X1'), 'payer-y.835': eraBytes('Y1') },
    };
    for (const [folder, files] of Object.entries(dropped)) {
      for (const [name, bytes] of Object.entries(files)) await writeFile(join(inboxRoot, folder, name), bytes);
    }
    await waitFor(() => engine.inbox!.failedTries >= 2, 20000, 'the watcher to try and fail twice');
    expect(await listed('837')).to.have.members(['clinic-a.837', 'clinic-b.837', 'processed', 'failed']);
    expect(await listed('835')).to.have.members(['payer-large.835', 'payer-x.835', 'payer-y.835', 'processed', 'failed']);
    expect([...await listed('837/failed'), ...await listed('835/failed')]).to.deep.equal([]);

    // The API during the outage: 503, Retry-After and a JSON body with the request id.
    const reads = await fetch(`${base}/api/claims`, { headers: auth });
    expect(reads.status).to.equal(503);
    expect(reads.headers.get('retry-after')).to.equal(String(RETRY_AFTER_SECONDS));
    expect(await reads.json()).to.deep.equal({
      error: 'service unavailable: the database or the queue store cannot be reached; try again shortly',
      requestId: reads.headers.get('x-request-id'),
    });
    const upload = await fetch(`${base}/api/remittances?fileName=api.835`, { method: 'POST', headers: { ...auth, 'content-type': 'application/edi-x12' }, body: eraBytes('API1') });
    expect(upload.status).to.equal(503);
    expect(upload.headers.get('retry-after')).to.equal(String(RETRY_AFTER_SECONDS));
    const posted = await fetch(`${base}/api/claims`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ format: 'rcm-claims/v1', claims: [] }) });
    expect(posted.status).to.equal(503);
    const health = await fetch(`${base}/health`);
    expect(health.status).to.equal(503);
    expect(await health.json()).to.deep.include({ postgres: 'down', redis: 'up', down: ['postgres'] });

    proxy.restore();
    await waitFor(async () => (await listed('837')).length === 2 && (await listed('835')).length === 2, 60000, 'the inbox to empty');
    expect(engine.inbox!.failedTries).to.equal(0);
    expect((await listed('837/processed')).length + (await listed('835/processed')).length).to.equal(6);
    expect([...await listed('837/failed'), ...await listed('835/failed')]).to.deep.equal([]);

    // Each file stored once with one intake job (claims.import, posting.era); each claim imported once.
    const files = await sql<{ kind: string; copies: number; jobs: number }>(
      `select f.kind, count(*)::int as copies,
              (select count(*)::int from outbox o
                where o.job_name in ('import', 'era') and (o.payload->>'fileId')::int = min(f.id)) as jobs
         from edi_file f group by f.kind, f.sha256 order by f.kind`);
    expect(files).to.deep.equal([
      { kind: '835', copies: 1, jobs: 1 }, { kind: '835', copies: 1, jobs: 1 }, { kind: '835', copies: 1, jobs: 1 },
      { kind: '837P', copies: 1, jobs: 1 }, { kind: '837P', copies: 1, jobs: 1 }, { kind: '837P', copies: 1, jobs: 1 },
    ]);
    const claims = await waitFor(async () => {
      const rows = await sql<{ control_number: string; status: string }>('select control_number, status from claim order by control_number');
      return rows.length === 4 && rows.every((r) => r.status !== 'draft') ? rows.map((r) => r.control_number) : undefined;
    }, 60000, 'the four claims to be imported and scrubbed');
    expect(claims).to.deep.equal(['PCN00001', 'PCN00002', 'PCN00003', 'PCN00004']);
    const eraJobs = await waitFor(async () => {
      const counts = await engine.queues.get('posting').getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed');
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      return total >= 3 ? total : undefined;
    }, 20000, 'the three 835 jobs to reach Redis');
    expect(eraJobs).to.equal(3);
    const parts = await sql<{ bytes: string }>(`select sum(size_bytes)::text as bytes from edi_file where file_name = 'payer-large.835'`);
    expect(parts).to.deep.equal([{ bytes: String(largeEra().length) }]);

    // And the API answers again.
    expect((await fetch(`${base}/api/claims`, { headers: auth })).status).to.equal(200);
    expect((await fetch(`${base}/health`)).status).to.equal(200);
  });

  it('answers 503 with Retry-After to an upload whose database goes away while it streams in, and keeps nothing of it', async function () {
    this.timeout(120000);
    const proxy = await TcpProxy.start();
    env.defer(() => proxy.close());
    const config = loadConfig({
      ...process.env, ...env.childEnv,
      DATABASE_URL: proxy.urlFor(testDatabaseUrl()), PORT: '0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-outage-inbox-')),
    });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const { headers: auth } = await signedInPerson(env.orm, 'operator');

    // A chunked upload that keeps sending 1 MB at a time until the server answers.
    const answer = new Promise<{ status: number; retryAfter?: string; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: engine.port, path: '/api/remittances?fileName=slow.835', method: 'POST', headers: { ...auth, 'content-type': 'application/edi-x12' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body });
          req.destroy();
        });
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 'ISA*00*invented streamed remittance~');
      let sent = 0;
      const sendMore = () => {
        if (req.destroyed || sent >= 200) return;
        sent += 1;
        req.write(chunk, () => setTimeout(sendMore, 20));
      };
      sendMore();
    });
    await waitFor(partsBeingStored, 20000, 'the upload to be streaming in');
    proxy.cut();
    const answered = await answer;
    expect(answered.status).to.equal(503);
    expect(answered.retryAfter).to.equal(String(RETRY_AFTER_SECONDS));
    expect(JSON.parse(answered.body)).to.have.keys(['error', 'requestId']);
    proxy.restore();
    expect(await sql('select id from edi_file')).to.deep.equal([]);
    expect(await sql('select file_id from edi_file_part')).to.deep.equal([]);
  });
});
