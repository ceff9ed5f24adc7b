// The work an outcome causes, in the transaction that records it: claim moves and the jobs that
// carry them on (through the outbox), a claim for the next payer, ledger entries for a transfer
// or a write-off. Each refusal here throws, so the caller's transaction rolls back whole.
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { ClaimHistoryRepository } from '../../db/repositories/claim-history.repository.js';
import { LedgerRepository, type LedgerRow } from '../../db/repositories/ledger.repository.js';
import { OutcomeClaimsRepository, type OutcomeClaim } from '../../db/repositories/outcome-claims.repository.js';
import type { LockedTask } from '../../db/repositories/task-outcomes.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { carcParts, nextCoverageRank, OUTCOME_CLAIM_MOVES, type OutcomeFollowUp } from '../../domain/tasks/outcomes.js';
import { producer } from '../../queues/producer.js';
import { TaskRefused } from './outcome-refusals.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface FollowUpContext {
  em: EntityManager;
  task: LockedTask;
  claim: OutcomeClaim;
  /** The office date the ledger entries take effect (YYYY-MM-DD). */
  today: string;
  at: Date;
  /** The login the ledger's audit rows name. */
  actor: string;
}

/** What a follow-up did, for the task event and the answer (ids and amounts only). */
export interface FollowUpResult {
  /** A claim billed to the next payer. */
  newClaimId?: number;
  /** Money the outcome moved, or will move once approved. */
  amountCents?: number;
  /** When an appeal's follow-up looks for the payer's answer. */
  followUpDueAt?: Date;
}

export async function replaceClaim(ctx: FollowUpContext): Promise<FollowUpResult> {
  const claims = new OutcomeClaimsRepository(sqlRunner(ctx.em));
  const payerClaimNumber = (await claims.latestPayerClaimNumber(ctx.claim.id)) ?? ctx.claim.payerClaimNumber;
  if (!payerClaimNumber) {
    throw new TaskRefused(422, `claim ${ctx.claim.controlNumber} has no payer claim number (CLP07 or 277CA REF*1K) on file; a replacement (frequency 7) must name it; nothing changed`);
  }
  await moveClaim(ctx, 'replacement', 'replacement (frequency 7)');
  await claims.markReplacement(ctx.claim.id, payerClaimNumber);
  producer.enqueue(ctx.em, 'claims', 'scrub', { claimId: ctx.claim.id });
  return {};
}

export async function correctClaim(ctx: FollowUpContext): Promise<FollowUpResult> {
  // A draft already waits for its scrub: scrubbing it again is all that is asked.
  if (ctx.claim.status !== 'draft') await moveClaim(ctx, 'correction', 'corrected');
  producer.enqueue(ctx.em, 'claims', 'scrub', { claimId: ctx.claim.id });
  return {};
}

export async function overrideEdits(ctx: FollowUpContext): Promise<FollowUpResult> {
  await moveClaim(ctx, 'override', 'edits overridden');
  producer.enqueue(ctx.em, 'claims', 'submit', { payerId: ctx.claim.payerId });
  return {};
}

export async function resubmitClaim(ctx: FollowUpContext): Promise<FollowUpResult> {
  await moveClaim(ctx, 'resubmission', 'resubmitted');
  producer.enqueue(ctx.em, 'claims', 'submit', { payerId: ctx.claim.payerId });
  return {};
}

/**
 * The appeal's follow-up runs when the payer should have answered (payer.follow_up_days after the
 * appeal). A job waits at most LONGEST_WAIT_MS (the outbox keeps delays as an int); a follow-up
 * further away runs early and waits again (appeal-follow-up.service.ts).
 */
export function followUpAppeal(ctx: FollowUpContext): FollowUpResult {
  const followUpDueAt = new Date(ctx.at.getTime() + ctx.claim.followUpDays * DAY_MS);
  enqueueAppealFollowUp(ctx.em, ctx.task.id, followUpDueAt.getTime() - ctx.at.getTime());
  return { followUpDueAt };
}

/** The longest a follow-up job waits in one go: 20 days, under the outbox's int of milliseconds (24.8 days). */
export const LONGEST_WAIT_MS = 20 * DAY_MS;

export function enqueueAppealFollowUp(em: EntityManager, taskId: number, waitMs: number): void {
  producer.enqueue(em, 'tasks', 'appeal-follow-up', { taskId }, { delayMs: Math.max(0, Math.min(waitMs, LONGEST_WAIT_MS)) });
}

export async function billNextPayer(ctx: FollowUpContext): Promise<FollowUpResult> {
  const claims = new OutcomeClaimsRepository(sqlRunner(ctx.em));
  const cn = ctx.claim.controlNumber;
  const rank = ctx.claim.coverageId === null ? undefined : await claims.coverageRank(ctx.claim.coverageId);
  if (rank === undefined) throw new TaskRefused(422, `claim ${cn} names no coverage, so there is no next payer to bill; nothing changed`);
  const nextRank = nextCoverageRank(rank);
  const next = nextRank && await claims.coverageOfRank(ctx.claim.patientId, nextRank);
  if (!next) {
    throw new TaskRefused(422, `claim ${cn} was billed to the ${rankName(rank)} coverage and the patient has no ${nextRank ? rankName(nextRank) : 'further'} coverage on file; nothing changed`);
  }
  const held = await claims.claimIdOf(cn, ctx.claim.providerId, next.payerId);
  if (held !== undefined) throw new TaskRefused(409, `claim ${cn} is already billed to payer ${next.payerCode} (claim ${held}); nothing changed`);
  const newClaimId = await claims.billToNextPayer(ctx.claim.id, next, { taskId: ctx.task.id });
  producer.enqueue(ctx.em, 'claims', 'scrub', { claimId: newClaimId });
  return { newClaimId };
}

/**
 * The open amount (the task's amount at risk, at most the claim's balance) leaves the claim for
 * the guarantor's account: two `transfer` entries that sum to zero (−X on the claim, +X on the
 * account), keyed by the task so the transfer can happen once.
 */
export async function transferToPatient(ctx: FollowUpContext): Promise<FollowUpResult> {
  const cents = openAmount(ctx);
  const cn = ctx.claim.controlNumber;
  if (cents <= 0) throw new TaskRefused(409, `claim ${cn} has nothing open to transfer (balance ${ctx.claim.balanceCents} cents); nothing changed`);
  if (ctx.claim.accountId === null) throw new TaskRefused(422, `claim ${cn} has no guarantor account to transfer to; nothing changed`);
  const key = `task:${ctx.task.id}:transfer`;
  await new LedgerRepository(ctx.em).addEntries({ source: `task:${ctx.task.id}`, effectiveDate: ctx.today }, [
    { kind: 'transfer', amount_cents: -cents, claim_id: ctx.claim.id, payer_id: ctx.claim.payerId, idempotency_key: `${key}:claim` },
    { kind: 'transfer', amount_cents: cents, account_id: ctx.claim.accountId, idempotency_key: `${key}:account` },
  ]);
  const claims = new OutcomeClaimsRepository(sqlRunner(ctx.em));
  await claims.lowerClaimBalance(ctx.claim.id, cents);
  await claims.raiseGuarantorBalance(ctx.claim.accountId, cents);
  await auditLedger(ctx, 'ledger.transfer', cents);
  return { amountCents: cents };
}

/** What a write-off of this task would write off: its amount at risk, at most the claim's balance. */
export function openAmount(ctx: { task: LockedTask; claim: OutcomeClaim }): number {
  return Math.max(0, Math.min(ctx.task.amountAtRiskCents, ctx.claim.balanceCents));
}

/**
 * A `write-off` entry with the task's first CARC as its group and reason, keyed by the task so it
 * is written once, and the claim's balance lowered by it. Nothing to write off writes nothing.
 */
export async function writeOff(ctx: FollowUpContext, cents: number): Promise<void> {
  if (cents <= 0) return;
  const carc = ctx.task.reasonCodes.map(carcParts).find((c) => c !== undefined);
  const entry: LedgerRow = { kind: 'write-off', amount_cents: cents, claim_id: ctx.claim.id, payer_id: ctx.claim.payerId, idempotency_key: `task:${ctx.task.id}:write-off` };
  if (carc) Object.assign(entry, { group_code: carc.group, reason_code: carc.reason });
  await new LedgerRepository(ctx.em).addEntries({ source: `task:${ctx.task.id}`, effectiveDate: ctx.today }, [entry]);
  await new OutcomeClaimsRepository(sqlRunner(ctx.em)).lowerClaimBalance(ctx.claim.id, cents);
  await auditLedger(ctx, 'ledger.write-off', cents);
}

/** Money an outcome moved, in the office's trail: ids, codes and cents only. */
async function auditLedger(ctx: FollowUpContext, action: string, cents: number): Promise<void> {
  await new AuditRepository(sqlRunner(ctx.em)).record({
    actor: ctx.actor, action, subjectType: 'claim', subjectId: String(ctx.claim.id),
    detail: { taskId: ctx.task.id, amountCents: cents, reasonCodes: ctx.task.reasonCodes },
  }, ctx.at);
}

async function moveClaim(ctx: FollowUpContext, move: keyof typeof OUTCOME_CLAIM_MOVES, reason: string): Promise<void> {
  const { from, to } = OUTCOME_CLAIM_MOVES[move];
  const moved = await new ClaimHistoryRepository(ctx.em).moveEach(OUTCOME_CLAIM_MOVES[move],
    [{ claimId: ctx.claim.id, detail: { taskId: ctx.task.id, reason } }], ctx.at);
  if (moved.length === 0) {
    throw new TaskRefused(409, `claim ${ctx.claim.controlNumber} is ${ctx.claim.status}; ${reason} needs it ${from.join(' or ')} (to become ${to}); nothing changed`);
  }
}

function rankName(rank: string): string {
  return rank === 'P' ? 'primary (P)' : rank === 'S' ? 'secondary (S)' : rank === 'T' ? 'tertiary (T)' : `"${rank}"`;
}

/** Which follow-ups this module carries out directly (write-offs go through approval first). */
export const DIRECT_FOLLOW_UPS: Readonly<Partial<Record<OutcomeFollowUp, (ctx: FollowUpContext) => Promise<FollowUpResult> | FollowUpResult>>> = {
  replacement: replaceClaim,
  correction: correctClaim,
  override: overrideEdits,
  resubmission: resubmitClaim,
  appeal: followUpAppeal,
  secondary: billNextPayer,
  transfer: transferToPatient,
};
