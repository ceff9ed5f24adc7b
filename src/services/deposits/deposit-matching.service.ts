// reconciliation.deposits: pairs the unmatched deposits with the remittances no deposit carries
// yet (src/domain/deposits/deposit-matching.ts), records the pairs, and opens a deposit-variance
// task for each amount variance, each deposit with no ERA and each EFT ERA with no deposit after
// the configured days. One pass at a time (an advisory lock); a pair is recorded once and a task
// is opened once per subject and reason, ever, so a second run for the same day changes nothing.
import type { EntityManager } from '@mikro-orm/postgresql';
import { depositMatchingRules } from '../../../config/deposit-matching.js';
import { DepositsRepository } from '../../db/repositories/deposits.repository.js';
import { systemClock, type Clock } from '../../domain/clock.js';
import { matchDeposits, plainDollars, type DepositMatchingRules } from '../../domain/deposits/deposit-matching.js';
import { reasonKey, type FollowUpTaskInput } from '../../domain/tasks/follow-up.js';
import { createFollowUpTasks } from '../tasks.service.js';

export interface DepositMatchingOptions {
  /** The office's day the run is for: the days after which leftovers become tasks count to it. */
  asOf: string;
  timezone: string;
  clock?: Clock;
  rules?: DepositMatchingRules;
}

export interface DepositMatchingResult {
  asOf: string;
  depositsLookedAt: number;
  remittancesLookedAt: number;
  matched: number;
  variances: number;
  tasksOpened: number;
}

/** Reason codes of the three kinds of deposit-variance task (the amounts make the variance's reason readable). */
export const depositVarianceReasons = {
  noEra: ['NO-ERA'],
  noDeposit: ['NO-DEPOSIT'],
  amount: (depositCents: number, eraCents: number) => ['AMOUNT-VARIANCE', `DEPOSIT ${plainDollars(depositCents)}`, `ERA ${plainDollars(eraCents)}`],
};

export async function reconcileDeposits(em: EntityManager, options: DepositMatchingOptions): Promise<DepositMatchingResult> {
  const rules = options.rules ?? depositMatchingRules;
  const clock = options.clock ?? systemClock;
  const deposits = new DepositsRepository(em);
  await deposits.lockMatching();
  const unmatched = await deposits.unmatchedDeposits();
  const open = await deposits.openRemittances(options.timezone);
  const decision = matchDeposits(unmatched, open, options.asOf, rules);
  const matched = await deposits.recordMatches(decision.matches, clock.now());

  const depositTasks: FollowUpTaskInput[] = [
    ...decision.matches.filter((m) => m.status === 'variance').map((m): FollowUpTaskInput => ({
      type: 'deposit-variance', subjectType: 'deposit', subjectId: m.depositId, reasonCodes: depositVarianceReasons.amount(m.depositCents, m.eraCents),
      amountAtRiskCents: Math.abs(m.depositCents - m.eraCents), payerId: m.payerId,
    })),
    ...decision.depositsWithoutEra.map((d): FollowUpTaskInput => ({
      type: 'deposit-variance', subjectType: 'deposit', subjectId: d.id, reasonCodes: depositVarianceReasons.noEra, amountAtRiskCents: d.amountCents,
    })),
  ];
  const remittanceTasks = decision.erasWithoutDeposit.map((r): FollowUpTaskInput => ({
    type: 'deposit-variance', subjectType: 'remittance', subjectId: r.id, reasonCodes: depositVarianceReasons.noDeposit,
    amountAtRiskCents: r.paymentCents, payerId: r.payerId,
  }));
  const fresh = [
    ...await neverOpened(deposits, 'deposit', depositTasks),
    ...await neverOpened(deposits, 'remittance', remittanceTasks),
  ];
  const tasksOpened = await createFollowUpTasks(em, fresh, { timezone: options.timezone, clock });
  return {
    asOf: options.asOf, depositsLookedAt: unmatched.length, remittancesLookedAt: open.length, matched,
    variances: decision.matches.filter((m) => m.status === 'variance').length, tasksOpened,
  };
}

/** The tasks whose subject never had one for the same reason (a closed one counts: not opened twice). */
async function neverOpened(deposits: DepositsRepository, subjectType: 'deposit' | 'remittance', tasks: FollowUpTaskInput[]): Promise<FollowUpTaskInput[]> {
  const had = await deposits.varianceTaskKeys(subjectType, tasks.map((t) => t.subjectId));
  return tasks.filter((t) => !had.has(`${t.subjectId} ${reasonKey(t.reasonCodes)}`));
}
