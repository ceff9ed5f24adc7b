// Payment plans from the CLI: `rcm plans create --account N (--installments "DATE:AMOUNT,..." |
// --count N [--every month|week|two-weeks] [--first DATE]) [--total AMOUNT]`, `rcm plans show
// ACCOUNT`, `rcm plans list [--status S]`, `rcm plans cancel PLAN_ID`, and `rcm plans review
// [--as-of DATE]` (the daily `collections.plans` run, now, in this process).
import type { Command } from 'commander';
import { CliError, command, output } from '../context.js';
import { accountRefOf, deskActor, dollars, refusedOr } from './patient-account-cli.js';

interface PlanJson { id: number; accountId: number; status: string; totalCents: number; installments: Array<{ sequence: number; dueDate: string; amountCents: number; paidCents: number; status: string }> }

function describePlan(plan: PlanJson): string {
  const lines = plan.installments.map((i) => `  #${i.sequence} ${i.dueDate} ${dollars(i.amountCents)} paid ${dollars(i.paidCents)} ${i.status}`);
  return [`plan ${plan.id} (account ${plan.accountId}): ${plan.status}, total ${dollars(plan.totalCents)}`, ...lines].join('\n');
}

export function registerPlanCommands(plans: Command): void {
  plans
    .command('create')
    .description("make a payment plan for the account's whole balance (the statement cycle waits while it is current)")
    .requiredOption('--account <number>', 'the account number (or #ID)')
    .option('--installments <list>', 'DATE:AMOUNT,... adding up to the balance, e.g. "2026-12-15:50.00,2027-01-15:50.00"')
    .option('--count <n>', 'or: this many installments, the balance split evenly')
    .option('--every <interval>', 'with --count: month (default), week or two-weeks')
    .option('--first <YYYY-MM-DD>', 'with --count: the first due date (default: today)')
    .option('--total <dollars>', 'what you told the patient they owe: refused if the balance is different now')
    .option('--as <login>', 'the person making it (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { account: string; installments?: string; count?: string; every?: string; first?: string; total?: string; as?: string; json?: boolean }) => {
      const [{ createPaymentPlan }, { PATIENT_DESK_ROLES }, { PLAN_INTERVALS }] = await Promise.all([
        import('../../services/collections/payment-plan.service.js'), import('../../services/collections/patient-account-refs.js'),
        import('../../domain/collections/payment-plan-schedule.js'),
      ]);
      if (opts.count !== undefined && !/^[1-9]\d{0,2}$/.test(opts.count)) throw new CliError(`--count: "${opts.count}" is not a number of installments; nothing changed`, 2);
      if (opts.every !== undefined && !(PLAN_INTERVALS as readonly string[]).includes(opts.every)) throw new CliError(`--every: one of ${PLAN_INTERVALS.join(', ')}; nothing changed`, 2);
      const orm = await ctx.db();
      const actor = await deskActor(orm, opts, PATIENT_DESK_ROLES);
      const plan = await refusedOr(() => orm.em.fork().transactional((em) => createPaymentPlan(em, actor, {
        account: accountRefOf(opts.account), installments: opts.installments, count: opts.count === undefined ? undefined : Number(opts.count),
        every: opts.every as never, first: opts.first, total: opts.total,
      }, { clock: { now: () => new Date() }, timezone: ctx.config.timezone })));
      output(opts.json, plan, () => describePlan(plan));
    }));

  plans
    .command('show')
    .description("an account's payment plans with their installments, newest first")
    .argument('<account>', 'the account number (or #ID)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, account: string, opts: { json?: boolean }) => {
      const { plansOfAccount } = await import('../../services/collections/payment-plan.service.js');
      const orm = await ctx.db();
      const found = await refusedOr(() => plansOfAccount(orm.em.fork(), accountRefOf(account)));
      output(opts.json, found, () => found.plans.length === 0 ? `account ${found.accountNumber} has no payment plan` : found.plans.map(describePlan).join('\n'));
    }));

  plans
    .command('list')
    .description('payment plans, newest first')
    .option('--status <status>', 'current, missed, completed or cancelled')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { status?: string; limit: string; json?: boolean }) => {
      const [{ PaymentPlansRepository }, { PAYMENT_PLAN_STATUSES }] = await Promise.all([
        import('../../db/repositories/payment-plans.repository.js'), import('../../db/entities/collections.js'),
      ]);
      if (opts.status !== undefined && !(PAYMENT_PLAN_STATUSES as readonly string[]).includes(opts.status)) throw new CliError(`--status: one of ${PAYMENT_PLAN_STATUSES.join(', ')}`, 2);
      if (!/^[1-9]\d{0,5}$/.test(opts.limit)) throw new CliError('--limit: a whole number', 2);
      const rows = await new PaymentPlansRepository(await ctx.reads()).list(opts.status as never, Number(opts.limit));
      output(opts.json, rows, () => rows.map((p) => `plan ${p.id} account ${p.accountNumber} ${p.status} ${dollars(p.totalCents)}`).join('\n') || 'no plans');
    }));

  plans
    .command('cancel')
    .description('cancel a live plan: the account goes back into the statement cycle')
    .argument('<plan>', 'the plan id')
    .option('--as <login>', 'the person cancelling it (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, planId: string, opts: { as?: string; json?: boolean }) => {
      const [{ cancelPaymentPlan }, { PATIENT_DESK_ROLES }] = await Promise.all([
        import('../../services/collections/payment-plan.service.js'), import('../../services/collections/patient-account-refs.js'),
      ]);
      if (!/^[1-9]\d{0,9}$/.test(planId)) throw new CliError(`"${planId}" is not a plan id; nothing changed`, 2);
      const orm = await ctx.db();
      const actor = await deskActor(orm, opts, PATIENT_DESK_ROLES);
      const plan = await refusedOr(() => orm.em.fork().transactional((em) => cancelPaymentPlan(em, actor, Number(planId), { clock: { now: () => new Date() }, timezone: ctx.config.timezone })));
      output(opts.json, plan, () => describePlan(plan));
    }));

  plans
    .command('review')
    .description("the daily payment-plan run now: missed installments (after the grace days) and paid-up plans")
    .option('--as-of <YYYY-MM-DD>', 'the day to review for (default: today in the office time zone)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { asOf?: string; json?: boolean }) => {
      const [{ reviewPaymentPlans }, { asOfDate }, { isCalendarDate }] = await Promise.all([
        import('../../services/collections/payment-plan.service.js'), import('../../domain/as-of.js'), import('../../domain/calendar-date.js'),
      ]);
      if (opts.asOf !== undefined && !isCalendarDate(opts.asOf)) throw new CliError(`--as-of: "${opts.asOf}" is not a date (YYYY-MM-DD)`, 2);
      const clock = { now: () => new Date() };
      const asOf = asOfDate(opts.asOf, clock, ctx.config.timezone);
      const orm = await ctx.db();
      const review = await orm.em.fork().transactional((em) => reviewPaymentPlans(em, asOf, { clock, timezone: ctx.config.timezone }));
      try {
        await ctx.relayNow();
      } catch {
        process.stderr.write('rcm: the review is recorded; its task jobs wait in the outbox until the engine relays them (Redis not reachable now)\n');
      }
      output(opts.json, review, () => `plans reviewed for ${review.asOf}: ${review.plansReviewed} looked at, ${review.installmentsMissed} installments missed, `
        + `${review.plansMissed} plans missed, ${review.plansCompleted} completed, ${review.tasksOpened} tasks opened`);
    }));
}
