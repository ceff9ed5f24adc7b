// reconciliation.accounts: proves every claim's and guarantor account's stored totals against the
// ledger. A difference is never fixed here: it becomes a balance-discrepancy task (one per claim
// or account while open) with the stored figure and the ledger's on its history and in
// balance_discrepancy. Runs in the transaction it is handed. A re-run for the same day opens and
// records nothing new (the task service's open-task rule; one discrepancy row per subject and day).
import type { EntityManager } from '@mikro-orm/postgresql';
import { BalanceCheckRepository, type DiscrepancyRecord } from '../../db/repositories/balance-check.repository.js';
import {
  accountFinding, balanceDiscrepancyTask, claimFinding, LEDGER_MISMATCH, type BalanceFinding,
} from '../../domain/reconciliation/ledger-balances.js';
import { reasonKey, type FollowUpTaskInput } from '../../domain/tasks/follow-up.js';
import type { Clock } from '../../domain/clock.js';
import { createFollowUpTasks } from '../tasks.service.js';

export interface BalanceCheckResult {
  asOf: string;
  claimsChecked: number;
  accountsChecked: number;
  claimDiscrepancies: number;
  accountDiscrepancies: number;
  /** Tasks opened by this run (a subject with its task still open gets none). */
  tasksOpened: number;
  /** Discrepancies recorded for `asOf` by this run (0 on a re-run of the same day). */
  recorded: number;
}

export async function checkAccountBalances(
  em: EntityManager, options: { asOf: string; timezone: string; clock: Clock },
): Promise<BalanceCheckResult> {
  const books = new BalanceCheckRepository(em);
  const { claims, accounts } = await books.disagreements();
  const found: Array<{ subjectType: 'claim' | 'account'; subjectId: number; finding: BalanceFinding; task: FollowUpTaskInput }> = [];
  for (const row of claims) {
    const finding = claimFinding(row.stored, row.ledger, row.overpostedLines);
    if (finding) found.push({ subjectType: 'claim', subjectId: row.claimId, finding, task: balanceDiscrepancyTask('claim', row.claimId, finding, row.payerId) });
  }
  for (const row of accounts) {
    const finding = accountFinding(row.stored, row.ledger);
    if (finding) found.push({ subjectType: 'account', subjectId: row.accountId, finding, task: balanceDiscrepancyTask('account', row.accountId, finding, null) });
  }
  const tasksOpened = await createFollowUpTasks(em, found.map((f) => f.task), { timezone: options.timezone, clock: options.clock });
  const taskIds = await books.openTaskIds('balance-discrepancy', reasonKey([LEDGER_MISMATCH]), found);
  const records: DiscrepancyRecord[] = found.map((f) => {
    const taskId = taskIds.get(`${f.subjectType}:${f.subjectId}`);
    if (taskId === undefined) throw new Error(`balance-discrepancy task for ${f.subjectType} ${f.subjectId} was neither opened nor found open`);
    return { subjectType: f.subjectType, subjectId: f.subjectId, taskId, figures: f.finding.figures };
  });
  const recorded = await books.record(options.asOf, records, options.clock.now());
  const counts = await books.counts();
  return {
    asOf: options.asOf, claimsChecked: counts.claims, accountsChecked: counts.accounts,
    claimDiscrepancies: found.filter((f) => f.subjectType === 'claim').length,
    accountDiscrepancies: found.filter((f) => f.subjectType === 'account').length,
    tasksOpened, recorded,
  };
}
