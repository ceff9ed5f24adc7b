// The scrub jobs' work: run the scrubber over stored draft claims with their payer's rules (the
// config's payer rules, with the payer row's own filing window laid over them). Clean claims
// become ready; others keep their edits and get one claim-edit task listing the edit codes.
// A batch of an import's claims costs a few statements whatever its size; one claim (re-scrubbed
// after a fix) goes the same way. Only drafts are scrubbed, locked: a redelivery changes nothing.
import type { EntityManager } from '@mikro-orm/postgresql';
import { decideScrub, type ScrubDecision } from '../../domain/claims/scrub-decision.js';
import type { ClaimEdit, PayerRulesTable } from '../../domain/claims/scrub/index.js';
import { BadInputError } from '../../errors.js';
import { ClaimsRepository, type StoredClaim } from '../../db/repositories/claims.repository.js';
import { createFollowUpTasks } from '../tasks.service.js';
import { enqueue } from '../../queues/producer.js';
import type { Clock } from '../../domain/clock.js';

export interface ScrubOptions {
  timezone: string;
  /** 'YYYY-MM-DD': today in the office time zone (todayIn(ctx.clock, timezone)). */
  today: string;
  /** The same clock, for the claim-edit tasks' priority and timestamps (the system clock unless given). */
  clock?: Clock;
  payerRules: PayerRulesTable;
}

export interface ScrubOutcome {
  status: 'ready' | 'edits' | 'skipped';
  edits: ClaimEdit[];
}

export interface ScrubBatchOutcome {
  ready: number;
  edits: number;
}

/** The drafts among one import batch's claims, scrubbed together. */
export async function scrubClaimBatch(
  tx: EntityManager, batch: { fileId: number; fromClaimId: number; toClaimId: number }, options: ScrubOptions,
): Promise<ScrubBatchOutcome> {
  const drafts = await new ClaimsRepository(tx).lockDraftClaims(batch);
  const decisions = await applyScrub(tx, drafts, options);
  const ready = decisions.filter((d) => d.status === 'ready').length;
  return { ready, edits: decisions.length - ready };
}

/**
 * One claim, if it is still a draft (a fixed claim back from a person, or a single re-scrub).
 * `submitWhenReady`: a claim a person fixed or replaced goes out with the payer's next submit job,
 * enqueued now in this transaction, rather than waiting for the submit schedule (if there is one).
 */
export async function scrubStoredClaim(tx: EntityManager, claimId: number, options: ScrubOptions, submitWhenReady = false): Promise<ScrubOutcome> {
  const stored = await new ClaimsRepository(tx).lockClaim(claimId);
  if (!stored) throw new BadInputError(`no claim ${claimId}`);
  if (stored.status !== 'draft') return { status: 'skipped', edits: [] };
  const [decision] = await applyScrub(tx, [stored], options);
  if (submitWhenReady && decision.status === 'ready') enqueue(tx, 'claims', 'submit', { payerId: stored.payerDbId });
  return { status: decision.status, edits: decision.edits };
}

async function applyScrub(tx: EntityManager, drafts: readonly StoredClaim[], options: ScrubOptions): Promise<ScrubDecision[]> {
  if (drafts.length === 0) return [];
  const decisions = drafts.map((stored) => decideScrub(stored, { today: options.today, payerRules: options.payerRules }));
  await new ClaimsRepository(tx).applyScrubDecisions(decisions);
  const tasks = decisions.flatMap((d) => (d.task ? [d.task] : []));
  if (tasks.length > 0) await createFollowUpTasks(tx, tasks, { timezone: options.timezone, clock: options.clock });
  return decisions;
}
