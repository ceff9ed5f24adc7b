// The patient statement (dunning) cycle: when each statement, the final notice and the agency
// referral go out, the balances too small to bill or worth writing off, who gets a call, and what a
// statement tells the patient about paying. Data and its types only; src/domain/collections/
// dunning-cycle.ts checks it and decides from it. Invented practice details.

/** The stages a cycle may use; also the values of account.dunning_stage besides 'none' and 'plan'. */
export const CYCLE_STAGES = ['statement-1', 'statement-2', 'statement-3', 'final-notice', 'agency'] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

export type CycleDocumentKind = 'statement' | 'final-notice' | 'agency-referral';

export interface DunningStep {
  readonly stage: CycleStage;
  /** Days from the cycle's start (the first statement's date, pauses left out) when this step is due. */
  readonly day: number;
  readonly kind: CycleDocumentKind;
  /** Opens a `patient-call` task for the account when this step goes out. */
  readonly patientCall: boolean;
}

export interface PaymentInstructions {
  readonly practiceName: string;
  readonly phone: string;
  readonly mailTo: readonly string[];
  readonly website: string;
  readonly officeHours: string;
}

export interface DunningConfig {
  /** In the order they go out; the first is due on day 0. */
  readonly steps: readonly DunningStep[];
  /** A balance below this gets no statement (it waits until more is owed). */
  readonly minimumStatementCents: number;
  /** A balance at or below this is written off (a `write-off` ledger entry) instead of billed. */
  readonly smallBalanceWriteOffCents: number;
  /** The due date printed on a statement: its date plus this many days. */
  readonly paymentDueDays: number;
  /** Folder the agency referral CSV files are written to (relative to the working directory). */
  readonly agencyExportDir: string;
  /** Accounts read, decided and written per transaction by a dunning pass. */
  readonly sliceSize: number;
  readonly payment: PaymentInstructions;
}

export const defaultDunningConfig: DunningConfig = {
  steps: [
    { stage: 'statement-1', day: 0, kind: 'statement', patientCall: false },
    { stage: 'statement-2', day: 30, kind: 'statement', patientCall: false },
    { stage: 'statement-3', day: 60, kind: 'statement', patientCall: false },
    { stage: 'final-notice', day: 90, kind: 'final-notice', patientCall: true },
    { stage: 'agency', day: 120, kind: 'agency-referral', patientCall: false },
  ],
  minimumStatementCents: 1000,
  smallBalanceWriteOffCents: 500,
  paymentDueDays: 25,
  agencyExportDir: 'data/agency',
  sliceSize: 10000,
  payment: {
    practiceName: 'Riverside Family Medicine',
    phone: '(555) 014-2290',
    mailTo: ['Riverside Family Medicine - Billing Office', 'PO Box 4410', 'Springfield, ST 00000-4410'],
    website: 'https://pay.riverside-family.example',
    officeHours: 'Monday to Friday, 8:00 to 5:00',
  },
};
