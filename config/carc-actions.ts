// Default meaning of claim adjustment reason codes (CARC) per group, as data. Admins override
// entries from the database; the posting domain receives the merged table as a parameter.
// Descriptions are our own short summaries, not the official code-list text. Data and its types
// only: src/domain/remittance/carc.ts works with these types, an RCM_CONFIG_FILE may override entries.

export type CarcAction = 'contractual' | 'denial' | 'patient-responsibility' | 'other-adjustment';
export const CARC_ACTIONS: readonly CarcAction[] = ['contractual', 'denial', 'patient-responsibility', 'other-adjustment'];

/** CAS01 claim adjustment groups of 005010 (CR was retired). */
export type CarcGroup = 'CO' | 'OA' | 'PI' | 'PR';

export interface CarcRule {
  action: CarcAction;
  /** 0..1: how likely working a denial recovers money; orders denial tasks. 0 for non-denials. */
  recoverability: number;
  /** Short description for people; not the official code-list wording. */
  description: string;
}

export interface CarcTable {
  /** Keyed 'GROUP-REASON', e.g. 'CO-45'. */
  rules: Readonly<Record<string, CarcRule>>;
  /**
   * Used when a group+reason pair has no rule of its own: what the group means in the 835 guide
   * (TR3). CO, a contractual obligation the provider bears, is written off; PR goes to the patient;
   * OA and PI (payer-initiated reductions with no contract behind them) are other adjustments.
   */
  groupDefaults: Readonly<Record<CarcGroup, CarcRule>>;
  /**
   * Used instead of the group default, for a code with no rule of its own, when the service it
   * adjusts (the line, or the claim for claim-level CAS) was paid nothing: the payer refused the
   * service, so the amount is worked rather than written off. Groups not listed keep their default.
   */
  unpaidServiceDefaults: Readonly<Partial<Record<CarcGroup, CarcRule>>>;
}

const contractual = (description: string): CarcRule => ({ action: 'contractual', recoverability: 0, description });
const patient = (description: string): CarcRule => ({ action: 'patient-responsibility', recoverability: 0, description });
const other = (description: string): CarcRule => ({ action: 'other-adjustment', recoverability: 0, description });
const denial = (recoverability: number, description: string): CarcRule => ({ action: 'denial', recoverability, description });

export const defaultCarcTable: CarcTable = Object.freeze({
  rules: Object.freeze({
    // Contractual: the contract says we never collect this; written off, not worked.
    'CO-45': contractual('Charge above the contracted fee schedule'),
    'CO-42': contractual('Charge above the maximum allowable fee'),
    'CO-59': contractual('Reduced under multiple or concurrent procedure rules'),
    'CO-253': contractual('Sequestration reduction of federal payment'),
    'CO-A2': contractual('Contractual adjustment'),
    'CO-24': contractual('Covered by a capitation agreement'),
    'CO-131': contractual('Claim-specific negotiated discount'),
    'CO-94': contractual('Processed in excess of charges'),

    // Denials: worth working; recoverability orders the denial worklist (higher first).
    'CO-16': denial(0.9, 'Claim lacks information or has billing errors: correct and resubmit'),
    'CO-4': denial(0.85, 'Modifier inconsistent with the procedure or missing'),
    'CO-11': denial(0.8, 'Diagnosis inconsistent with the procedure'),
    'CO-109': denial(0.8, 'Not covered by this payer: bill the right payer'),
    'CO-251': denial(0.8, 'Attachment or documentation missing or incomplete'),
    'CO-22': denial(0.7, 'Another payer may be primary (coordination of benefits)'),
    'CO-167': denial(0.55, 'Diagnosis not covered'),
    'CO-50': denial(0.5, 'Not deemed medically necessary'),
    'CO-151': denial(0.5, 'Information does not support this many services'),
    'CO-97': denial(0.45, 'Included in the payment for another service (bundled)'),
    'CO-197': denial(0.4, 'Precertification or authorization absent'),
    'CO-27': denial(0.3, 'Service after coverage ended'),
    'CO-96': denial(0.3, 'Non-covered charge'),
    'CO-204': denial(0.25, "Not covered by the patient's current benefit plan"),
    'CO-29': denial(0.15, 'Timely filing limit expired'),
    'CO-18': denial(0.1, 'Exact duplicate of a claim or service'),
    // Denials an office meets often: listed so that they are worked, not written off under CO's default.
    'CO-5': denial(0.75, 'Procedure or bill type inconsistent with the place of service'),
    'CO-15': denial(0.8, 'Authorization number missing or invalid'),
    'CO-31': denial(0.6, 'Patient not identified as the payer\'s insured'),
    'CO-181': denial(0.75, 'Procedure code not valid on the date of service'),
    'CO-182': denial(0.75, 'Modifier not valid on the date of service'),
    'CO-236': denial(0.6, 'Procedure and modifier combination not compatible'),
    'CO-185': denial(0.5, 'Rendering provider not eligible for this service'),
    'CO-B7': denial(0.4, 'Provider not certified for this service on this date'),
    'CO-26': denial(0.3, 'Service before coverage began'),
    'CO-49': denial(0.3, 'Routine or preventive service not covered'),
    'CO-119': denial(0.2, 'Benefit maximum reached'),

    // Patient responsibility: moved to the patient's balance and the statement cycle.
    'PR-1': patient('Deductible'),
    'PR-2': patient('Coinsurance'),
    'PR-3': patient('Copayment'),

    // Other adjustments: neither write-off by contract nor denial.
    'OA-23': other('Impact of prior payer adjudication (coordination of benefits)'),
  }),
  // A code the table does not list takes its group's meaning, whatever the sign of the amount: a
  // negative amount (the payer adding to the payment, or reversing an earlier adjustment) lowers
  // the same category a positive one raises.
  groupDefaults: Object.freeze({
    CO: contractual('Unlisted contractual-obligation reason: provider write-off'),
    PR: patient('Patient responsibility'),
    OA: other('Other adjustment'),
    PI: other('Payer-initiated reduction'),
  }),
  unpaidServiceDefaults: Object.freeze({
    CO: denial(0.5, 'Unlisted reason on a service paid nothing: review as a denial'),
    PI: denial(0.5, 'Unlisted payer-initiated reason on a service paid nothing: review as a denial'),
  }),
});
