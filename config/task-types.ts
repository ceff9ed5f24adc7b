// The one vocabulary of work for people: every task the engine opens has one of these types.
// Each type names the skill a person needs to be given it, its SLA in business hours of the
// office calendar (config/office-calendar.ts), and the outcomes a person may record, in the
// billing office's words. Data and its types only: nothing here imports from src/.
//
// TaskType is derived from this table, so opening a task of an unknown type does not compile.

export interface TaskTypeDefinition {
  /** The skill a person needs (see TASK_SKILLS); several types share one skill. */
  readonly skill: TaskSkill;
  /** Business hours from creation until the task is due (then it escalates). */
  readonly slaBusinessHours: number;
  /** What a person may record as done; anything else is refused with this list. */
  readonly outcomes: readonly string[];
  /** One line for people: what the work is. */
  readonly description: string;
}

/**
 * Skills people are given. Grouped by desk rather than one per type, so one "denials" specialist
 * takes denials and appeals of every kind; the names match what tasks already carried.
 */
export const TASK_SKILLS = [
  'claim-edits', 'rejections', 'denials', 'payment-variance', 'posting', 'edi', 'reconciliation', 'patient-accounts', 'follow-up',
  'operations',
] as const;
export type TaskSkill = (typeof TASK_SKILLS)[number];

export const TASK_TYPES = {
  'claim-edit': {
    skill: 'claim-edits', slaBusinessHours: 16,
    outcomes: ['corrected', 'overridden', 'voided'],
    description: 'A claim failed a scrub edit (or could not be written) and waits to be fixed before it is sent.',
  },
  'claim-conflict': {
    skill: 'claim-edits', slaBusinessHours: 16,
    outcomes: ['kept-original', 'replaced-with-new', 'voided', 'no-action-needed'],
    description: 'A practice system sent a claim number again with different content; someone decides which is right.',
  },
  'claim-rejection': {
    skill: 'rejections', slaBusinessHours: 16,
    outcomes: ['corrected-and-resubmitted', 'resubmitted', 'voided', 'no-action-needed'],
    description: 'The clearinghouse or payer rejected the claim (999/277CA); it was never adjudicated.',
  },
  'denial': {
    skill: 'denials', slaBusinessHours: 40,
    outcomes: ['appealed', 'corrected-and-resubmitted', 'written-off', 'transferred-to-patient', 'billed-secondary', 'no-action-needed'],
    description: 'The payer denied all or part of a claim (CARC on the 835).',
  },
  'underpayment': {
    skill: 'payment-variance', slaBusinessHours: 40,
    outcomes: ['appealed', 'reprocessing-requested', 'written-off', 'no-action-needed'],
    description: 'The payer allowed less than the fee schedule says.',
  },
  'unmatched-remittance': {
    skill: 'posting', slaBusinessHours: 8,
    outcomes: ['matched-and-posted', 'refunded-to-payer', 'sent-to-unapplied', 'no-action-needed'],
    description: 'Money on an 835 matches no claim of ours (or more than one).',
  },
  'remittance-conflict': {
    skill: 'posting', slaBusinessHours: 8,
    outcomes: ['kept-posted', 'replaced-posting', 'no-action-needed'],
    description: 'An 835 arrived again with the same trace but a different payment.',
  },
  'quarantined-file': {
    skill: 'edi', slaBusinessHours: 4,
    outcomes: ['fixed-and-reprocessed', 'requested-from-sender', 'discarded'],
    description: 'An EDI file could not be read and was kept aside.',
  },
  'deposit-variance': {
    skill: 'reconciliation', slaBusinessHours: 16,
    outcomes: ['reconciled', 'bank-error-reported', 'payer-contacted', 'written-off'],
    description: 'A bank deposit does not equal the remittances it should carry.',
  },
  'balance-discrepancy': {
    skill: 'reconciliation', slaBusinessHours: 24,
    outcomes: ['adjusted', 'reposted', 'no-action-needed'],
    description: 'An account or claim balance disagrees with its ledger.',
  },
  'patient-call': {
    skill: 'patient-accounts', slaBusinessHours: 8,
    outcomes: ['reached-paid', 'reached-payment-plan', 'reached-disputes', 'left-message', 'no-answer', 'wrong-number'],
    description: 'Call a patient about a balance they owe.',
  },
  'patient-inquiry': {
    skill: 'patient-accounts', slaBusinessHours: 8,
    outcomes: ['answered', 'account-corrected', 'referred-to-supervisor'],
    description: 'A patient asked about their bill.',
  },
  'claim-status-inquiry': {
    skill: 'follow-up', slaBusinessHours: 24,
    outcomes: ['in-process', 'paid', 'denied', 'not-on-file-resubmitted', 'no-action-needed'],
    description: 'A claim has had no answer from the payer for too long; check its status.',
  },
  'filing-deadline': {
    skill: 'follow-up', slaBusinessHours: 8,
    outcomes: ['submitted', 'corrected-and-resubmitted', 'written-off', 'no-action-needed'],
    description: 'A claim nears the payer\'s timely-filing limit without having been accepted.',
  },
  'payment-plan-missed': {
    skill: 'patient-accounts', slaBusinessHours: 16,
    outcomes: ['payment-received', 'plan-renegotiated', 'sent-to-collections', 'no-action-needed'],
    description: 'A patient missed an instalment of their payment plan.',
  },
  'dead-letter': {
    skill: 'operations', slaBusinessHours: 4,
    outcomes: ['retried', 'fixed-and-retried', 'discarded'],
    description: 'A job failed every attempt; its work waits for someone to look.',
  },
} as const satisfies Readonly<Record<string, TaskTypeDefinition>>;

/** The name of a kind of work; a task of any other type does not compile. */
export type TaskType = keyof typeof TASK_TYPES;

export const TASK_TYPE_NAMES = Object.keys(TASK_TYPES) as TaskType[];
