// `npm run bench:dunning`: one dunning pass over 200,000 accounts with patient balances at many
// ages, in a scratch schema of its own. Accounts are inserted in bulk (generate_series): about a
// third new balances (statement 1 today), the rest part-way through the cycle at ages 0-149 days
// (those on a step's day get it today: statements 2 and 3, final notices with their patient-call
// tasks, agency referrals with the day's CSV), small balances to write off, balances below the
// minimum, and accounts paused by a current plan or an open dispute. Then the pass runs once and
// is timed; then a sample of the statements' PDFs is rendered, since the pass makes none (README,
// "Collections: the patient statement cycle"). Prints JSON; asserts nothing.
// `run()` is importable, so `npm run bench:collections` can combine it with the other passes.
// Sizes: BENCH_ACCOUNTS (200,000), BENCH_PDFS (200).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openBenchEnvironment } from './bench-support.js';
import { sqlRunner } from '../src/db/sql.js';
import { fixedClock } from '../src/domain/clock.js';
import { runDunningPass, type DunningSummary } from '../src/services/collections/dunning.service.js';
import { renderWaitingStatementPdfs } from '../src/services/collections/statement-pdf.service.js';

export interface DunningBenchResult {
  name: 'dunning';
  accounts: number;
  seconds: number;
  rowsPerSecond: number;
  pass: DunningSummary;
  seedSeconds: number;
  /** The same day's pass again: it reads every account and changes nothing. */
  again: { seconds: number; changed: number };
  pdfs: { rendered: number; seconds: number; perSecond: number };
}

const AS_OF = '2026-12-07';
const say = (line: string) => process.stderr.write(`${line}\n`);

export async function run(options: { accounts?: number; pdfs?: number } = {}): Promise<DunningBenchResult> {
  const accounts = options.accounts ?? Number(process.env.BENCH_ACCOUNTS ?? 200_000);
  const pdfSample = options.pdfs ?? Number(process.env.BENCH_PDFS ?? 200);
  const bench = await openBenchEnvironment('dunning', { LOG_LEVEL: 'warn' });
  const agencyDir = await mkdtemp(join(tmpdir(), 'bench-dunning-agency-'));
  try {
    say(`seeding ${accounts} accounts...`);
    const seedStarted = performance.now();
    await seed(bench.orm.em.fork(), accounts);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    say(`seeded in ${seedSeconds.toFixed(1)} s; one dunning pass for ${AS_OF}...`);

    const started = performance.now();
    const pass = await runDunningPass(bench.orm.em.fork(), AS_OF, {
      timezone: bench.config.timezone, clock: fixedClock(`${AS_OF}T11:00:00Z`), agencyExportDir: agencyDir,
    });
    const seconds = (performance.now() - started) / 1000;
    say(`pass: ${JSON.stringify(pass)}`);
    const againStarted = performance.now();
    const second = await runDunningPass(bench.orm.em.fork(), AS_OF, {
      timezone: bench.config.timezone, clock: fixedClock(`${AS_OF}T12:00:00Z`), agencyExportDir: agencyDir,
    });
    const againSeconds = (performance.now() - againStarted) / 1000;
    const changed = second.statements + second.finalNotices + second.agencyReferrals + second.writeOffs + second.patientCalls;

    say(`rendering ${pdfSample} statement PDFs...`);
    const pdfStarted = performance.now();
    const rendered = await renderWaitingStatementPdfs(bench.orm.em.fork(), pdfSample);
    const pdfSeconds = (performance.now() - pdfStarted) / 1000;
    return {
      name: 'dunning', accounts, seconds: round(seconds), rowsPerSecond: Math.round(accounts / seconds), pass, seedSeconds: round(seedSeconds),
      again: { seconds: round(againSeconds), changed },
      pdfs: { rendered, seconds: round(pdfSeconds), perSecond: Math.round(rendered / pdfSeconds) },
    };
  } finally {
    await rm(agencyDir, { recursive: true, force: true });
    await bench.teardown();
  }
}

/**
 * One payer and provider; `count` accounts, each with one patient (the guarantor) and one claim
 * whose patient share is the balance. Category by account number modulo 100: 0-29 new balances,
 * 30-32 small (written off), 33-35 below the minimum, 36-37 a current plan, 38-39 an open dispute,
 * the rest part-way through the cycle, their cycle started 0-149 days ago with each step sent on
 * its day up to yesterday.
 */
export async function seed(em: Parameters<typeof sqlRunner>[0], count: number): Promise<void> {
  const run = sqlRunner(em);
  const [payer] = await run<{ id: number }>(`insert into payer (payer_id, name, created_at) values ('BENCH1', 'Bench Health Plan', now()) returning id`);
  const [provider] = await run<{ id: number }>(`insert into provider (npi, name, created_at) values ('1234567893', 'Bench Clinic', now()) returning id`);
  await run(
    `insert into account (account_number, patient_balance_cents, dunning_stage, dunning_cycle_start, dunning_cycle_stage, created_at)
     select 'B' || lpad(g::text, 7, '0'),
       case when g % 100 between 30 and 32 then 100 + g % 400 when g % 100 between 33 and 35 then 600 + g % 300 else 1500 + (g::bigint * 7919) % 90000 end,
       coalesce(s.stage, 'none'), case when s.stage is null then null else ?::date - a.age end, s.stage, now()
     from generate_series(1, ?) g
     cross join lateral (select ((g::bigint * 104729) % 150)::int as age) a
     left join lateral (
       select case when g % 100 < 40 then null
                   when a.age - 1 >= 120 then 'agency' when a.age - 1 >= 90 then 'final-notice' when a.age - 1 >= 60 then 'statement-3'
                   when a.age - 1 >= 30 then 'statement-2' else 'statement-1' end as stage) s on true`,
    [AS_OF, count],
  );
  await run(`insert into patient (account_id, last_name, first_name, address, created_at)
             select id, 'Bench', 'Pat', '{"line1":"1 Bench Way","city":"Springfield","state":"ST","postalCode":"00001"}'::jsonb, now() from account`);
  await run(
    `insert into claim (control_number, payer_id, provider_id, patient_id, status, frequency, place_of_service, service_date, diagnoses,
       charge_cents, paid_cents, contractual_cents, denied_cents, patient_resp_cents, balance_cents, created_at, updated_at)
     select 'BC' || p.id, ?, ?, p.id, 'paid', '1', '11', ?::date - 160, '[{"qualifier":"ABK","code":"E119"}]'::jsonb,
       a.patient_balance_cents + 20000, 15000, 5000, 0, a.patient_balance_cents, 0, now(), now()
     from patient p join account a on a.id = p.account_id`,
    [payer.id, provider.id, AS_OF],
  );
  await run(`insert into claim_line (claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents, diagnosis_pointers, service_date)
             select id, 1, '1', '99213', '[]', 1, 'UN', charge_cents, '[1]', service_date from claim`);
  await run(`insert into payment_plan (account_id, status, total_cents) select id, 'current', patient_balance_cents from account
             where substr(account_number, 2)::int % 100 between 36 and 37`);
  await run(`insert into account_dispute (account_id, status) select id, 'open' from account where substr(account_number, 2)::int % 100 between 38 and 39`);
  // Statistics as autovacuum keeps them in a live database, so the planner sees the tables' real sizes.
  for (const table of ['account', 'patient', 'claim', 'claim_line', 'payment_plan', 'account_dispute', 'statement', 'ledger_entry', 'task']) {
    await run(`vacuum analyze ${table}`);
  }
}

function round(value: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
