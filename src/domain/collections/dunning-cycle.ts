// The patient statement cycle as a pure decision: given one account's balance, where it stands in
// its cycle and whether a current plan or an open dispute pauses it, what today's pass does. The
// dunning pass (src/services/collections/dunning.service.ts) runs exactly this for every account.
import { addDays, daysBetween } from '../calendar-date.js';
import { CYCLE_STAGES, type CycleStage, type DunningConfig, type DunningStep } from '../../../config/dunning.js';
import { BadInputError } from '../../errors.js';

/** account.dunning_stage: where the cycle stands, or 'plan' while a current payment plan pauses it. */
export type DunningStage = 'none' | 'plan' | CycleStage;

export interface AccountCycleState {
  balanceCents: number;
  /** The cycle's day 0 (the first statement's date), moved later by the days it was paused; null: no cycle. */
  cycleStart: string | null;
  /** The last step this cycle sent; null before the first. */
  lastStage: CycleStage | null;
  /** The first day a pass saw the account paused; null when not paused. */
  pausedSince: string | null;
  planCurrent: boolean;
  disputeOpen: boolean;
  stage: DunningStage;
}

export type CycleColumns = Pick<AccountCycleState, 'cycleStart' | 'lastStage' | 'pausedSince' | 'stage'>;

export interface DunningDecision {
  /** The account's cycle columns after today (equal to the input's when nothing changes). */
  next: CycleColumns;
  /** Cents to write off (the whole balance), or 0. */
  writeOffCents: number;
  /** The step that goes out today, dated today, for the cycle starting `next.cycleStart`. */
  send: DunningStep | null;
  /** Whether any column changed (the pass writes only those accounts). */
  changed: boolean;
}

/** Why a cycle configuration cannot be used: the job fails at once (a retry meets the same config). */
export class DunningConfigError extends BadInputError {
  override name = 'DunningConfigError';
}

/** Refuses a cycle that could not run as written: empty, out of order, unknown stages, thresholds crossed. */
export function checkDunningConfig(config: DunningConfig): void {
  const where = 'config/dunning.ts';
  if (config.steps.length === 0) throw new DunningConfigError(`${where}: steps: the cycle has no steps`);
  if (config.steps[0].day !== 0) throw new DunningConfigError(`${where}: steps[0].day: the first step is due on day 0, not ${config.steps[0].day}`);
  const seen = new Set<string>();
  config.steps.forEach((step, i) => {
    if (!CYCLE_STAGES.includes(step.stage)) throw new DunningConfigError(`${where}: steps[${i}].stage: "${step.stage}" is not one of ${CYCLE_STAGES.join(', ')}`);
    if (seen.has(step.stage)) throw new DunningConfigError(`${where}: steps[${i}].stage: "${step.stage}" appears twice`);
    seen.add(step.stage);
    if (!Number.isInteger(step.day) || (i > 0 && step.day <= config.steps[i - 1].day)) {
      throw new DunningConfigError(`${where}: steps[${i}].day: ${step.day} must be a whole number after the previous step's day`);
    }
    if ((step.kind === 'agency-referral') !== (step.stage === 'agency')) {
      throw new DunningConfigError(`${where}: steps[${i}]: only the "agency" stage is an agency referral`);
    }
    if (step.stage === 'agency' && i !== config.steps.length - 1) throw new DunningConfigError(`${where}: steps[${i}]: the agency referral ends the cycle, so it comes last`);
  });
  if (!(config.smallBalanceWriteOffCents >= 0 && config.smallBalanceWriteOffCents < config.minimumStatementCents)) {
    throw new DunningConfigError(`${where}: smallBalanceWriteOffCents (${config.smallBalanceWriteOffCents}) must be at least 0 and below minimumStatementCents (${config.minimumStatementCents})`);
  }
}

/**
 * The step due for a cycle `ageDays` old whose last step was `lastStage`: the one after it, once
 * its day is reached. Never more than one step a day, and never a step skipped: an account first
 * seen late still gets statement 1 first, then each later step after its interval.
 */
export function stepDue(steps: readonly DunningStep[], ageDays: number, lastStage: CycleStage | null): DunningStep | null {
  const nextIndex = lastStage === null ? 0 : steps.findIndex((s) => s.stage === lastStage) + 1;
  // A last stage the cycle no longer lists (the config changed): nothing more is sent automatically.
  if (lastStage !== null && nextIndex === 0) return null;
  const next = steps[nextIndex];
  return next !== undefined && ageDays >= next.day ? next : null;
}

/** What today's pass does for one account (rules in README, "Collections: the patient statement cycle"). */
export function decideDunning(account: AccountCycleState, asOf: string, config: DunningConfig): DunningDecision {
  const before: CycleColumns = { cycleStart: account.cycleStart, lastStage: account.lastStage, pausedSince: account.pausedSince, stage: account.stage };
  const decided = (next: CycleColumns, writeOffCents = 0, send: DunningStep | null = null): DunningDecision => ({
    next, writeOffCents, send,
    changed: next.cycleStart !== before.cycleStart || next.lastStage !== before.lastStage || next.pausedSince !== before.pausedSince || next.stage !== before.stage,
  });
  const ended: CycleColumns = { cycleStart: null, lastStage: null, pausedSince: null, stage: 'none' };

  // Referred to the agency: out of the cycle until the balance is settled.
  if (account.lastStage === 'agency') return decided(account.balanceCents <= 0 ? ended : { ...before, stage: 'agency' });

  if (account.planCurrent || account.disputeOpen) {
    return decided({ ...before, pausedSince: account.pausedSince ?? asOf, stage: account.planCurrent ? 'plan' : account.lastStage ?? 'none' });
  }
  // Back from a pause: the cycle's clock stood still while it lasted.
  let cycleStart = account.cycleStart;
  if (account.pausedSince !== null && cycleStart !== null) cycleStart = addDays(cycleStart, Math.max(0, daysBetween(account.pausedSince, asOf)));
  const running: CycleColumns = { cycleStart, lastStage: account.lastStage, pausedSince: null, stage: account.lastStage ?? 'none' };

  if (account.balanceCents <= 0) return decided(ended);
  if (account.balanceCents <= config.smallBalanceWriteOffCents) return decided(ended, account.balanceCents);
  if (account.balanceCents < config.minimumStatementCents) return decided(running);

  const start = running.cycleStart ?? asOf;
  const step = stepDue(config.steps, daysBetween(start, asOf), running.lastStage);
  if (step === null) return decided(running);
  return decided({ cycleStart: start, lastStage: step.stage, pausedSince: null, stage: step.stage }, 0, step);
}

/** The statement's unique key: one per account, cycle start and stage, so a second pass adds nothing. */
export function statementKey(accountId: number, cycleStart: string, stage: CycleStage): string {
  return `dunning:account:${accountId}:cycle:${cycleStart}:${stage}`;
}

/** The small-balance write-off's ledger key: one per account and day. */
export function writeOffKey(accountId: number, asOf: string): string {
  return `dunning:account:${accountId}:write-off:${asOf}`;
}
