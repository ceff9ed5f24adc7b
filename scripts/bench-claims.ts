// `npm run bench:claims` prints JSON with three figures:
// (1) pure: scrub + 837P build of generated claims in this process;
// (2) end to end: one 837P of BENCH_CLAIMS (20,000) claims from enqueue (file stored, import job
//     committed) until the last claim is out of `draft`, through the real claims workers (outbox,
//     relay, streamed chunked import, scrub batches) in this process;
// (3) memory: the built engine run as `npm start` runs it (node --max-old-space-size=256
//     dist/src/main.js, a child process) importing a BENCH_MEMORY_CLAIMS (100,000) claim 837P,
//     scrubbing it, then posting its 835; its peak RSS (VmHWM) is the figure. BENCH_SKIP_MEMORY=1 skips it.
// A benchmark, not a test: it measures and reports. The machine's cores are shared: run it a few times.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { loadConfig, type AppConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { dropOwnSchema, ensureDatabase, migrate, openOrm, type Orm } from '../src/db/orm.js';
import { ClaimsRepository } from '../src/db/repositories/claims.repository.js';
import { Engine } from '../src/engine.js';
import { engineHandlers } from '../workers/registry.js';
import { resolvePayerRules, scrubClaim } from '../src/domain/claims/scrub/index.js';
import type { Claim } from '../src/domain/claims/claim.js';
import { write837p } from '../src/domain/x12/837p-writer.js';
import { simulate835 } from '../src/clearinghouse/simulator-835.js';
import { receiveClaimFile, receiveEra } from '../src/services/intake.service.js';
import { sleep } from '../src/util/time.js';
import { generateClaims } from './demo/claim-generator.js';
import { DEMO_PAYERS, DEMO_PROVIDERS } from './demo/office.js';
import { seededRandom } from './demo/context.js';
import { bulkClaims } from './bench-posting-data.js';
import { deleteQueueKeys, peakRssMb } from './bench-support.js';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 20000);
const MEMORY_CLAIMS = Number(process.env.BENCH_MEMORY_CLAIMS ?? 100000);
const BATCH = 500; // claims per 837P interchange, as config/clearinghouse.ts sends them
const say = (line: string) => process.stderr.write(`${line}\n`);
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
const base = loadConfig();
await ensureDatabase(base.database.url);

const pure = pureStage();
const endToEnd = await endToEndStage();
say(`end to end: ${JSON.stringify(endToEnd)}`);
const memory = process.env.BENCH_SKIP_MEMORY ? 'skipped (BENCH_SKIP_MEMORY)' : await memoryStage();
process.stdout.write(`${JSON.stringify({
  claims: CLAIMS, pure, endToEnd, memory,
  machine: { cpus: cpus().length, note: 'cores shared with other work on this machine; figures vary between runs' },
}, null, 2)}\n`);
process.exit(0);

/** (1) Scrub every claim, then write them as 837P batches, in this process. */
function pureStage() {
  const today = DateTime.now().setZone(base.timezone).toISODate()!;
  const claims = benchClaims('P-', today);
  const started = performance.now();
  let edits = 0;
  for (const claim of claims) edits += scrubClaim(claim, { today, payerRules: resolvePayerRules(claim.payer.payerId, base.payerRules) }).length;
  const scrubMs = performance.now() - started;
  const buildStart = performance.now();
  let bytes = 0;
  for (let i = 0, control = 1; i < claims.length; i += BATCH, control += 1) {
    bytes += write837p({
      claims: claims.slice(i, i + BATCH), sender: { id: 'BENCH', name: 'BENCH' }, receiver: { id: 'CH', name: 'CH' },
      interchangeControlNumber: control, groupControlNumber: control, transactionControlNumber: control, createdAt: new Date(), usage: 'T',
    }).length;
  }
  const buildMs = performance.now() - buildStart;
  return {
    scrubAndBuildClaimsPerSecond: perSecond(CLAIMS, scrubMs + buildMs), scrubMs: Math.round(scrubMs), buildMs: Math.round(buildMs),
    edits, bytes837p: bytes, target: 20000,
  };
}

/** (2) Import + scrub through the claims workers of an engine in this process. */
async function endToEndStage() {
  const suffix = randomBytes(3).toString('hex');
  const config = loadConfig({ ...process.env, DATABASE_SCHEMA: `bench_claims_${suffix}`, QUEUE_PREFIX: `bench-claims-${suffix}`, LOG_LEVEL: 'silent' });
  const today = DateTime.now().setZone(config.timezone).toISODate()!;
  const claims = benchClaims(`B${suffix}-`, today);
  // BENCH_CONCURRENCY overrides config/queues.ts for the claims workers (to see where the limit is).
  const concurrency = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
  const engine = await Engine.start({
    config, logger: createLogger(config), registry: engineHandlers(), api: false, workerQueues: ['claims'], migrate: true,
    ...(concurrency ? { workerOverrides: { concurrency } } : {}),
  });
  const file = Buffer.from(write837p({
    claims, sender: { id: 'PRACTICE', name: 'BENCH PRACTICE' }, receiver: { id: 'RCMOFFICE', name: 'RCM' },
    interchangeControlNumber: 1, groupControlNumber: 1, transactionControlNumber: 1, createdAt: new Date(), usage: 'P',
  }), 'latin1');
  try {
    const started = performance.now();
    const { fileId } = await engine.orm.em.fork().transactional((tx) => receiveClaimFile(tx, { fileName: 'bench.837', content: file }));
    const enqueued = performance.now();
    engine.relay.kick();
    const { importedAt, counts } = await untilScrubbed(engine.orm, fileId, CLAIMS, enqueued);
    const done = performance.now();
    return {
      fileBytes: file.length, statuses: counts,
      storeFileMs: Math.round(enqueued - started),
      importMs: Math.round(importedAt - enqueued), importClaimsPerSecond: perSecond(CLAIMS, importedAt - enqueued),
      importAndScrubMs: Math.round(done - enqueued), importAndScrubClaimsPerSecond: perSecond(CLAIMS, done - enqueued),
      withStoringTheFileClaimsPerSecond: perSecond(CLAIMS, done - started),
      target: 3000,
      workerConcurrency: concurrency ?? 'config/queues.ts',
      benchProcessPeakRssMb: peakRssMb(),
    };
  } finally {
    await engine.stop(10000);
    await dropSchema(config);
    await deleteQueueKeys(config.redis.url, config.queuePrefix);
  }
}

/** (3) The built engine, started as `npm start` starts it, imports a large 837P and posts its 835. */
async function memoryStage() {
  say('building dist/ (npm run build)...');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
  say('built');
  const suffix = randomBytes(3).toString('hex');
  const env = {
    DATABASE_SCHEMA: `bench_claims_mem_${suffix}`, QUEUE_PREFIX: `bench-claims-mem-${suffix}`, LOG_LEVEL: 'warn',
    PORT: String(20000 + Math.floor(Math.random() * 20000)), INBOX_ROOT: mkdtempSync(join(tmpdir(), 'bench-claims-inbox-')),
  };
  const config = loadConfig({ ...process.env, ...env });
  const orm = await openOrm(config.database);
  await migrate(orm);
  // The claims of the posting benchmark's generator (three lines each), so its 835 pays exactly them,
  // dated recently so they scrub clean, billed by one provider to one payer for 25,000 members.
  const serviceDate = DateTime.now().setZone(config.timezone).minus({ days: 10 }).toISODate()!;
  const submitted = bulkClaims(`M${suffix}-`, MEMORY_CLAIMS).map((c) => ({ ...c, lines: c.lines.map((l) => ({ ...l, serviceDate })) }));
  const payerIdentifier = `MEM${suffix}`.toUpperCase();
  let file837: Buffer | undefined = Buffer.from(write837p({
    claims: submitted.map((c, i) => claimOf(c, i, payerIdentifier)), sender: { id: 'PRACTICE', name: 'BENCH PRACTICE' },
    receiver: { id: 'RCMOFFICE', name: 'RCM' }, interchangeControlNumber: 2, groupControlNumber: 2, transactionControlNumber: 2,
    createdAt: new Date(), usage: 'P',
  }), 'latin1');
  const fileMb = Number((file837.length / 1e6).toFixed(1));

  say(`wrote a ${fileMb} MB 837P; starting the engine...`);
  const engineArgs = ['--max-old-space-size=256', 'dist/src/main.js'];
  const child = spawn(process.execPath, engineArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let exited: number | null | undefined;
  let stderr = '';
  child.on('exit', (code) => { exited = code; });
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const alive = () => { if (exited !== undefined) throw new Error(`the engine exited (code ${exited}): ${stderr}`); };
  try {
    const rssAtStartMb = await untilStarted(child.pid!, config, alive);
    say(`engine up (pid ${child.pid}, ${rssAtStartMb} MB)`);
    say(`importing a ${fileMb} MB 837P of ${MEMORY_CLAIMS} claims into the engine (pid ${child.pid})...`);
    const started = performance.now();
    const { fileId } = await orm.em.fork().transactional((tx) => receiveClaimFile(tx, { fileName: 'bench-100k.837', content: file837! }));
    file837 = undefined;
    const { importedAt, counts } = await untilScrubbed(orm, fileId, MEMORY_CLAIMS, started, alive);
    const scrubbedAt = performance.now();
    const afterImportMb = vmHwmMb(child.pid!);
    say(`posting its 835...`);
    const era = Buffer.from(simulate835(submitted, { seed: 20261204, denialRate: 0.05, payerIdentifier }), 'latin1');
    const postStart = performance.now();
    const { fileId: eraId } = await orm.em.fork().transactional((tx) => receiveEra(tx, { fileName: 'bench-100k.835', content: era }));
    for (;;) {
      alive();
      const record = await new ClaimsRepository(orm.em.fork()).importRecord(eraId);
      if (record?.status === 'processed') break;
      if (record?.status === 'quarantined') throw new Error(`the 835 was rejected: ${record.error}`);
      await sleep(250);
    }
    const postedAt = performance.now();
    const peak = vmHwmMb(child.pid!);
    return {
      claims: MEMORY_CLAIMS, file837Mb: fileMb, file835Mb: Number((era.length / 1e6).toFixed(1)), statuses: counts,
      engine: `node ${engineArgs.join(' ')} (as npm start)`,
      importMs: Math.round(importedAt - started), importAndScrubMs: Math.round(scrubbedAt - started),
      postingMs: Math.round(postedAt - postStart),
      engineRssAtStartMb: rssAtStartMb, enginePeakRssAfterImportMb: afterImportMb, enginePeakRssMb: peak, target: 'under 300',
    };
  } finally {
    child.kill('SIGTERM');
    if (exited === undefined) await new Promise((resolve) => child.once('exit', resolve));
    await orm.close();
    await dropSchema(config);
    await deleteQueueKeys(config.redis.url, config.queuePrefix);
  }
}

/** Waits until the file is imported and every claim is out of draft; when it was imported, and the statuses. */
async function untilScrubbed(orm: Orm, fileId: number, expected: number, since: number, alive = () => {}) {
  let importedAt = 0;
  for (;;) {
    alive();
    const claims = new ClaimsRepository(orm.em.fork());
    const record = await claims.importRecord(fileId);
    if (record?.status === 'quarantined') throw new Error(`the bench file was rejected: ${record.error}`);
    if (record?.status === 'processed') {
      importedAt ||= performance.now();
      const counts = await claims.statusCounts(fileId);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total !== expected) throw new Error(`${total} claims imported, ${expected} expected`);
      if (!counts.draft) return { importedAt: importedAt || since, counts };
    }
    await sleep(50);
  }
}

async function untilStarted(pid: number, config: AppConfig, alive: () => void): Promise<number> {
  for (;;) {
    alive();
    try {
      const response = await fetch(`http://127.0.0.1:${config.http.port}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return vmRssMb(pid);
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
}

function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))!;
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
}
function vmHwmMb(pid: number): number {
  return procStatusMb(pid, 'VmHWM');
}

function vmRssMb(pid: number): number {
  return procStatusMb(pid, 'VmRSS');
}

function benchClaims(prefix: string, today: string): Claim[] {
  return generateClaims(seededRandom(42), {
    count: CLAIMS, prefix, today, payers: DEMO_PAYERS, providers: DEMO_PROVIDERS, errorShare: 0.05, patients: CLAIMS / 4,
  }).map((g) => g.claim);
}

/** A submitted claim of the posting generator as the practice system's 837P claim. */
function claimOf(submitted: ReturnType<typeof bulkClaims>[number], index: number, payerId: string): Claim {
  const member = index % 25000;
  return {
    controlNumber: submitted.controlNumber, chargeCents: submitted.lines.reduce((s, l) => s + l.chargeCents, 0), placeOfService: '11', frequency: '1',
    billingProvider: { npi: '1234567893', taxId: '111223333', name: 'INVENTED BENCH CLINIC' },
    payer: { payerId, name: 'INVENTED BENCH PAYER' },
    subscriber: {
      memberId: `MB${member}`, name: { last: 'INVENTED', first: `MEMBER${member}` }, birthDate: '1980-01-01', gender: 'F',
      relationship: '18', payerRank: 'P', claimFilingIndicator: 'CI',
    },
    diagnoses: [{ qualifier: 'ABK', code: 'J0300' }],
    lines: submitted.lines.map((l, j) => ({
      lineNumber: j + 1, lineControlNumber: l.lineControlNumber, procedureQualifier: 'HC', procedure: l.procedure, modifiers: [],
      chargeCents: l.chargeCents, unitBasis: 'UN', units: 1, diagnosisPointers: [1], serviceDate: l.serviceDate,
    })),
  };
}

async function dropSchema(config: AppConfig): Promise<void> {
  const orm = await openOrm(config.database);
  await dropOwnSchema(orm);
  await orm.close();
}
