// `npm run bench:claims`: (1) scrub + 837P build of generated claims, pure, in this process;
// (2) end to end: one 837P file of that many claims imported through the real queue (outbox,
// relay, claims worker, bulk inserts), then every claim scrubbed by its own job. Prints JSON.
// A benchmark, not a test: it measures and reports.
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ensureDatabase } from '../src/db/orm.js';
import { Engine } from '../src/engine.js';
import { engineHandlers } from '../workers/registry.js';
import { resolvePayerRules, scrubClaim } from '../src/domain/claims/scrub/index.js';
import { write837p } from '../src/domain/x12/837p-writer.js';
import { receiveClaimFile } from '../src/services/intake.service.js';
import { sleep } from '../src/util/time.js';
import { generateClaims } from './demo/claim-generator.js';
import { DEMO_PAYERS, DEMO_PROVIDERS } from './demo/office.js';
import { seededRandom } from './demo/context.js';
import { deleteQueueKeys, peakRssMb } from './bench-support.js';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 20000);
const BATCH = 500; // claims per 837P interchange, as config/clearinghouse.ts sends them
const suffix = randomBytes(3).toString('hex');
const base = loadConfig();
const config = loadConfig({ ...process.env, DATABASE_SCHEMA: `bench_claims_${suffix}`, QUEUE_PREFIX: `bench-claims-${suffix}`, LOG_LEVEL: 'silent' });
const today = DateTime.now().setZone(config.timezone).toISODate()!;
const claims = generateClaims(seededRandom(42), {
  count: CLAIMS, prefix: `B${suffix}-`, today, payers: DEMO_PAYERS, providers: DEMO_PROVIDERS, errorShare: 0.05, patients: CLAIMS / 4,
}).map((g) => g.claim);

// (1) Pure: scrub every claim, then write them as 837P batches.
const pureStart = performance.now();
let edits = 0;
for (const claim of claims) edits += scrubClaim(claim, { today, payerRules: resolvePayerRules(claim.payer.payerId) }).length;
const scrubMs = performance.now() - pureStart;
const buildStart = performance.now();
let bytes = 0;
for (let i = 0, control = 1; i < claims.length; i += BATCH, control += 1) {
  bytes += write837p({
    claims: claims.slice(i, i + BATCH), sender: { id: 'BENCH', name: 'BENCH' }, receiver: { id: 'CH', name: 'CH' },
    interchangeControlNumber: control, groupControlNumber: control, transactionControlNumber: control, createdAt: new Date(), usage: 'T',
  }).length;
}
const buildMs = performance.now() - buildStart;
const pureMs = scrubMs + buildMs;
const rssAfterPureMb = peakRssMb();

// (2) End to end through a running engine (claims workers in this process).
await ensureDatabase(base.database.url);
const logger = createLogger(config);
// BENCH_CONCURRENCY overrides config/queues.ts for the claims workers (to see where the limit is).
const concurrency = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
const engine = await Engine.start({
  config, logger, registry: engineHandlers(), api: false, workerQueues: ['claims'], migrate: true,
  ...(concurrency ? { workerOverrides: { concurrency } } : {}),
});
const file = Buffer.from(write837p({
  claims, sender: { id: 'PRACTICE', name: 'BENCH PRACTICE' }, receiver: { id: 'RCMOFFICE', name: 'RCM' },
  interchangeControlNumber: 1, groupControlNumber: 1, transactionControlNumber: 1, createdAt: new Date(), usage: 'P',
}), 'latin1');
const em = engine.orm.em.fork();
const run = <T>(sql: string, params: unknown[] = []) => em.getConnection().execute<T[]>(sql, params);
const e2eStart = performance.now();
const { fileId } = await engine.orm.em.fork().transactional((tx) => receiveClaimFile(tx, { fileName: 'bench.837', content: file }));
engine.relay.kick();
let importMs = 0;
for (;;) {
  const [row] = await run<{ status: string; drafts: number; scrubbed: number }>(
    `select f.status, (select count(*)::int from claim where status = 'draft') as drafts,
       (select count(*)::int from claim where status in ('ready', 'edits')) as scrubbed from edi_file f where f.id = ?`, [fileId]);
  if (!importMs && row.status !== 'received') importMs = performance.now() - e2eStart;
  if (row.status === 'quarantined') throw new Error('bench file was rejected');
  if (row.status === 'processed' && row.scrubbed === CLAIMS) break;
  await sleep(100);
}
const totalMs = performance.now() - e2eStart;
const [counts] = await run<{ lines: number; patients: number }>(
  'select (select count(*)::int from claim_line) as lines, (select count(*)::int from patient) as patients');
await engine.stop(10000);
const cleanup = await import('../src/db/orm.js').then((m) => m.openOrm(config.database));
await cleanup.em.getConnection().execute(`drop schema if exists "${config.database.schema}" cascade`);
await cleanup.close();
await deleteQueueKeys(config.redis.url, config.queuePrefix);

const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
process.stdout.write(`${JSON.stringify({
  claims: CLAIMS,
  pure: {
    scrubAndBuildClaimsPerSecond: perSecond(CLAIMS, pureMs), scrubMs: Math.round(scrubMs), buildMs: Math.round(buildMs),
    edits, bytes837p: bytes, target: 20000,
  },
  endToEnd: {
    fileBytes: file.length, lines: counts.lines, patients: counts.patients,
    importMs: Math.round(importMs), importClaimsPerSecond: perSecond(CLAIMS, importMs),
    importAndScrubMs: Math.round(totalMs), importAndScrubClaimsPerSecond: perSecond(CLAIMS, totalMs),
    target: 3000,
    workerConcurrency: concurrency ?? 'config/queues.ts',
  },
  peakRssMb: peakRssMb(),
  peakRssAfterPureStageMb: rssAfterPureMb,
  note: 'one process: engine (relay + claims workers, concurrency from config/queues.ts) and the benchmark; machine shared with other agents',
}, null, 2)}\n`);
process.exit(0);
