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
import { loadConfig } from '../src/config.js';
import { dropOwnSchema, ensureDatabase, migrate, openOrm } from '../src/db/orm.js';
import { EdiFile, JobRecord } from '../src/db/entities/index.js';
import { timePlainLedgerInserts } from '../src/db/ledger-baseline.js';
import { LedgerRepository } from '../src/db/repositories/ledger.repository.js';
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
    // One small read per poll, so polling takes as little as possible from the posting measured.
    const file = await orm.em.fork().findOneOrFail(EdiFile, fileId, { fields: ['status', 'error'] });
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
  const rows = await new LedgerRepository(orm.em.fork()).entryCount();
  const baseline = await timePlainLedgerInserts(config.database.url, env.DATABASE_SCHEMA, rows);
  const jobs = jobRunTimes(await orm.em.fork().find(JobRecord, {}));
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
  await dropOwnSchema(orm);
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

/** Per job name: attempts, their run time summed and the longest, in ms. */
function jobRunTimes(records: ReadonlyArray<{ name: string; runMs: number }>): Array<{ name: string; jobs: number; run_ms: number; max_run_ms: number }> {
  const byName = new Map<string, { name: string; jobs: number; run_ms: number; max_run_ms: number }>();
  for (const r of records) {
    const job = byName.get(r.name) ?? { name: r.name, jobs: 0, run_ms: 0, max_run_ms: 0 };
    job.jobs += 1;
    job.run_ms += r.runMs;
    job.max_run_ms = Math.max(job.max_run_ms, r.runMs);
    byName.set(r.name, job);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
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
