// The `tasks.appeal-follow-up {taskId}` job: delayed from the appeal until the payer should have
// answered it (payer.follow_up_days, kept on the appeal's task_outcome row as follow_up_due_at).
// If no remittance for the claim has been posted since the appeal, a claim-status-inquiry task
// asks someone to chase the payer. The appeal's outcome row is locked and marked checked in the
// same transaction, so a redelivered job opens nothing twice. A job that runs before the due time
// (a wait longer than one job's delay, LONGEST_WAIT_MS) enqueues itself again for the rest; should
// a redelivery start a second such chain, the first to arrive checks and the other finds it done.
import type { EntityManager } from '@mikro-orm/postgresql';
import { TaskOutcomesRepository } from '../../db/repositories/task-outcomes.repository.js';
import { sqlRunner } from '../../db/sql.js';
import type { Clock } from '../../domain/clock.js';
import { createFollowUpTask } from '../tasks.service.js';
import { enqueueAppealFollowUp } from './outcome-follow-ups.js';

export type AppealFollowUp = 'opened-inquiry' | 'answered' | 'already-checked' | 'waiting' | 'no-appeal';

/** The reason code of the inquiry an unanswered appeal opens. */
export const APPEAL_NO_ANSWER = 'APPEAL-NO-ANSWER';

export async function followUpAppeal(em: EntityManager, taskId: number, options: { clock: Clock; timezone: string }): Promise<{ result: AppealFollowUp; inquiryTaskId?: number }> {
  const run = sqlRunner(em);
  const tasks = new TaskOutcomesRepository(run);
  const task = await tasks.lockTask(taskId);
  const appeal = task && await tasks.lockLiveOutcome(taskId);
  if (!task || !appeal || appeal.outcome !== 'appealed' || task.subjectType !== 'claim') return { result: 'no-appeal' };
  if (appeal.followUpCheckedAt !== null) return { result: 'already-checked' };
  const now = options.clock.now();
  if (appeal.followUpDueAt !== null && now < appeal.followUpDueAt) {
    enqueueAppealFollowUp(em, taskId, appeal.followUpDueAt.getTime() - now.getTime());
    return { result: 'waiting' };
  }
  if (await tasks.remittancePostedSince(task.subjectId, appeal.recordedAt)) {
    await tasks.markFollowUpChecked(appeal.id, null, now);
    return { result: 'answered' };
  }
  const inquiry = await createFollowUpTask(em, {
    type: 'claim-status-inquiry', subjectType: 'claim', subjectId: task.subjectId, reasonCodes: [APPEAL_NO_ANSWER],
    amountAtRiskCents: task.amountAtRiskCents, deadline: null, payerId: task.payerId,
  }, { timezone: options.timezone, clock: options.clock });
  await tasks.markFollowUpChecked(appeal.id, inquiry.taskId, now);
  return { result: 'opened-inquiry', inquiryTaskId: inquiry.taskId };
}
