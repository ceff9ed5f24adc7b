// `npm run bench:posting`: an ERA answering N existing claims (3 lines each, default 20,000) is
// posted end to end (intake and enqueue -> era -> chunks -> finalize) by the production posting
// worker process, then the same number of ledger rows is inserted with plain multi-row INSERTs
// through `pg` on the same database as a baseline. Prints JSON. A benchmark: it measures and reports.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { ensureDatabase, migrate, openOrm } from '../src/db/orm.js';
import { simulate835Segments } from '../src/clearinghouse/simulator-835.js';
import { receiveEra } from '../src/services/intake.service.js';
import { sleep } from '../src/util/time.js';
import { seedBulkOffice } from './bench-posting-data.js';
import { deleteQueueKeys } from './bench-support.js';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 20000);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux, the unit of /proc CPU times
const suffix = randomBytes(3).toString('hex');
const base = loadConfig();
const env = { DATABASE_SCHEMA: `bench_posting_${suffix}`, QUEUE_PREFIX: `bench-posting-${suffix}`, LOG_LEVEL: 'warn' };
const config = loadConfig({ ...process.env, ...env });
await ensureDatabase(base.database.url);
const orm = await openOrm(config.database);
await migrate(orm);
const say = (line: string) => process.stderr.write(`${line}\n`);

// The worker runs with the node flags of `npm run workers` (package.json), e.g. its V8 heap size;
// BENCH_WORKER_HEAP_MB replaces the heap size, to see what memory does under another setting.
const workerFlags = nodeFlagsOf(JSON.parse(await readFile('package.json', 'utf8')).scripts.workers as string)
  .filter((flag) => !(process.env.BENCH_WORKER_HEAP_MB && flag.startsWith('--max-old-space-size=')));
const heap = process.env.BENCH_WORKER_HEAP_MB ? [`--max-old-space-size=${Number(process.env.BENCH_WORKER_HEAP_MB)}`] : [];
// BENCH_WORKER_PROFILE=<dir> writes a V8 CPU profile of the worker there when it exits.
const profile = process.env.BENCH_WORKER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_PROFILE}`] : [];
const worker = spawn(process.execPath, [...workerFlags, ...heap, ...profile, 'dist/workers/index.js', 'posting'], {
  env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'],
});
let workerLog = '';
const ready = new Promise<void>((resolve) => worker.stdout.on('data', (chunk: Buffer) => {
  if (!workerLog.includes('engine started')) workerLog += chunk.toString();
  if (workerLog.includes('engine started')) resolve();
}));
const path = join(tmpdir(), `bench-posting-${suffix}.835`);
try {
  say(`seeding ${CLAIMS} claims in bulk...`);
  const office = await seedBulkOffice(orm.em.fork(), 'BN', CLAIMS, 2000);
  await writeEra(path, office);
  const content = await readFile(path);
  await ready;
  say(`posting a ${(content.length / 1e6).toFixed(1)} MB ERA...`);

  const cpuBefore = { machine: await machineCpuSeconds(), worker: await processCpuSeconds(worker.pid!) };
  const started = performance.now();
  const { fileId } = await orm.em.fork().transactional((em) => receiveEra(em, { fileName: 'bench.835', content }));
  // The file is stored and its job enqueued (committed) here: what follows is the issue's
  // "from enqueue to finalize"; endToEndSeconds also counts storing the file.
  const enqueuedSeconds = (performance.now() - started) / 1000;
  for (;;) {
    const [file] = await orm.em.fork().getConnection().execute('select status, error from edi_file where id = ?', [fileId]);
    if (file.status === 'processed') break;
    if (file.status === 'quarantined') throw new Error(`bench file rejected: ${file.error}`);
    await sleep(50);
  }
  const seconds = (performance.now() - started) / 1000;
  // Where the cores went while posting: the worker's own CPU time, and everything on the machine
  // (Postgres backends, Redis, this process polling) in the same window.
  const cpu = {
    workerSeconds: round((await processCpuSeconds(worker.pid!)) - cpuBefore.worker),
    machineSeconds: round((await machineCpuSeconds()) - cpuBefore.machine),
  };
  const peakRssMb = await workerPeakRssMb(worker.pid!);
  const [{ rows }] = await orm.em.fork().getConnection().execute('select count(*)::int as rows from ledger_entry');
  const baseline = await plainInsertBaseline(rows);
  const jobs = await orm.em.fork().getConnection().execute(
    `select name, count(*)::int as jobs, sum(run_ms)::int as run_ms, max(run_ms)::int as max_run_ms from job_record group by name order by name`);
  const result = {
    claims: CLAIMS, lines: CLAIMS * 3, fileMb: Number((content.length / 1e6).toFixed(1)), ledgerRows: rows,
    endToEndSeconds: round(seconds), claimsPerSecond: Math.round(CLAIMS / seconds),
    fromEnqueue: { seconds: round(seconds - enqueuedSeconds), claimsPerSecond: Math.round(CLAIMS / (seconds - enqueuedSeconds)) },
    workerPeakRssMb: peakRssMb,
    workerNodeFlags: [...workerFlags, ...heap],
    baseline: { what: 'plain multi-row INSERTs of the same number of ledger rows through pg', seconds: round(baseline), rowsPerSecond: Math.round(rows / baseline) },
    ratioToBaseline: round(seconds / baseline),
    cpu: { ...cpu, busyCores: round(cpu.machineSeconds / seconds) },
    jobs,
    machine: { cpus: cpus().length, note: 'cores shared with other work on this machine; figures vary between runs' },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  worker.kill('SIGTERM');
  await new Promise((resolve) => worker.once('exit', resolve));
  await rm(path, { force: true });
  await orm.em.getConnection().execute(`drop schema if exists "${env.DATABASE_SCHEMA}" cascade`);
  await orm.close();
  await deleteQueueKeys(config.redis.url, env.QUEUE_PREFIX);
}

/** The simulator's answer written segment by segment, so even a 100 MB file is never one string. */
async function writeEra(file: string, office: Awaited<ReturnType<typeof seedBulkOffice>>): Promise<void> {
  const out = createWriteStream(file);
  let buffered = '';
  for (const segment of simulate835Segments(office.claims, { seed: 20261126, denialRate: 0.05, payerIdentifier: office.payerIdentifier, interestCents: 1234 })) {
    buffered += `${segment.join('*')}~\n`;
    if (buffered.length > 1 << 20) {
      if (!out.write(buffered)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffered = '';
    }
  }
  out.end(buffered);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

/** User + system CPU time of one process (/proc/<pid>/stat fields 14 and 15). */
async function processCpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU time the whole machine spent busy (all cores; not idle, iowait, or time the hypervisor stole). */
async function machineCpuSeconds(): Promise<number> {
  const [cpu] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const [user, nice, system, , , irq, softirq] = cpu.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) / TICKS_PER_SECOND;
}

async function workerPeakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** The same number of rows, shaped like ledger rows, into a copy of the ledger table (same indexes). */
async function plainInsertBaseline(rows: number): Promise<number> {
  const client = new pg.Client({ connectionString: config.database.url, options: `-c search_path=${env.DATABASE_SCHEMA}` });
  await client.connect();
  try {
    await client.query('create table ledger_baseline (like ledger_entry including all)');
    const started = performance.now();
    const perInsert = 1000;
    for (let from = 0; from < rows; from += perInsert) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let n = from; n < Math.min(rows, from + perInsert); n++) {
        const p = values.length;
        tuples.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8}, $${p + 9}, now())`);
        values.push('payment', 1000 + (n % 5000), null, 'CO', '45', null, 'remittance:0', `baseline:${n}`, '2024-02-01');
      }
      await client.query(
        `insert into ledger_baseline (kind, amount_cents, payer_id, group_code, reason_code, remark_codes, source, idempotency_key, effective_date, posted_at)
         values ${tuples.join(', ')}`, values);
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** The `--flags` between `node` and the script in an npm script such as "node --x=1 dist/a.js". */
function nodeFlagsOf(script: string): string[] {
  const words = script.trim().split(/\s+/);
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
