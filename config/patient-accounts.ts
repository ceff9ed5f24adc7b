// Patient accounts as the office runs them: how long a payment-plan installment may be late before
// it counts as missed, the limits on a plan, and the ways to pay a specialist reads to a patient on
// the phone (the account summary). Data and its types only: nothing here imports from src/.

export interface PaymentOption {
  /** What the specialist tells the patient, in plain words. */
  readonly description: string;
}

export interface PatientAccountsConfig {
  /** Days after an installment's due date before `collections.plans` calls it missed. */
  readonly planGraceDays: number;
  /** At most this many installments in one plan. */
  readonly planMaxInstallments: number;
  /** Ways to pay, in the order they are offered. */
  readonly paymentOptions: readonly PaymentOption[];
}

export const defaultPatientAccounts: PatientAccountsConfig = Object.freeze({
  planGraceDays: 10,
  planMaxInstallments: 36,
  paymentOptions: Object.freeze([
    { description: 'Pay in full by card over the phone or at the front desk.' },
    { description: 'Mail a check with the statement stub; write the account number on the check.' },
    { description: 'Pay by bank transfer (ACH) using the account number as the reference.' },
    { description: 'Ask for a payment plan: equal monthly installments, no interest, while each is paid on time.' },
  ]),
});
