// How reconciliation.deposits pairs bank deposits with ERAs (src/domain/deposits/deposit-matching.ts)
// and when what is left over becomes a deposit-variance task. Days are calendar days in the
// office's zone. Data only: nothing here imports from src/.

export const depositMatchingRules = {
  /** A deposit and an 835 pair only when their dates are at most this many days apart (either way). */
  matchWindowDays: 5,
  /** A deposit with no ERA this many days after its date opens a task (reason NO-ERA). */
  depositWithoutEraDays: 5,
  /** An EFT ERA with no deposit this many days after its payment date opens a task (reason NO-DEPOSIT). */
  eraWithoutDepositDays: 5,
  /**
   * BPR04 payment methods that move money by EFT (ACH, Fedwire, financial-institution option):
   * only these are missed when no deposit comes. A check (CHK) reaches the bank through a lockbox
   * or a person and may still match by its check number; a non-payment (NON) moves no money.
   */
  eftPaymentMethods: ['ACH', 'FWT', 'BOP'],
} as const;
