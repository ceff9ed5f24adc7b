// `rcm payments post --account NUMBER --amount 25.00 --date YYYY-MM-DD --method card|check|cash|ach
// --reference REF [--key KEY] [--as LOGIN] [--json]`: records a patient's payment as that person,
// with the API's rules (src/services/collections/patient-payment.service.ts). Posting the same
// reference again answers with the first payment and records nothing.
import type { Command } from 'commander';
import { command, output } from '../context.js';
import { accountRefOf, deskActor, dollars, refusedOr } from './patient-account-cli.js';

export function registerPaymentCommands(payments: Command): void {
  payments
    .command('post')
    .description("record a patient's payment to the ledger (lowers the balance, pays plan installments oldest first)")
    .requiredOption('--account <number>', 'the account number (or #ID)')
    .requiredOption('--amount <dollars>', 'the amount, e.g. 25.00 (more than zero)')
    .requiredOption('--date <YYYY-MM-DD>', 'the day it was received (not after today)')
    .requiredOption('--method <method>', 'card, check, cash or ach')
    .requiredOption('--reference <ref>', 'check number, card authorisation or ACH trace: a second post with it is the same payment')
    .option('--key <key>', 'your own idempotency key for this payment, instead of method and reference')
    .option('--as <login>', 'the person recording it (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { account: string; amount: string; date: string; method: string; reference: string; key?: string; as?: string; json?: boolean }) => {
      const [{ postPatientPayment }, { PATIENT_DESK_ROLES }] = await Promise.all([
        import('../../services/collections/patient-payment.service.js'), import('../../services/collections/patient-account-refs.js'),
      ]);
      const orm = await ctx.db();
      const actor = await deskActor(orm, opts, PATIENT_DESK_ROLES);
      const posted = await refusedOr(() => orm.em.fork().transactional((em) => postPatientPayment(em, actor, {
        account: accountRefOf(opts.account), amount: opts.amount, date: opts.date, method: opts.method, reference: opts.reference, idempotencyKey: opts.key,
      }, { clock: { now: () => new Date() }, timezone: ctx.config.timezone })));
      output(opts.json, posted, () => posted.repeated
        ? `payment ${posted.payment.id} was already recorded (${dollars(posted.payment.amountCents)} on ${posted.payment.paymentDate}); nothing recorded again`
        : `payment ${posted.payment.id}: ${dollars(posted.payment.amountCents)} ${posted.payment.method} on account ${posted.account.accountNumber}; balance now ${dollars(posted.account.patientBalanceCents)}`
          + (posted.plan ? `; plan ${posted.plan.id} ${posted.plan.status}, installments paid into: ${posted.plan.installments.map((i) => `#${i.sequence} ${i.status}`).join(', ') || 'none'}` : ''));
    }));
}
