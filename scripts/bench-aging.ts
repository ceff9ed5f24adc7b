// `npm run bench:aging`: one aging snapshot (reconciliation.aging) and one balance check
// (reconciliation.accounts) over an invented office of BENCH_LINES claim lines (1,000,000; four per
// claim), filled with generate_series in a scratch schema that is dropped afterwards. Prints JSON:
// seconds and rows per second for each, and how long the fill took (not part of the figures).
// `run()` is exported so `npm run bench:collections` can run it among the other collections stages.
// A benchmark, not a test: it measures and reports. The machine's cores are shared: figures vary.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { InventedBooksRepository } from '../src/db/repositories/invented-books.repository.js';
import { fixedClock } from '../src/domain/clock.js';
import { takeAgingSnapshot } from '../src/services/reconciliation/aging.service.js';
import { checkAccountBalances } from '../src/services/reconciliation/account-balances.service.js';
import { openBenchEnvironment } from './bench-support.js';

export interface AgingBenchResult {
  lines: number;
  claims: number;
  ledgerEntries: number;
  accounts: number;
  fillSeconds: number;
  aging: { seconds: number; linesPerSecond: number; claimsPerSecond: number; snapshotRows: number };
  accountsCheck: { seconds: number; claimsPerSecond: number; ledgerEntriesPerSecond: number; discrepancies: number; tasksOpened: number };
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);

export async function run(options: { lines?: number; linesPerClaim?: number; say?: (line: string) => void } = {}): Promise<AgingBenchResult> {
  const linesPerClaim = options.linesPerClaim ?? 4;
  const lines = options.lines ?? 1_000_000;
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const asOf = '2026-12-07';
  const clock = fixedClock('2026-12-07T20:00:00Z');
  const bench = await openBenchEnvironment('aging');
  try {
    const timezone = bench.config.timezone;
    say(`filling ${lines} claim lines (${linesPerClaim} per claim) ...`);
    const fillStart = performance.now();
    const filled = await bench.orm.em.fork().transactional((tx) => new InventedBooksRepository(tx).fill({
      claims: Math.ceil(lines / linesPerClaim), linesPerClaim, accounts: Math.ceil(lines / 10), payers: 8, spreadDays: 400, asOf,
    }));
    await bench.orm.em.fork().transactional((tx) => new InventedBooksRepository(tx).plantDifferences(5));
    const fillMs = performance.now() - fillStart;
    say(`filled in ${seconds(fillMs)} s: ${JSON.stringify(filled)}`);

    const agingStart = performance.now();
    const snapshot = await bench.orm.em.fork().transactional((tx) => takeAgingSnapshot(tx, { asOf, timezone, now: clock.now() }));
    const agingMs = performance.now() - agingStart;
    say(`aging snapshot: ${seconds(agingMs)} s`);

    const checkStart = performance.now();
    const check = await bench.orm.em.fork().transactional((tx) => checkAccountBalances(tx, { asOf, timezone, clock }));
    const checkMs = performance.now() - checkStart;
    say(`balance check: ${seconds(checkMs)} s`);

    return {
      lines: filled.lines, claims: filled.claims, ledgerEntries: filled.ledgerEntries, accounts: filled.accounts, fillSeconds: seconds(fillMs),
      aging: { seconds: seconds(agingMs), linesPerSecond: perSecond(filled.lines, agingMs), claimsPerSecond: perSecond(filled.claims, agingMs), snapshotRows: snapshot.rows },
      accountsCheck: {
        seconds: seconds(checkMs), claimsPerSecond: perSecond(filled.claims, checkMs), ledgerEntriesPerSecond: perSecond(filled.ledgerEntries, checkMs),
        discrepancies: check.claimDiscrepancies + check.accountDiscrepancies, tasksOpened: check.tasksOpened,
      },
    };
  } finally {
    await bench.teardown();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await run({ lines: process.env.BENCH_LINES ? Number(process.env.BENCH_LINES) : undefined });
  process.stdout.write(`${JSON.stringify({ ...result, machine: { cpus: cpus().length, note: 'cores shared with other work on this machine; figures vary between runs' } }, null, 2)}\n`);
  process.exit(0);
}
