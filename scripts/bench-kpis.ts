// `npm run bench:kpis`: the KPI snapshot and a year's report at office scale. In a scratch schema,
// bulk generated with generate_series: 1,000,000 claims over 365 days (each with its scrub, submit
// and acknowledgment events), 5,000,000 ledger entries, 800,000 remittance claims in 7,300
// remittances, 100,000 tasks with 500,000 task events and their outcomes, 50 people, 20 payers.
// Two measurements, printed as JSON:
//  1. one day's snapshot (snapshotKpis for one office day, the daily job's work), target < 30 s;
//  2. a 12-month office report read from snapshots (kpiReport, source snapshots), target < 1 s.
//     The 365 days of snapshots are the measured day's real rows copied to every day of the year
//     (bulk insert): running the snapshot 365 times would take the benchmark hours, and the report
//     reads the same number and shape of rows either way. Also a 12-month report by specialist, and
//     for comparison a 30-day office report counted live from the rows.
// A benchmark: it measures and prints; it asserts nothing. BENCH_CLAIMS scales everything.
import { defaultOfficeCalendar } from '../config/office-calendar.js';
import { sqlRunner } from '../src/db/sql.js';
import { snapshotKpis } from '../src/services/kpis/kpi-snapshot.service.js';
import { kpiReport } from '../src/services/kpis/kpi-report.service.js';
import { openBenchEnvironment } from './bench-support.js';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 1_000_000);
const LEDGER = CLAIMS * 5;
const TASKS = CLAIMS / 10;
const say = (line: string) => process.stderr.write(`${line}\n`);
const FIRST_DAY = '2025-12-01';
const DAY = '2026-06-15';

async function main(): Promise<void> {
  const bench = await openBenchEnvironment('kpis', { DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rcm_kpis_bench', TIMEZONE: 'UTC' });
  try {
    const run = sqlRunner(bench.orm.em.fork());
    const timed = async (label: string, sql: string, params: unknown[] = []) => {
      const started = Date.now();
      await run(sql, params);
      say(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    };
    await timed('parties', `
      insert into payer (payer_id, name, created_at) select 'P' || g, 'Payer ' || g, now() from generate_series(1, 20) g;
      insert into provider (npi, name, created_at) values ('1234567893', 'Clinic', now());
      insert into account (account_number, created_at) values ('A1', now());
      insert into patient (account_id, last_name, created_at) select id, 'X', now() from account;
      insert into specialist (login, display_name, role, skills, payers, certifications, level, capacity, timezone, working_hours, supervisor_id, active, created_at)
        select 'p' || g, 'Person ' || g, case when g = 1 then 'director' when g <= 5 then 'supervisor' else 'specialist' end, '[]', '[]', '[]', 'mid', 30, 'UTC',
          '{"start":"08:00","end":"17:00","days":[1,2,3,4,5]}', case when g = 1 then null when g <= 5 then 1 else 2 + g % 4 end, true, now()
        from generate_series(1, 50) g;`);
    // Claim i: served on day i % 365 of the year, scrubbed (1 in 7 with edits) and sent that day, acknowledged the next.
    await timed('claims', `insert into claim (control_number, payer_id, provider_id, patient_id, status, place_of_service, service_date, diagnoses, charge_cents, balance_cents, created_at, updated_at)
      select 'C' || g, 1 + g % 20, 1, 1, 'accepted', '11', ?::date + (g % 365), '[]', 10000 + g % 5000, 10000 + g % 5000, now(), now() from generate_series(1, ?) g`, [FIRST_DAY, CLAIMS]);
    await timed('claim events', `insert into claim_event (claim_id, from_status, to_status, at)
      select g, s.from_status, case when s.to_status = 'ready' and g % 7 = 0 then 'edits' else s.to_status end, (?::date + (g % 365))::timestamptz + s.offset_hours * interval '1 hour'
      from generate_series(1, ?) g cross join (values ('draft', 'ready', 9), ('ready', 'submitted', 12), ('submitted', 'accepted', 33)) as s(from_status, to_status, offset_hours)`,
      [FIRST_DAY, CLAIMS]);
    await timed('835 files', `
      insert into edi_file (kind, direction, file_name, sha256, size_bytes, status, received_at)
        select '835', 'inbound', 'r' || g || '.835', md5(g::text), 1, 'processed', (?::date + (g % 365) + 10)::timestamptz + interval '8 hours' from generate_series(1, 7300) g`,
      [FIRST_DAY]);
    await timed('remittances', `
      insert into remittance (file_id, transaction_sequence, st_control_number, remittance_key, trace_number, payer_identifier, payer_id, status, payment_cents, payment_method, provider_adjustments, job_key, created_at, posted_at)
        select f.id, 1, '0001', 'K' || f.id, 'T' || f.id, 'P', 1 + f.id % 20, 'posted', 0, 'ACH', '[]', gen_random_uuid(), f.received_at, f.received_at + (f.id % 240) * interval '1 minute' from edi_file f`);
    // Four claims in five are answered, 10 days after service, by the remittance of their payer and day.
    await timed('remittance claims', `insert into remittance_claim (remittance_id, sequence, control_number, status_code, charge_cents, paid_cents, claim_id, posted_at)
      select r.id, g, 'C' || g, '1', 10000 + g % 5000, 8000, case when g % 50 = 0 then null else g end, r.posted_at
      from generate_series(1, ?) g join remittance r on r.id = 1 + ((g % 365) * 20 + g % 20) where g % 5 <> 0`, [CLAIMS]);
    await timed('ledger entries', `insert into ledger_entry (kind, amount_cents, claim_id, payer_id, group_code, reason_code, source, idempotency_key, effective_date, posted_at)
      select k.kind, k.cents, c, 1 + c % 20, k.grp, k.reason, 'remittance:' || (1 + ((c % 365) * 20 + c % 20)), 'b' || g, ?::date + (c % 365) + 10,
        (?::date + (c % 365) + 10)::timestamptz + interval '9 hours'
      from generate_series(1, ?) g
      cross join lateral (select 1 + (g - 1) / 5 as c, (g - 1) % 5 as n) x
      cross join lateral (select case x.n when 0 then 'payment' when 1 then 'contractual' when 2 then 'patient-responsibility' when 3 then (case when x.c % 10 = 0 then 'denial' else 'other-adjustment' end) else 'payment' end as kind,
        case x.n when 0 then 6000 when 1 then 1500 when 2 then 500 when 3 then 200 else case when x.c % 7 = 0 then -100 else 100 end end as cents,
        case x.n when 1 then 'CO' when 3 then 'CO' else null end as grp, case x.n when 1 then '45' when 3 then '50' else null end as reason) k`,
      [FIRST_DAY, FIRST_DAY, LEDGER]);
    await timed('tasks', `insert into task (type, status, subject_type, subject_id, reason_key, reason_codes, required_skills, assignee_id, due_at, created_at, updated_at, closed_at)
      select case g % 3 when 0 then 'denial' when 1 then 'claim-edit' else 'claim-rejection' end, 'done', 'claim', g * 10, 'k' || g, '[]', '[]', 6 + g % 45,
        (?::date + (g % 365))::timestamptz + interval '20 hours', (?::date + (g % 365))::timestamptz + interval '10 hours', now(),
        (?::date + (g % 365))::timestamptz + interval '10 hours' + (g % 72) * interval '1 hour'
      from generate_series(1, ?) g`, [FIRST_DAY, FIRST_DAY, FIRST_DAY, TASKS]);
    await timed('task events', `insert into task_event (task_id, kind, actor, detail, at)
      select t.id, e.kind, 'p' || t.assignee_id, case when e.kind = 'escalated' then jsonb_build_object('to', 'p2') end, t.created_at + e.n * interval '10 minutes'
      from task t cross join (values (0, 'created'), (1, 'assigned'), (2, 'claimed'), (3, 'escalated'), (4, 'outcome')) as e(n, kind)`);
    await timed('task outcomes', `insert into task_outcome (task_id, outcome, state, recorded_by_id, recorded_at)
      select id, 'no-action-needed', 'applied', assignee_id, closed_at from task`);
    await timed('analyze', 'analyze');
    const [sizes] = await run(`select (select count(*) from claim) as claims, (select count(*) from ledger_entry) as ledger_entries,
      (select count(*) from task_event) as task_events, (select count(*) from remittance_claim) as remittance_claims, (select count(*) from claim_event) as claim_events`);

    const calendar = { ...defaultOfficeCalendar, timezone: 'UTC' };
    const now = new Date('2026-12-01T12:00:00Z');
    let started = Date.now();
    const snapshot = await bench.orm.em.fork().transactional((tx) => snapshotKpis(sqlRunner(tx), DAY, { calendar, now }));
    const snapshotSeconds = (Date.now() - started) / 1000;
    started = Date.now();
    const repeat = await bench.orm.em.fork().transactional((tx) => snapshotKpis(sqlRunner(tx), DAY, { calendar, now }));
    const repeatSeconds = (Date.now() - started) / 1000;

    // A year of snapshots: the measured day's rows copied to the other 364 days.
    await timed('365 days of snapshots (copied)', `insert into kpi_snapshot (as_of, scope, scope_key, counts, histograms, carcs, computed_at)
      select d::date, k.scope, k.scope_key, k.counts, k.histograms, k.carcs, k.computed_at
      from kpi_snapshot k cross join generate_series('2025-12-01'::date, '2026-11-30'::date, interval '1 day') d where k.as_of = ?::date and d::date <> ?::date`, [DAY, DAY]);
    const reportRun = sqlRunner(bench.orm.em.fork());
    const year = { from: '2025-12-01', to: '2026-11-30', source: 'snapshots' };
    await kpiReport(reportRun, null, year, { calendar, now }); // warm the connection once
    started = Date.now();
    const office = await kpiReport(reportRun, null, year, { calendar, now });
    const officeMs = Date.now() - started;
    started = Date.now();
    const bySpecialist = await kpiReport(reportRun, null, { ...year, by: 'specialist' }, { calendar, now });
    const bySpecialistMs = Date.now() - started;
    const [snapshotRows] = await run(`select count(*)::int as n from kpi_snapshot`);
    // For comparison: a month counted live from the rows (what a report of up to 31 days does).
    started = Date.now();
    await kpiReport(reportRun, null, { from: '2026-06-01', to: '2026-06-30', source: 'live' }, { calendar, now });
    const liveMonthMs = Date.now() - started;

    process.stdout.write(`${JSON.stringify({
      sizes: Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Number(v)])),
      snapshot: { asOf: DAY, seconds: snapshotSeconds, rows: snapshot.rows, repeatSeconds, repeatChanged: repeat.inserted + repeat.updated + repeat.removed, targetSeconds: 30 },
      yearReport: {
        snapshotRows: snapshotRows.n, officeMs, bySpecialistMs, bySpecialistRows: bySpecialist.rows.length, targetMs: 1000,
        daysWithoutSnapshot: office.daysWithoutSnapshot?.length, cleanClaimRate: office.rows[0].claims?.cleanClaimRate,
      },
      liveMonthReportMs: liveMonthMs,
    }, null, 2)}\n`);
  } finally {
    // BENCH_KEEP_SCHEMA=1 keeps the generated office to look at (its schema is named on stderr).
    if (process.env.BENCH_KEEP_SCHEMA === '1') {
      say(`kept schema ${bench.env.DATABASE_SCHEMA}`);
      await bench.orm.close();
    } else {
      await bench.teardown();
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
