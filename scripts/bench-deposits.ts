// `npm run bench:deposits`: one reconciliation.deposits matching pass over BENCH_DEPOSITS (10,000)
// bank deposits and as many remittances, in a scratch schema. Most deposits match their ERA
// exactly; 3% carry another amount (variance tasks), 2% a trace no ERA has (their deposits and
// those ERAs become tasks too, the pass being run past the configured days). Prints JSON: the
// pass's seconds and rows (deposits) per second, plus the import of the deposit file (not in the
// figure). A benchmark: it measures and reports, asserts nothing. `run()` is importable, so the
// collections benchmark can run it with the other parts.
import { pathToFileURL } from 'node:url';
import { openBenchEnvironment } from './bench-support.js';
import { sqlRunner } from '../src/db/sql.js';
import { addDays } from '../src/domain/calendar-date.js';
import { fixedClock } from '../src/domain/clock.js';
import { importDepositFile } from '../src/services/deposits/deposit-import.service.js';
import { reconcileDeposits } from '../src/services/deposits/deposit-matching.service.js';

export interface DepositBenchResult {
  part: 'deposit-matching';
  deposits: number;
  remittances: number;
  seconds: number;
  rowsPerSecond: number;
  matched: number;
  variances: number;
  tasksOpened: number;
  importSeconds: number;
}

const FIRST_DAY = '2026-11-01';

export async function run(options: { deposits?: number } = {}): Promise<DepositBenchResult> {
  const count = options.deposits ?? Number(process.env.BENCH_DEPOSITS ?? 10_000);
  const bench = await openBenchEnvironment('deposits');
  try {
    const timezone = bench.config.timezone;
    const runSql = sqlRunner(bench.orm.em.fork());
    const variances = Math.floor(count * 0.03);
    const strangers = Math.floor(count * 0.02);
    const exact = count - variances - strangers;
    const amountOf = (i: number) => 10_000 + ((i * 7919) % 500_000); // $100.00 .. $5,099.99
    const dayOf = (i: number) => addDays(FIRST_DAY, i % 28);

    // Remittances as posting stores them: one 835 file row, one payment per trace, 5% by check.
    const [file] = await runSql<{ id: number }>(
      `insert into edi_file (kind, direction, file_name, sha256, size_bytes, status, received_at) values ('835', 'inbound', 'bench.835', 'bench', 0, 'processed', now()) returning id`);
    await runSql(
      `insert into remittance (file_id, transaction_sequence, st_control_number, remittance_key, trace_number, payer_identifier, status,
         payment_cents, payment_method, payment_date, provider_adjustments, job_key, created_at)
       select ?, r.i + 1, lpad((r.i % 10000)::text, 4, '0'), '87726 EFT' || r.i, 'EFT' || r.i, '87726', 'posted', r.amount,
         case when r.i % 20 = 19 then 'CHK' else 'ACH' end, r.day::date, '[]', gen_random_uuid(), now()
       from json_to_recordset(?::json) as r(i int, amount bigint, day text)`,
      [file.id, JSON.stringify(Array.from({ length: count }, (_, i) => ({ i, amount: amountOf(i), day: dayOf(i) })))],
    );

    // The bank's side, as a CSV: the deposit of each ERA a day after it, some off by an amount, some unknown.
    const rows = Array.from({ length: count }, (_, i) => {
      const cents = i < exact ? amountOf(i) : i < exact + variances ? amountOf(i) - 2_500 : amountOf(i);
      const trace = i < exact + variances ? `EFT${i}` : `UNKNOWN${i}`;
      return `${addDays(dayOf(i), 1)},${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')},${trace},000123456789`;
    });
    const csv = Buffer.from(`date,amount,trace,bank_account\n${rows.join('\n')}\n`);
    const importStarted = process.hrtime.bigint();
    await importDepositFile(bench.orm.em.fork(), { fileName: 'bench.csv', content: csv }, { timezone, actor: 'bench' });
    const importSeconds = Number(process.hrtime.bigint() - importStarted) / 1e9;

    // One pass, well past every configured day, so leftovers become tasks in the same pass.
    const asOf = addDays(FIRST_DAY, 60);
    const started = process.hrtime.bigint();
    const result = await bench.orm.em.fork().transactional((tx) => reconcileDeposits(tx, { asOf, timezone, clock: fixedClock(`${asOf}T15:00:00Z`) }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      part: 'deposit-matching', deposits: result.depositsLookedAt, remittances: result.remittancesLookedAt,
      seconds: round(seconds), rowsPerSecond: Math.round(result.depositsLookedAt / seconds),
      matched: result.matched, variances: result.variances, tasksOpened: result.tasksOpened, importSeconds: round(importSeconds),
    };
  } finally {
    await bench.teardown();
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await run())}\n`);
}
