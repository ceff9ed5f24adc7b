// collections.follow-up (daily): insurance claims that need a person before the payer's clock runs
// out. A submitted claim with no 277CA and no 835 after the payer's follow-up days gets a
// claim-status-inquiry task; a claim the payer has not accepted whose filing deadline is within the
// payer's warning window (config payer rules, closeDeadlineWarningDays, as the scrubber's
// TIMELY_FILING_NEAR) gets a filing-deadline task, once; an open denial task without its appeal
// deadline gets it (denial's remittance date + the payer's appeal days). Runs in the transaction it
// is handed; a re-run the same day opens and changes nothing.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PayerRulesTable } from '../../../config/payer-rules.js';
import { recoverabilityTable, taskPriorityWeights } from '../../../config/task-priority.js';
import { InsuranceFollowUpRepository } from '../../db/repositories/insurance-follow-up.repository.js';
import { appealDeadlineOf, followUpTasksDue } from '../../domain/collections/insurance-follow-up.js';
import { resolvePayerRules } from '../../domain/claims/scrub/payer-rules.js';
import type { Clock } from '../../domain/clock.js';
import { todayIn } from '../../domain/clock.js';
import { taskPriority } from '../../domain/tasks/priority.js';
import { createFollowUpTasks } from '../tasks.service.js';

export interface FollowUpResult {
  asOf: string;
  statusInquiries: number;
  filingDeadlines: number;
  /** Open denial tasks that were given their appeal deadline. */
  appealDeadlinesSet: number;
}

export async function followUpInsuranceClaims(
  em: EntityManager, options: { asOf: string; timezone: string; clock: Clock; payerRules: PayerRulesTable },
): Promise<FollowUpResult> {
  const claims = new InsuranceFollowUpRepository(em);
  const warningDaysOf = (payerCode: string) => resolvePayerRules(payerCode, options.payerRules).closeDeadlineWarningDays;
  const widestWindow = Math.max(options.payerRules.default.closeDeadlineWarningDays,
    ...Object.values(options.payerRules.byPayerId).map((r) => r.closeDeadlineWarningDays ?? 0));

  const unanswered = await claims.unanswered(options.asOf, options.timezone);
  const unaccepted = (await claims.unacceptedNearDeadline(options.asOf, widestWindow))
    .map((c) => ({ ...c, warningDays: warningDaysOf(c.payerCode) }));
  const due = followUpTasksDue(options.asOf, unanswered, unaccepted);
  const taskOptions = { timezone: options.timezone, clock: options.clock };
  const statusInquiries = await createFollowUpTasks(em, due.inquiries, taskOptions);
  const filingDeadlines = await createFollowUpTasks(em, due.deadlines, taskOptions);

  // Priority counts days to the deadline from the office's today (as the daily recompute does).
  const today = todayIn(options.clock, options.timezone);
  const deadlines = (await claims.denialsWithoutDeadline()).map((d) => {
    const deadline = appealDeadlineOf(d.deniedOn, d.appealDays);
    const priority = taskPriority({ ...d, deadline }, today, taskPriorityWeights, recoverabilityTable);
    return { taskId: d.taskId, deadline, priority: priority.score, priorityParts: { ...priority.parts } };
  });
  const appealDeadlinesSet = await claims.setDeadlines(deadlines, options.clock.now());
  return { asOf: options.asOf, statusInquiries, filingDeadlines, appealDeadlinesSet };
}
