// Patient accounts from the CLI: `rcm accounts show ACCOUNT [--json]` (the account explained for
// the patient, audited as a read by --as), `rcm accounts dispute ACCOUNT --reason TEXT` (opens a
// dispute and its patient-inquiry task; the reason is kept as the task's note only) and
// `rcm accounts resolve-dispute DISPUTE_ID` (a supervisor's decision).
import type { Command } from 'commander';
import { CliError, command, output } from '../context.js';
import { accountRefOf, deskActor, dollars, refusedOr } from './patient-account-cli.js';

export function registerAccountCommands(accounts: Command): void {
  accounts
    .command('show')
    .description('the account explained: charges, what insurance paid and adjusted and why, what is owed, statements, payments, plan (audited)')
    .argument('<account>', 'the account number (or #ID)')
    .option('--as <login>', 'the person reading it (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, account: string, opts: { as?: string; json?: boolean }) => {
      const [{ accountSummary }, { PATIENT_DESK_ROLES }] = await Promise.all([
        import('../../services/collections/account-summary.service.js'), import('../../services/collections/patient-account-refs.js'),
      ]);
      const orm = await ctx.db();
      const actor = await deskActor(orm, opts, PATIENT_DESK_ROLES);
      const summary = await refusedOr(() => orm.em.fork().transactional((em) => accountSummary(em, actor, accountRefOf(account), {
        clock: { now: () => new Date() }, timezone: ctx.config.timezone, via: 'cli',
      })));
      output(opts.json, summary, () => {
        const out = [`account ${summary.account.accountNumber}: patient owes ${dollars(summary.account.youOweCents)}`
          + (summary.account.creditCents > 0 ? ` (credit ${dollars(summary.account.creditCents)})` : '') + `, stage ${summary.account.dunningStage}`];
        for (const c of summary.claims) {
          out.push(`claim ${c.controlNumber} ${c.serviceDate} ${c.payer.name}: charged ${dollars(c.chargeCents)}, your share ${dollars(c.patientResponsibilityCents)}`);
          for (const l of c.lines) out.push(`  ${l.serviceDate} ${l.procedure} ${dollars(l.chargeCents)}`);
          for (const p of c.payers) {
            out.push(`  ${p.payerName ?? 'payer'} paid ${dollars(p.paidCents)}`);
            for (const a of p.adjustments) out.push(`    ${a.code ?? a.kind} ${dollars(a.amountCents)}: ${a.explanation ?? a.kindInWords}`);
          }
        }
        for (const s of summary.statements) out.push(`statement ${s.statementDate} ${s.kind}: ${dollars(s.amountDueCents)} due`);
        for (const p of summary.payments) out.push(`payment ${p.paymentDate} ${p.method}: ${dollars(p.amountCents)}`);
        if (summary.plan) out.push(`plan ${summary.plan.id} ${summary.plan.status}: ${summary.plan.installments.map((i) => `${i.dueDate} ${dollars(i.amountCents)} ${i.status}`).join(', ')}`);
        for (const d of summary.disputes.filter((x) => x.status === 'open')) out.push(`dispute ${d.id} open since ${d.openedAt} (task ${d.taskId})`);
        out.push('ways to pay:', ...summary.paymentOptions.map((o) => `  - ${o}`));
        return out.join('\n');
      });
    }));

  accounts
    .command('dispute')
    .description('open a dispute: a patient-inquiry task, and the statement cycle paused for the account')
    .argument('<account>', 'the account number (or #ID)')
    .requiredOption('--reason <text>', 'what the patient disputes (kept as the task note, in the database only)')
    .option('--as <login>', 'the person taking the call (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, account: string, opts: { reason: string; as?: string; json?: boolean }) => {
      const [{ openDispute }, { PATIENT_DESK_ROLES }] = await Promise.all([
        import('../../services/collections/account-dispute.service.js'), import('../../services/collections/patient-account-refs.js'),
      ]);
      const orm = await ctx.db();
      const actor = await deskActor(orm, opts, PATIENT_DESK_ROLES);
      const opened = await refusedOr(() => orm.em.fork().transactional((em) => openDispute(em, actor, accountRefOf(account), opts.reason, {
        clock: { now: () => new Date() }, timezone: ctx.config.timezone,
      })));
      try {
        await ctx.relayNow();
      } catch {
        process.stderr.write('rcm: the dispute is recorded; its task waits in the outbox until the engine relays it (Redis not reachable now)\n');
      }
      output(opts.json, opened, () => `dispute ${opened.dispute.id} open on account ${opened.dispute.accountId}: task ${opened.taskId}; statements pause until it is resolved`);
    }));

  accounts
    .command('resolve-dispute')
    .description("resolve an open dispute (supervisors, directors, admins): the statement cycle resumes")
    .argument('<dispute>', 'the dispute id')
    .option('--as <login>', 'the person deciding (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, disputeId: string, opts: { as?: string; json?: boolean }) => {
      const [{ resolveDispute }, { DISPUTE_RESOLVER_ROLES }] = await Promise.all([
        import('../../services/collections/account-dispute.service.js'), import('../../services/collections/patient-account-refs.js'),
      ]);
      if (!/^[1-9]\d{0,9}$/.test(disputeId)) throw new CliError(`"${disputeId}" is not a dispute id; nothing changed`, 2);
      const orm = await ctx.db();
      const actor = await deskActor(orm, opts, DISPUTE_RESOLVER_ROLES);
      const dispute = await refusedOr(() => orm.em.fork().transactional((em) => resolveDispute(em, actor, Number(disputeId), { clock: { now: () => new Date() }, timezone: ctx.config.timezone })));
      output(opts.json, dispute, () => `dispute ${dispute.id} resolved; statements resume for account ${dispute.accountId}`);
    }));
}
