// How urgent a task is: one score, the sum of three parts a person can read back
// (src/domain/tasks/priority.ts works it out; the parts are stored with the task):
//   amount         - dollars at risk, in points per tenfold, so $10,000 outranks $100 without
//                    drowning everything else;
//   deadline       - points as the payer's filing or appeal deadline nears (all of them once it is
//                    today or past: the last chance to act);
//   recoverability - how likely working the task brings the money in, by reason code.
// Data and its types only.
import { defaultCarcTable } from './carc-actions.js';

export interface TaskPriorityWeights {
  readonly amount: { readonly pointsPerTenfold: number; readonly maxPoints: number };
  /** Full points at or past the deadline, falling to 0 at `horizonDays` days left. */
  readonly deadline: { readonly maxPoints: number; readonly horizonDays: number };
  /** Recoverability (0..1) times maxPoints. */
  readonly recoverability: { readonly maxPoints: number };
}

export const taskPriorityWeights: TaskPriorityWeights = {
  amount: { pointsPerTenfold: 15, maxPoints: 60 },
  deadline: { maxPoints: 40, horizonDays: 120 },
  recoverability: { maxPoints: 30 },
};

export interface RecoverabilityTable {
  /** 0..1 by reason code as tasks carry it: CARC 'CO-16', scrub edit codes, 'UNDERPAID' ... */
  readonly byReason: Readonly<Record<string, number>>;
  /** When none of a task's reasons is listed. */
  readonly default: number;
}

const carcDenials = Object.fromEntries(
  Object.entries(defaultCarcTable.rules).filter(([, rule]) => rule.action === 'denial').map(([code, rule]) => [code, rule.recoverability]),
);

/**
 * Denial CARCs take their recoverability from config/carc-actions.ts (one table for both); the
 * engine's own reasons are listed here. Claims not yet sent (edits, rejections, conflicts) are
 * fully recoverable once fixed, so their default is high through the listed codes.
 */
export const recoverabilityTable: RecoverabilityTable = {
  byReason: {
    ...carcDenials,
    UNDERPAID: 0.6,
    'NO-MATCHING-CLAIM': 0.7,
    'AMBIGUOUS-CLAIM': 0.8,
    'SAME-TRACE-OTHER-PAYMENT': 0.7,
    X12_WRITE: 0.9,
    UNREADABLE: 0.8,
    // Insurance follow-up (collections.follow-up): a claim filed before its deadline is fully
    // recoverable, so with its deadline near a filing-deadline task lands in the high band; a
    // claim the payer never answered is nearly as good once found.
    'FILING-DEADLINE': 1,
    'NO-RESPONSE': 0.9,
  },
  default: 0.5,
};
