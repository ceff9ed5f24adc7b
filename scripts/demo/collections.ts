// Demo step: the books and patient collections (issue #12). The bank's deposits arrive as an
// invented CSV made from the ERAs the posting step posted: most match, one differs from its ERA,
// one has no ERA, and one ERA is left without a deposit. A patient pays, another patient makes a
// plan (and misses it). Then every schedule of config/schedules.ts runs once for each of four
// office days, 30 days apart from the demo's day, through `runScheduleNow` as
// `rcm schedules run NAME --as-of DAY` does: the statement cycle counts its days from each
// account's first statement, so the runs walk the balances through three statements and the
// final notice. Not to day +120: the agency stage writes its referral CSV, with patient data, to
// the office's agency folder (config/dunning.ts agencyExportDir, relative to the working
// directory; the worker has no other), and the demo never touches the office. Days print as
// "day +N" (never the calendar date), so the output is the same whichever day the demo runs.
import { DateTime } from 'luxon';
import { SCHEDULES } from '../../config/schedules.js';
import { addDays } from '../../src/domain/calendar-date.js';
import { fixedClock, type Clock } from '../../src/domain/clock.js';
import { formatDollars } from '../../src/domain/money.js';
import { sqlRunner, type Run } from '../../src/db/sql.js';
import { PeopleRepository } from '../../src/db/repositories/people.repository.js';
import { importDepositFile } from '../../src/services/deposits/deposit-import.service.js';
import { postPatientPayment } from '../../src/services/collections/patient-payment.service.js';
import { createPaymentPlan } from '../../src/services/collections/payment-plan.service.js';
import { runScheduleNow } from '../../src/services/schedules/scheduled-jobs.service.js';
import { demoToday, type DemoContext } from './context.js';
import { DEMO_ADMIN } from './office.js';

/** The as-of days the schedules run for, counted from the demo's day (day +120 would refer accounts to the agency: see above). */
export const SCHEDULE_DAYS = [0, 30, 60, 90] as const;
const BANK_ACCOUNT = '000999000123'; // invented; stored masked

/** "Now" for the services the demo calls itself: noon of an office day in the office's zone. */
export function demoClock(day: string, timezone: string): Clock {
  return fixedClock(DateTime.fromISO(`${day}T12:00:00`, { zone: timezone }).toJSDate());
}

export async function demoCollections(ctx: DemoContext): Promise<void> {
  const today = demoToday(ctx);
  const tz = ctx.config.timezone;
  await importDeposits(ctx, tz);
  await patientDesk(ctx, today, tz);
  for (const offset of SCHEDULE_DAYS) {
    const asOf = addDays(today, offset);
    // One at a time, in the schedules' order of the day, each settled before the next: the same
    // order every run, as the cron patterns would run them.
    for (const schedule of SCHEDULES) {
      await ctx.orm.em.fork().transactional((em) => runScheduleNow(em, schedule.name, { asOf, actor: DEMO_ADMIN, timezone: tz, clock: demoClock(today, tz) }));
      ctx.engine.relay.kick();
      await ctx.settle();
    }
    await sayDay(ctx, offset, asOf);
  }
  await sayTotals(ctx);
}

/** The bank's CSV, invented from the posted ERAs (by trace, so the same rows every run). */
async function importDeposits(ctx: DemoContext, timezone: string): Promise<void> {
  const run = sqlRunner(ctx.orm.em.fork());
  const eras = await run<{ trace_number: string; payment_cents: string; era_date: string }>(
    `select trace_number, payment_cents, to_char(coalesce(payment_date, (created_at at time zone ?)::date), 'YYYY-MM-DD') as era_date
     from remittance where status in ('staged', 'posted') and payment_cents > 0 order by trace_number`, [timezone]);
  if (eras.length < 3) throw new Error(`the posting step left ${eras.length} paid ERAs; the deposits need at least 3`);
  const rows = ['date,amount,trace,bank_account'];
  // The last ERA gets no deposit; the second-to-last is deposited 12.34 short (a variance).
  eras.slice(0, -1).forEach((era, i) => {
    const short = i === eras.length - 2 ? 1234 : 0;
    rows.push(`${era.era_date},${dollarsText(Number(era.payment_cents) - short)},${era.trace_number},${BANK_ACCOUNT}`);
  });
  rows.push(`${eras[0].era_date},250.00,DEMO-NO-ERA-1,${BANK_ACCOUNT}`); // money the office has no ERA for
  const result = await importDepositFile(ctx.orm.em.fork(), { fileName: 'demo-bank-deposits.csv', content: Buffer.from(`${rows.join('\n')}\n`) },
    { timezone, actor: DEMO_ADMIN });
  ctx.say(`deposit file: ${result.added} deposits (${formatDollars(result.totals.totalCents)}) for ${eras.length} paid ERAs: `
    + '1 deposited $12.34 short of its ERA, 1 with no ERA, 1 ERA with no deposit');
}

/** One patient pays part of their balance; another makes a plan and pays nothing (the plan is missed). */
async function patientDesk(ctx: DemoContext, today: string, timezone: string): Promise<void> {
  const run = sqlRunner(ctx.orm.em.fork());
  const owing = await run<{ account_number: string; patient_balance_cents: string }>(
    `select account_number, patient_balance_cents from account where patient_balance_cents >= 3000 order by account_number limit 2`);
  const owingCount = (await run<{ n: number; cents: string }>(`select count(*)::int as n, coalesce(sum(patient_balance_cents), 0)::text as cents from account where patient_balance_cents > 0`))[0];
  ctx.say(`patient balances after posting: ${owingCount.n} accounts owe ${formatDollars(Number(owingCount.cents))}`);
  if (owing.length < 2) throw new Error('the posting step left fewer than 2 accounts owing $30 or more');
  const person = (await new PeopleRepository(run).findByLogin('spec.patients'))!;
  const actor = { id: person.id, login: person.login };
  const options = { clock: demoClock(today, timezone), timezone };
  const [payer, planner] = owing;
  const half = Math.floor(Number(payer.patient_balance_cents) / 200) * 100;
  const paid = await ctx.orm.em.fork().transactional((em) => postPatientPayment(em, actor, {
    account: { number: payer.account_number }, amount: dollarsText(half), date: today, method: 'card', reference: 'DEMO-CARD-0001',
  }, options));
  ctx.say(`patient payment: ${formatDollars(paid.payment.amountCents)} by card on ${payer.account_number}; it now owes ${formatDollars(paid.account.patientBalanceCents)}`);
  const plan = await ctx.orm.em.fork().transactional((em) => createPaymentPlan(em, actor, {
    account: { number: planner.account_number }, count: 3, every: 'month', first: addDays(today, 14),
  }, options));
  ctx.say(`payment plan: ${formatDollars(plan.totalCents)} on ${planner.account_number} in ${plan.installments.length} monthly installments from day +14 (the demo pays none)`);
}

async function sayDay(ctx: DemoContext, offset: number, asOf: string): Promise<void> {
  const run = sqlRunner(ctx.orm.em.fork());
  const label = `day +${offset}`;
  const statements = await run<{ stage: string; n: number; cents: string }>(
    `select stage, count(*)::int as n, sum(amount_due_cents)::text as cents from statement where statement_date = ? group by stage order by stage`, [asOf]);
  ctx.say(`${label}: statements ${statements.map((s) => `${s.stage} ${s.n} (${formatDollars(Number(s.cents))})`).join(', ') || 'none'}`);
  ctx.say(`${label}: aging ${await agingLine(run, asOf)}`);
  const discrepancies = (await run<{ n: number }>(`select count(*)::int as n from balance_discrepancy where as_of = ?`, [asOf]))[0].n;
  ctx.say(`${label}: balance discrepancies ${discrepancies}; ${await taskLine(run)}`);
}

/** The day's aging snapshot, summed over payers: by responsibility and bucket. */
async function agingLine(run: Run, asOf: string): Promise<string> {
  const rows = await run<{ responsibility: string; b0: string; b31: string; b61: string; b91: string; b120: string; total: string }>(
    `select r.responsibility, sum(r.days_0_30_cents)::text as b0, sum(r.days_31_60_cents)::text as b31, sum(r.days_61_90_cents)::text as b61,
       sum(r.days_91_120_cents)::text as b91, sum(r.over_120_cents)::text as b120, sum(r.total_cents)::text as total
     from aging_snapshot s join aging_snapshot_row r on r.snapshot_id = s.id where s.as_of = ? group by r.responsibility order by r.responsibility`, [asOf]);
  if (rows.length === 0) return 'no snapshot';
  const d = (text: string) => formatDollars(Number(text));
  return rows.map((r) => `${r.responsibility} ${d(r.total)} [0-30 ${d(r.b0)}, 31-60 ${d(r.b31)}, 61-90 ${d(r.b61)}, 91-120 ${d(r.b91)}, 120+ ${d(r.b120)}]`).join('; ');
}

/** Tasks the schedules open, all so far (open or done). */
async function taskLine(run: Run): Promise<string> {
  const types = ['deposit-variance', 'balance-discrepancy', 'patient-call', 'payment-plan-missed', 'claim-status-inquiry', 'filing-deadline'];
  const rows = await run<{ type: string; n: number }>(`select type, count(*)::int as n from task where type = any(?::text[]) group by type order by type`, [types]);
  return `tasks ${rows.map((r) => `${r.type} ${r.n}`).join(', ') || 'none'}`;
}

async function sayTotals(ctx: DemoContext): Promise<void> {
  const run = sqlRunner(ctx.orm.em.fork());
  const deposits = await run<{ status: string; n: number }>(`select status, count(*)::int as n from deposit group by status order by status`);
  const variance = await run<{ subject_type: string; n: number }>(
    `select subject_type, count(*)::int as n from task where type = 'deposit-variance' group by subject_type order by subject_type`);
  ctx.say(`deposits: ${deposits.map((d) => `${d.status} ${d.n}`).join(', ')}; deposit-variance tasks by subject: ${variance.map((v) => `${v.subject_type} ${v.n}`).join(', ') || 'none'}`);
  const stages = await run<{ kind: string; stage: string; n: number }>(`select kind, stage, count(*)::int as n from statement group by kind, stage order by min(statement_date), stage`);
  ctx.say(`statement cycle, all days: ${stages.map((s) => `${s.stage} ${s.n}`).join(', ') || 'none'}`);
  const plans = await run<{ status: string; n: number }>(`select status, count(*)::int as n from payment_plan group by status order by status`);
  const missed = (await run<{ n: number }>(`select count(*)::int as n from payment_plan_installment where status = 'missed'`))[0].n;
  ctx.say(`payment plans: ${plans.map((p) => `${p.status} ${p.n}`).join(', ') || 'none'}; installments missed ${missed}`);
  const writeOffs = (await run<{ n: number; cents: string }>(
    `select count(*)::int as n, coalesce(-sum(amount_cents), 0)::text as cents from ledger_entry where kind = 'write-off' and account_id is not null and claim_id is null`))[0];
  ctx.say(`small balances written off by the cycle: ${writeOffs.n} (${formatDollars(Number(writeOffs.cents))})`);
}

/** Whole cents as the CSV's and the services' dollars text ("1250.50"): integer arithmetic only. */
export function dollarsText(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
