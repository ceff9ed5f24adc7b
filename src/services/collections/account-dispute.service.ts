// A patient disputes their bill: a specialist opens a dispute (`POST /api/accounts/:id/disputes`,
// `rcm accounts dispute`), which in one transaction records it open, opens a `patient-inquiry`
// task and keeps the patient's reason as the task's note (in Postgres only: never in the audit,
// a job or a log). The statement cycle pauses while it is open. It is resolved when its task is
// closed as `answered` or `account-corrected`, or by a supervisor's explicit resolve (after a
// `referred-to-supervisor` outcome, say); the cycle then resumes.
import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestRefused } from '../../errors.js';
import { sqlRunner } from '../../db/sql.js';
import { AccountDisputesRepository, type DisputeRow } from '../../db/repositories/account-disputes.repository.js';
import { TaskOutcomesRepository } from '../../db/repositories/task-outcomes.repository.js';
import { createFollowUpTask } from '../tasks.service.js';
import { accountOrRefuse, auditAccount, type AccountActor, type AccountRef, type CollectionsOptions } from './patient-account-refs.js';

/** Longest reason kept; a longer one is refused rather than cut. */
export const DISPUTE_REASON_MAX_LENGTH = 4000;

/** Outcomes of a patient-inquiry task that settle the dispute it was opened for. */
export const DISPUTE_SETTLING_OUTCOMES: readonly string[] = ['answered', 'account-corrected'];

export interface OpenedDispute {
  dispute: DisputeRow;
  taskId: number;
}

export async function openDispute(em: EntityManager, actor: AccountActor, ref: AccountRef, reason: string, options: CollectionsOptions): Promise<OpenedDispute> {
  const text = reason.trim();
  if (text === '') throw new RequestRefused(422, 'reason: say what the patient disputes; nothing changed');
  if (text.length > DISPUTE_REASON_MAX_LENGTH) throw new RequestRefused(422, `reason: at most ${DISPUTE_REASON_MAX_LENGTH} characters; nothing changed`);
  const run = sqlRunner(em);
  const account = await accountOrRefuse(run, ref, true);
  const disputes = new AccountDisputesRepository(run);
  const open = await disputes.openDisputeOf(account.id);
  if (open) throw new RequestRefused(409, `account ${account.accountNumber} already has dispute ${open.id} open (task ${open.taskId}); add to that task; nothing changed`);
  const at = options.clock.now();
  const disputeId = await disputes.insert(account.id, actor.id, at);
  const task = await createFollowUpTask(em, {
    type: 'patient-inquiry', subjectType: 'account', subjectId: account.id, reasonCodes: [`DISPUTE-${disputeId}`],
    amountAtRiskCents: Math.max(account.patientBalanceCents, 0),
  }, { timezone: options.timezone, clock: options.clock, actor: actor.login });
  await disputes.setTask(disputeId, task.taskId);
  if (actor.id !== null) await new TaskOutcomesRepository(run).addNote(task.taskId, actor.id, text, at);
  await auditAccount(run, actor, 'account.dispute.open', account.id, { disputeId, taskId: task.taskId }, at);
  return { dispute: (await disputes.lock(disputeId))!, taskId: task.taskId };
}

/** Resolves an open dispute by a person's decision (supervisors and above). */
export async function resolveDispute(em: EntityManager, actor: AccountActor, disputeId: number, options: CollectionsOptions): Promise<DisputeRow> {
  const run = sqlRunner(em);
  const disputes = new AccountDisputesRepository(run);
  const dispute = await disputes.lock(disputeId);
  if (!dispute) throw new RequestRefused(404, `no dispute ${disputeId}; nothing changed`);
  if (dispute.status !== 'open') throw new RequestRefused(409, `dispute ${disputeId} is already resolved; nothing changed`);
  const at = options.clock.now();
  await disputes.resolve(disputeId, at);
  await auditAccount(run, actor, 'account.dispute.resolve', dispute.accountId, { disputeId, taskId: dispute.taskId, via: 'resolve' }, at);
  return (await disputes.lock(disputeId))!;
}

/**
 * Called when a task closes with an outcome (record-outcome.service.ts): a patient-inquiry task
 * closed as settled resolves the open dispute it was opened for. Nothing for any other task.
 */
export async function settleDisputeOfTask(em: EntityManager, task: { id: number; type: string }, outcome: string, actor: AccountActor, at: Date): Promise<number | undefined> {
  if (task.type !== 'patient-inquiry' || !DISPUTE_SETTLING_OUTCOMES.includes(outcome)) return undefined;
  const run = sqlRunner(em);
  const disputes = new AccountDisputesRepository(run);
  const dispute = await disputes.lockOpenByTask(task.id);
  if (!dispute) return undefined;
  await disputes.resolve(dispute.id, at);
  await auditAccount(run, actor, 'account.dispute.resolve', dispute.accountId, { disputeId: dispute.id, taskId: task.id, via: 'outcome', outcome }, at);
  return dispute.id;
}
