// Demo step: the books and patient collections (issue #12). The bank's deposits arrive as an
// invented CSV made from the ERAs the posting step posted: most match, one differs from its ERA,
// one has no ERA, and one ERA is left without a deposit. A patient pays, another patient makes a
// plan (and misses it). Then every schedule of config/schedules.ts runs once for each of four
// office days, 30 days apart from the demo's day, through `runScheduleNow` as
// `rcm schedules run NAME --as-of DAY` does: the statement cycle counts its days from each
// account's first statement, so the runs walk the balances through three statements, the final
// notice and, on day +120, the agency referral, whose CSV goes to the demo's own agency folder
// (demo-config.ts: never the office's). Days print as "day +N" (never the calendar date), so the
// output is the same whichever day the demo runs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { SCHEDULES } from '../../config/schedules.js';
import { addDays } from '../../src/domain/calendar-date.js';
import { agencyReferralFileName } from '../../src/domain/collections/agency-referral.js';
import { fixedClock, type Clock } from '../../src/domain/clock.js';
import { formatDollars } from '../../src/domain/money.js';
import { sqlRunner } from '../../src/db/sql.js';
import { BooksOverviewRepository, type AgingTotals, type Counted } from '../../src/db/repositories/books-overview.repository.js';
import { PeopleRepository } from '../../src/db/repositories/people.repository.js';
import { importDepositFile } from '../../src/services/deposits/deposit-import.service.js';
import { postPatientPayment } from '../../src/services/collections/patient-payment.service.js';
import { createPaymentPlan } from '../../src/services/collections/payment-plan.service.js';
import { runScheduleNow } from '../../src/services/schedules/scheduled-jobs.service.js';
import { demoToday, type DemoContext } from './context.js';
import { DEMO_ADMIN } from './office.js';

/** The as-of days the schedules run for, counted from the demo's day: every stage of the cycle. */
export const SCHEDULE_DAYS = [0, 30, 60, 90, 120] as const;
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
    await sayAgencyFile(ctx, offset, asOf);
  }
  await sayTotals(ctx);
}

/** The bank's CSV, invented from the posted ERAs (by trace, so the same rows every run). */
async function importDeposits(ctx: DemoContext, timezone: string): Promise<void> {
  const eras = await books(ctx).paidEras(timezone);
  if (eras.length < 3) throw new Error(`the posting step left ${eras.length} paid ERAs; the deposits need at least 3`);
  const rows = ['date,amount,trace,bank_account'];
  // The last ERA gets no deposit; the second-to-last is deposited 12.34 short (a variance).
  eras.slice(0, -1).forEach((era, i) => {
    const short = i === eras.length - 2 ? 1234 : 0;
    rows.push(`${era.eraDate},${dollarsText(era.paymentCents - short)},${era.traceNumber},${BANK_ACCOUNT}`);
  });
  rows.push(`${eras[0].eraDate},250.00,DEMO-NO-ERA-1,${BANK_ACCOUNT}`); // money the office has no ERA for
  const result = await importDepositFile(ctx.orm.em.fork(), { fileName: 'demo-bank-deposits.csv', content: Buffer.from(`${rows.join('\n')}\n`) },
    { timezone, actor: DEMO_ADMIN });
  ctx.say(`deposit file: ${result.added} deposits (${formatDollars(result.totals.totalCents)}) for ${eras.length} paid ERAs: `
    + '1 deposited $12.34 short of its ERA, 1 with no ERA, 1 ERA with no deposit');
}

/** One patient pays part of their balance; another makes a plan and pays nothing (the plan is missed). */
async function patientDesk(ctx: DemoContext, today: string, timezone: string): Promise<void> {
  const owed = await books(ctx).patientBalances();
  ctx.say(`patient balances after posting: ${owed.accounts} accounts owe ${formatDollars(owed.cents)}`);
  const owing = await books(ctx).owingAccounts(3000, 2);
  if (owing.length < 2) throw new Error('the posting step left fewer than 2 accounts owing $30 or more');
  const person = (await new PeopleRepository(sqlRunner(ctx.orm.em.fork())).findByLogin('spec.patients'))!;
  const actor = { id: person.id, login: person.login };
  const options = { clock: demoClock(today, timezone), timezone };
  const [payer, planner] = owing;
  const half = Math.floor(payer.patientBalanceCents / 200) * 100;
  const paid = await ctx.orm.em.fork().transactional((em) => postPatientPayment(em, actor, {
    account: { number: payer.accountNumber }, amount: dollarsText(half), date: today, method: 'card', reference: 'DEMO-CARD-0001',
  }, options));
  ctx.say(`patient payment: ${formatDollars(paid.payment.amountCents)} by card on ${payer.accountNumber}; it now owes ${formatDollars(paid.account.patientBalanceCents)}`);
  const plan = await ctx.orm.em.fork().transactional((em) => createPaymentPlan(em, actor, {
    account: { number: planner.accountNumber }, count: 3, every: 'month', first: addDays(today, 14),
  }, options));
  ctx.say(`payment plan: ${formatDollars(plan.totalCents)} on ${planner.accountNumber} in ${plan.installments.length} monthly installments from day +14 (the demo pays none)`);
}

const SCHEDULE_TASK_TYPES = ['deposit-variance', 'balance-discrepancy', 'patient-call', 'payment-plan-missed', 'claim-status-inquiry', 'filing-deadline'];

async function sayDay(ctx: DemoContext, offset: number, asOf: string): Promise<void> {
  const repository = books(ctx);
  const label = `day +${offset}`;
  ctx.say(`${label}: statements ${listed(await repository.statementsByStage(asOf), true)}`);
  ctx.say(`${label}: aging ${agingLine(await repository.agingTotals(asOf))}`);
  // Tasks the schedules open, all so far (open or done).
  ctx.say(`${label}: balance discrepancies ${await repository.discrepanciesOn(asOf)}; tasks ${listed(await repository.tasksByType(SCHEDULE_TASK_TYPES))}`);
}

/** The day's agency referral file, if the cycle wrote one: its rows and columns (never its values). */
async function sayAgencyFile(ctx: DemoContext, offset: number, asOf: string): Promise<void> {
  const folder = ctx.config.collections.agencyExportDir;
  let text: string;
  try {
    text = await readFile(join(folder, agencyReferralFileName(asOf)), 'latin1');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return;
    throw error;
  }
  const [header, ...rows] = text.trimEnd().split('\n');
  ctx.say(`day +${offset}: agency referral file in ${folder}/: ${rows.length} accounts; columns ${header} (no diagnosis, procedure, birth date or SSN)`);
}

/** The day's aging snapshot, summed over payers: by responsibility and bucket. */
function agingLine(rows: AgingTotals[]): string {
  if (rows.length === 0) return 'no snapshot';
  const d = formatDollars;
  return rows.map((r) => `${r.responsibility} ${d(r.totalCents)} [0-30 ${d(r.days0To30Cents)}, 31-60 ${d(r.days31To60Cents)}, `
    + `61-90 ${d(r.days61To90Cents)}, 91-120 ${d(r.days91To120Cents)}, 120+ ${d(r.over120Cents)}]`).join('; ');
}

async function sayTotals(ctx: DemoContext): Promise<void> {
  const repository = books(ctx);
  const { deposits, varianceTasks } = await repository.depositStatuses();
  ctx.say(`deposits: ${listed(deposits)}; deposit-variance tasks by subject: ${listed(varianceTasks)}`);
  ctx.say(`statement cycle, all days: ${listed(await repository.statementsByStage())}`);
  const plans = await repository.plans();
  ctx.say(`payment plans: ${listed(plans.byStatus)}; installments missed ${plans.missedInstallments}`);
  const writeOffs = await repository.accountWriteOffs();
  ctx.say(`small balances written off by the cycle: ${writeOffs.count} (${formatDollars(writeOffs.cents)})`);
}

function books(ctx: DemoContext): BooksOverviewRepository {
  return new BooksOverviewRepository(sqlRunner(ctx.orm.em.fork()));
}

function listed(rows: ReadonlyArray<Counted<string>>, withCents = false): string {
  return rows.map((r) => `${r.key} ${r.count}${withCents ? ` (${formatDollars(r.cents)})` : ''}`).join(', ') || 'none';
}

/** Whole cents as the CSV's and the services' dollars text ("1250.50"): integer arithmetic only. */
export function dollarsText(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
