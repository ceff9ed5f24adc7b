// Large files stream into Postgres: `rcm claims import` and POST /api/remittances take a file of
// tens of MB while the process's peak memory grows by less than the file's size. Holding the file
// whole, as intake used to, grew it by five to eight times the file's size; streaming, the growth
// is the same ~35 MB (garbage awaiting collection) for a 40 MB or a 100 MB file.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EdiFile, EdiFilePart } from '../../src/db/entities/index.js';
import { fileContentSlices } from '../../src/db/repositories/files.repository.js';
import { signedInPerson } from '../support/sign-in.js';
import { useTestEnv, waitFor } from '../support/test-env.js';

const FILE_MB = 64;
/** How much more than a small file's import a large file's may take at its peak: less than the file. */
const GROWTH_BOUND_MB = FILE_MB * 0.75;

describe('intake of large files in bounded memory', () => {
  const env = useTestEnv();

  it('streams a 64 MB 837P through rcm claims import: bounded peak, same bytes back, duplicate recognised', async function () {
    this.timeout(240000);
    const dir = await mkdtemp(join(tmpdir(), 'rcm-large-'));
    const small = join(dir, 'small.837');
    await writeFile(small, segments('837', 0, 200));
    const large = join(dir, 'large.837');
    const hash = await writeLargeFile(large, '837');

    const baseline = await cliWithPeak(['claims', 'import', small, '--json']);
    const imported = await cliWithPeak(['claims', 'import', large, '--json']);
    expect(imported.code, imported.stderr).to.equal(0);
    const { fileId, duplicate } = JSON.parse(imported.stdout) as { fileId: number; duplicate: boolean };
    expect(duplicate).to.equal(false);
    expect(imported.peakMb - baseline.peakMb, `peak ${imported.peakMb} MB against ${baseline.peakMb} MB for a small file`).to.be.below(GROWTH_BOUND_MB);
    await expectStored(fileId, '837P', hash);

    const parts = await env.orm.em.fork().count(EdiFilePart, {});
    const again = await cliWithPeak(['claims', 'import', large, '--json']);
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(again.stdout)).to.include({ fileId, duplicate: true });
    expect(again.peakMb - baseline.peakMb).to.be.below(GROWTH_BOUND_MB);
    expect(await env.orm.em.fork().count(EdiFilePart, {})).to.equal(parts);
    expect(await env.orm.em.fork().count(EdiFile, {})).to.equal(2);
  });

  it('streams a 64 MB 835 through POST /api/remittances: bounded peak, same bytes back, duplicate recognised', async function () {
    this.timeout(240000);
    const dir = await mkdtemp(join(tmpdir(), 'rcm-large-'));
    const large = join(dir, 'large.835');
    const hash = await writeLargeFile(large, '835');
    const api = await startApi(await mkdtemp(join(tmpdir(), 'rcm-large-inbox-')));

    // A small file first, so the idle figure includes what serving a first upload costs.
    expect((await upload(api.port, '/api/remittances?fileName=small.835', Buffer.from(segments('835', 0, 200)))).status).to.equal(202);
    const idleMb = await api.peakMb();
    const posted = await upload(api.port, '/api/remittances?fileName=large.835', large);
    expect(posted.status, posted.body).to.equal(202);
    const peakMb = await api.peakMb();
    expect(peakMb - idleMb, `peak ${peakMb} MB against ${idleMb} MB before the upload`).to.be.below(GROWTH_BOUND_MB);
    const { fileId } = JSON.parse(posted.body) as { fileId: number };
    await expectStored(fileId, '835', hash);

    const again = await upload(api.port, '/api/remittances?fileName=again.835', large);
    expect(again.status).to.equal(200);
    expect(JSON.parse(again.body)).to.deep.equal({ fileId, status: 'duplicate' });
    expect(await env.orm.em.fork().count(EdiFile, {})).to.equal(2);
    expect((await upload(api.port, '/api/remittances', Buffer.alloc(0))).status).to.equal(400);
    const tooLarge = await declaredOnly(api.port, '/api/remittances', 300 * 1024 * 1024);
    expect(tooLarge.status).to.equal(413);
    expect(JSON.parse(tooLarge.body).error).to.include('upload limit of 256 MB');
    expect(await env.orm.em.fork().count(EdiFile, {})).to.equal(2);
  });

  async function expectStored(fileId: number, kind: string, hash: string): Promise<void> {
    const file = await env.orm.em.fork().findOneOrFail(EdiFile, fileId);
    expect(file).to.include({ kind, sha256: hash, sizeBytes: FILE_MB * 1024 * 1024 });
    const read = createHash('sha256');
    for await (const slice of fileContentSlices(env.orm.em.fork(), fileId, file.sizeBytes)) read.update(slice);
    expect(read.digest('hex')).to.equal(hash);
  }

  function cliWithPeak(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; peakMb: number }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/support/report-peak-rss.ts', 'src/cli/main.ts', ...args], {
        env: { ...process.env, ...env.childEnv }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr, peakMb: Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1]) / 1024 }));
    });
  }

  /** `npm run api` as a child process (API, inbox watcher and outbox relay), on a free port. */
  async function startApi(inboxRoot: string): Promise<{ port: number; peakMb(): Promise<number> }> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'api'], {
      env: { ...process.env, ...env.childEnv, PORT: String(port), INBOX_ROOT: inboxRoot }, stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    env.defer(async () => {
      child.kill('SIGTERM');
      await exited;
    });
    await waitFor(() => fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false), 60000, 'the API to answer');
    authorization = (await signedInPerson(env.orm, 'operator')).headers.authorization;
    return {
      port,
      // VmHWM: the process's peak resident set so far.
      peakMb: async () => Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    };
  }
});

/** Invented X12-looking segments (no real format needed: intake stores bytes), numbered from `from`. */
function segments(kind: '837' | '835', from: number, count: number): string {
  let text = '';
  for (let i = from; i < from + count; i += 1) {
    text += kind === '837' ? `CLM*INV${i}*${(i * 7919) % 100000}.00***11:B:1*Y*A*Y*Y~\n` : `CLP*INV${i}*1*${(i * 7919) % 100000}.00*${(i * 104729) % 90000}.00**12*P${i}~\n`;
  }
  return text;
}

/** A file of exactly FILE_MB MB, written a slice at a time; returns its sha256. */
async function writeLargeFile(path: string, kind: '837' | '835'): Promise<string> {
  const size = FILE_MB * 1024 * 1024;
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  for (let written = 0, n = 0; written < size; n += 20_000) {
    const block = Buffer.from(segments(kind, n, 20_000), 'latin1').subarray(0, size - written);
    hash.update(block);
    written += block.length;
    if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  expect((await stat(path)).size).to.equal(size);
  return hash.digest('hex');
}

/** POSTs a file from disk (streamed) or a small body, as a mailbox client would. */
/** An operator's token, sent with each upload (set when the API starts). */
let authorization = '';

function upload(port: number, path: string, body: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const send = async () => {
      const length = typeof body === 'string' ? (await stat(body)).size : body.length;
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { authorization, 'content-type': 'application/edi-x12', 'content-length': length } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      if (typeof body === 'string') createReadStream(body).pipe(req);
      else req.end(body);
    };
    send().catch(reject);
  });
}

/** Declares a body of `length` bytes and sends only its first few: the answer must not wait for the rest. */
function declaredOnly(port: number, path: string, length: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { authorization, 'content-type': 'application/edi-x12', 'content-length': length } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: text });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write('ISA*00*');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
