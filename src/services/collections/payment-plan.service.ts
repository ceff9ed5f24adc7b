// Payment plans: made for what the account owes (`rcm plans create`, `POST /api/accounts/:id/plans`),
// cancelled by a person, and reviewed daily by `collections.plans`. While a plan is current the
// account's dunning stage is 'plan' and the statement cycle waits; a missed installment sets the
// stage back to 'none' (the cycle picks the account up again) and opens a `payment-plan-missed`
// task; a plan paid in full is completed. Each installment is marked missed once, in the
// transaction that opens its task, so a re-run of the same day changes nothing.
import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestRefused } from '../../errors.js';
import { sqlRunner } from '../../db/sql.js';
import { PatientAccountsRepository } from '../../db/repositories/patient-accounts.repository.js';
import { PaymentPlansRepository, type PlanWithInstallments } from '../../db/repositories/payment-plans.repository.js';
import { todayIn } from '../../domain/clock.js';
import { formatDollars } from '../../domain/money.js';
import { paymentAmountCents } from '../../domain/collections/patient-payment.js';
import {
  checkSchedule, evenSchedule, isPlanPaid, missedInstallments, parseInstallmentList, PlanInputError, type PlanInterval, type PlannedInstallment,
} from '../../domain/collections/payment-plan-schedule.js';
import { defaultPatientAccounts, type PatientAccountsConfig } from '../../../config/patient-accounts.js';
import { createFollowUpTask } from '../tasks.service.js';
import { accountOrRefuse, auditAccount, type AccountActor, type AccountRef, type CollectionsOptions } from './patient-account-refs.js';

export interface PlanRequest {
  account: AccountRef;
  /** "DATE:AMOUNT,..." or the installments themselves; or count, every and first. */
  installments?: string | PlannedInstallment[];
  count?: number;
  every?: PlanInterval;
  first?: string;
  /** What the caller believes is owed ("250.00"): refused if the balance is different now. */
  total?: string;
}

export interface PlanOptions extends CollectionsOptions {
  rules?: PatientAccountsConfig;
}

/**
 * A plan for the account's whole balance: the installments must add up to it. A second live plan
 * is refused (409), as is an account that owes nothing.
 */
export async function createPaymentPlan(em: EntityManager, actor: AccountActor, request: PlanRequest, options: PlanOptions): Promise<PlanWithInstallments> {
  const rules = options.rules ?? defaultPatientAccounts;
  const today = todayIn(options.clock, options.timezone);
  const given = typeof request.installments === 'string' ? parseInstallmentList(request.installments) : request.installments;
  if (given === undefined && request.count === undefined) throw new PlanInputError('installments: give the installments, or a count (with every and first)');
  if (given !== undefined && request.count !== undefined) throw new PlanInputError('installments: give the installments or a count, not both');
  const expected = request.total === undefined ? undefined : paymentAmountCents(request.total, 'total');

  const run = sqlRunner(em);
  const account = await accountOrRefuse(run, request.account, true);
  const plans = new PaymentPlansRepository(run);
  const live = await plans.lockLivePlan(account.id);
  if (live) throw new RequestRefused(409, `account ${account.accountNumber} already has plan ${live.id} (${live.status}); cancel it first; nothing changed`);
  const owed = account.patientBalanceCents;
  if (owed <= 0) throw new RequestRefused(422, `account ${account.accountNumber} owes nothing (balance ${formatDollars(owed)}); nothing changed`);
  if (expected !== undefined && expected !== owed) {
    throw new RequestRefused(422, `total ${formatDollars(expected)} is not what account ${account.accountNumber} owes now (${formatDollars(owed)}); a plan covers the whole balance; nothing changed`);
  }
  const installments = given ?? evenSchedule(owed, request.count!, request.first ?? today, request.every ?? 'month');
  checkSchedule(owed, installments, today, { maxInstallments: rules.planMaxInstallments });

  const at = options.clock.now();
  const planId = await plans.insertPlan(account.id, owed, actor.id, installments, at);
  await new PatientAccountsRepository(run).setDunningStage(account.id, 'plan');
  await auditAccount(run, actor, 'payment-plan.create', account.id, { planId, totalCents: owed, installments: installments.length, fromStage: account.dunningStage }, at);
  return (await plans.plan(planId))!;
}

/** Ends a live plan by a person's decision; the account goes back into the cycle. */
export async function cancelPaymentPlan(em: EntityManager, actor: AccountActor, planId: number, options: CollectionsOptions): Promise<PlanWithInstallments> {
  const run = sqlRunner(em);
  const plans = new PaymentPlansRepository(run);
  const found = await plans.plan(planId);
  if (!found) throw new RequestRefused(404, `no payment plan ${planId}; nothing changed`);
  // Account first, then plan, as a payment takes them.
  await new PatientAccountsRepository(run).lock(found.accountId);
  const plan = (await plans.lockPlan(planId))!;
  if (plan.status !== 'current' && plan.status !== 'missed') throw new RequestRefused(409, `plan ${planId} is already ${plan.status}; nothing changed`);
  const at = options.clock.now();
  await plans.setStatus(planId, 'cancelled', at);
  await new PatientAccountsRepository(run).moveDunningStage(plan.accountId, 'plan', 'none');
  await auditAccount(run, actor, 'payment-plan.cancel', plan.accountId, { planId, from: plan.status }, at);
  return (await plans.plan(planId))!;
}

export interface PlanReview {
  asOf: string;
  plansReviewed: number;
  installmentsMissed: number;
  plansMissed: number;
  plansCompleted: number;
  tasksOpened: number;
}

/**
 * The daily run (`collections.plans`) for `asOf`: installments past due plus the grace days and not
 * paid become missed (the plan too, the account back in the cycle, a task per installment); plans
 * paid in full are completed. Each plan is locked and decided from what is read under the lock.
 */
export async function reviewPaymentPlans(em: EntityManager, asOf: string, options: PlanOptions): Promise<PlanReview> {
  const rules = options.rules ?? defaultPatientAccounts;
  const run = sqlRunner(em);
  const plans = new PaymentPlansRepository(run);
  const accounts = new PatientAccountsRepository(run);
  const review: PlanReview = { asOf, plansReviewed: 0, installmentsMissed: 0, plansMissed: 0, plansCompleted: 0, tasksOpened: 0 };
  const at = options.clock.now();
  for (const planId of await plans.planIdsToReview(asOf, rules.planGraceDays)) {
    // Account first, then plan: the order a payment takes them, so the two cannot deadlock.
    const peek = await plans.plan(planId);
    if (!peek) continue;
    await accounts.lock(peek.accountId);
    const plan = await plans.lockPlan(planId);
    if (!plan || (plan.status !== 'current' && plan.status !== 'missed')) continue;
    review.plansReviewed += 1;
    const missed = missedInstallments(plan.installments, asOf, rules.planGraceDays);
    if (missed.length > 0) {
      await plans.markInstallmentsMissed(missed.map((i) => i.id));
      review.installmentsMissed += missed.length;
      if (plan.status === 'current') {
        await plans.setStatus(plan.id, 'missed', at);
        await accounts.moveDunningStage(plan.accountId, 'plan', 'none');
        review.plansMissed += 1;
      }
      for (const installment of missed) {
        const task = await createFollowUpTask(em, {
          type: 'payment-plan-missed', subjectType: 'account', subjectId: plan.accountId,
          reasonCodes: [`PLAN-${plan.id}-${installment.sequence}`], amountAtRiskCents: installment.amountCents - installment.paidCents,
        }, { timezone: options.timezone, clock: options.clock });
        if (task.created) review.tasksOpened += 1;
      }
      await auditAccount(run, { id: null, login: 'system' }, 'payment-plan.missed', plan.accountId, {
        planId: plan.id, installments: missed.map((i) => i.sequence), asOf,
      }, at);
    }
    if (isPlanPaid(plan.installments)) {
      await plans.setStatus(plan.id, 'completed', at);
      await accounts.moveDunningStage(plan.accountId, 'plan', 'none');
      review.plansCompleted += 1;
    }
  }
  return review;
}

/** The account's plans, newest first (its live plan, if any, is the first). */
export async function plansOfAccount(em: EntityManager, ref: AccountRef): Promise<{ accountId: number; accountNumber: string; plans: PlanWithInstallments[] }> {
  const run = sqlRunner(em);
  const account = await accountOrRefuse(run, ref);
  return { accountId: account.id, accountNumber: account.accountNumber, plans: await new PaymentPlansRepository(run).plansOf(account.id) };
}
