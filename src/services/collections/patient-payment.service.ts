// A patient's payment recorded (`rcm payments post`, `POST /api/accounts/:id/payments`): in one
// transaction a `patient-payment` ledger entry, the payment row, the account's cached balance
// lowered, and the money spread over the live plan's installments (oldest first; a plan paid in
// full is completed). A retried post (same client key, or same method and reference) is answered
// with the first payment and writes nothing. Bad input is refused before anything is read.
import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestRefused } from '../../errors.js';
import { sqlRunner } from '../../db/sql.js';
import { LedgerRepository } from '../../db/repositories/ledger.repository.js';
import { PatientAccountsRepository, type PatientPaymentRow } from '../../db/repositories/patient-accounts.repository.js';
import { PaymentPlansRepository } from '../../db/repositories/payment-plans.repository.js';
import { todayIn } from '../../domain/clock.js';
import { formatDollars } from '../../domain/money.js';
import {
  applyToInstallments, clientKeyOf, paymentAmountCents, paymentDateOf, paymentIdempotencyKey, paymentMethodOf, paymentReferenceOf, type InstallmentPayment,
} from '../../domain/collections/patient-payment.js';
import { isPlanPaid } from '../../domain/collections/payment-plan-schedule.js';
import { accountOrRefuse, auditAccount, type AccountActor, type AccountRef, type CollectionsOptions } from './patient-account-refs.js';

export interface PatientPaymentRequest {
  account: AccountRef;
  /** Dollars and cents as text ("25.00"): never a float. */
  amount: string;
  date: string;
  method: string;
  reference: string;
  /** The client's own key for this payment; without it, method and reference identify it. */
  idempotencyKey?: string;
}

export interface PostedPatientPayment {
  payment: PatientPaymentRow;
  account: { id: number; accountNumber: string; patientBalanceCents: number };
  /** The live plan the payment went to, if any, with what it added to each installment. */
  plan: { id: number; status: string; installments: InstallmentPayment[] } | null;
  /** True when this payment was already recorded: nothing was written again. */
  repeated: boolean;
}

export async function postPatientPayment(em: EntityManager, actor: AccountActor, request: PatientPaymentRequest, options: CollectionsOptions): Promise<PostedPatientPayment> {
  const today = todayIn(options.clock, options.timezone);
  const cents = paymentAmountCents(request.amount);
  const method = paymentMethodOf(request.method);
  const reference = paymentReferenceOf(request.reference);
  const date = paymentDateOf(request.date, today);
  if (request.idempotencyKey !== undefined) clientKeyOf(request.idempotencyKey);

  const run = sqlRunner(em);
  const account = await accountOrRefuse(run, request.account, true);
  const key = paymentIdempotencyKey(account.id, method, reference, request.idempotencyKey);
  const accounts = new PatientAccountsRepository(run);
  const earlier = await accounts.paymentByKey(key);
  if (earlier) {
    if (earlier.amountCents !== cents || earlier.paymentDate !== date || earlier.method !== method) {
      throw new RequestRefused(409, `account ${account.accountNumber} already has payment ${earlier.id} under this ${request.idempotencyKey !== undefined ? 'key' : 'method and reference'} `
        + `(${formatDollars(earlier.amountCents)} on ${earlier.paymentDate}); a different payment needs its own reference; nothing changed`);
    }
    return { payment: earlier, account: { id: account.id, accountNumber: account.accountNumber, patientBalanceCents: account.patientBalanceCents }, plan: null, repeated: true };
  }

  const at = options.clock.now();
  const plans = new PaymentPlansRepository(run);
  const plan = await plans.lockLivePlan(account.id);
  const spread = plan ? applyToInstallments(plan.installments, cents) : { applied: [], leftCents: cents };
  const toPlan = cents - spread.leftCents;
  const paymentId = await accounts.insertPayment({
    accountId: account.id, amountCents: cents, paymentDate: date, method, reference, idempotencyKey: key,
    planId: plan && toPlan > 0 ? plan.id : null, appliedToPlanCents: toPlan, receivedById: actor.id,
  }, at);
  // Signed as it moves the patient's balance: the account's entries (patient responsibility and
  // transfers in, payments out) add up to what the patient owes.
  await new LedgerRepository(em).addEntries({ source: `patient-payment:${paymentId}`, effectiveDate: date }, [
    { kind: 'patient-payment', amount_cents: -cents, account_id: account.id, idempotency_key: `patient-payment:${key}` },
  ]);
  const balance = await accounts.moveBalance(account.id, -cents);

  let planAnswer: PostedPatientPayment['plan'] = null;
  if (plan) {
    await plans.setInstallments(spread.applied);
    const after = plan.installments.map((i) => ({ ...i, paidCents: spread.applied.find((a) => a.id === i.id)?.paidCents ?? i.paidCents }));
    let status: string = plan.status;
    if (isPlanPaid(after)) {
      status = 'completed';
      await plans.setStatus(plan.id, 'completed', at);
      await accounts.moveDunningStage(account.id, 'plan', 'none');
    }
    planAnswer = { id: plan.id, status, installments: spread.applied };
  }
  await auditAccount(run, actor, 'patient-payment.post', account.id, {
    paymentId, amountCents: cents, method, planId: plan?.id ?? null, appliedToPlanCents: toPlan,
  }, at);
  const payment = (await accounts.paymentById(paymentId))!;
  return { payment, account: { id: account.id, accountNumber: account.accountNumber, patientBalanceCents: balance }, plan: planAnswer, repeated: false };
}
