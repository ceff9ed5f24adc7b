// How urgent a task is, as one score that explains itself: the sum of points for dollars at
// risk, for the payer's deadline nearing and for the chance of recovering the money by reason
// code. The weights and the recoverability table are config (config/task-priority.ts); the parts
// are stored with the task so a person can see why it sits where it does. Pure.
import { daysBetween } from '../calendar-date.js';
import type { RecoverabilityTable, TaskPriorityWeights } from '../../../config/task-priority.js';

export interface PriorityParts {
  amount: number;
  deadline: number;
  recoverability: number;
}

export interface PriorityScore {
  score: number;
  parts: PriorityParts;
}

export interface PriorityInput {
  amountAtRiskCents: number;
  /** 'YYYY-MM-DD': the payer's filing or appeal deadline, if there is one. */
  deadline?: string | null;
  reasonCodes: readonly string[];
}

/**
 * The best recoverability among the task's reasons (working the task addresses all of them, so
 * the most promising one is what the work can win); the table's default when none is listed.
 */
export function recoverabilityOf(reasonCodes: readonly string[], table: RecoverabilityTable): number {
  const known = reasonCodes.map((c) => table.byReason[c.trim().toUpperCase()]).filter((r): r is number => r !== undefined);
  const rate = known.length > 0 ? Math.max(...known) : table.default;
  return Math.min(1, Math.max(0, rate));
}

/** Points for the money: `pointsPerTenfold` for each tenfold of dollars (log10(dollars + 1)), capped. */
export function amountPoints(amountAtRiskCents: number, weights: TaskPriorityWeights): number {
  const dollars = Math.max(0, amountAtRiskCents) / 100;
  return Math.round(Math.min(weights.amount.maxPoints, Math.log10(dollars + 1) * weights.amount.pointsPerTenfold));
}

/** Full points when the deadline is today or past, falling linearly to 0 at the horizon; 0 without one. */
export function deadlinePoints(deadline: string | null | undefined, today: string, weights: TaskPriorityWeights): number {
  if (!deadline) return 0;
  const daysLeft = daysBetween(today, deadline);
  const { maxPoints, horizonDays } = weights.deadline;
  if (daysLeft <= 0) return maxPoints;
  return Math.max(0, Math.round(maxPoints * (1 - daysLeft / horizonDays)));
}

export function taskPriority(
  task: PriorityInput, today: string, weights: TaskPriorityWeights, recoverability: RecoverabilityTable,
): PriorityScore {
  const parts: PriorityParts = {
    amount: amountPoints(task.amountAtRiskCents, weights),
    deadline: deadlinePoints(task.deadline, today, weights),
    recoverability: Math.round(recoverabilityOf(task.reasonCodes, recoverability) * weights.recoverability.maxPoints),
  };
  return { score: parts.amount + parts.deadline + parts.recoverability, parts };
}
