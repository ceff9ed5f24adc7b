// How the aging report ages an open balance. Data and its types only: the buckets themselves are
// fixed (0-30, 31-60, 61-90, 91-120, over 120 days: src/domain/collections/aging-buckets.ts).
//   service-date    - days since the claim's date of service (the earliest of its lines), the
//                     usual practice-management view: how old the care is;
//   first-bill-date - days since the claim was first sent to the payer (its first 837P batch),
//                     the payer-facing view: how long the payer has had it.
// Patient responsibility is aged from the same date of the claim it came from.

export const AGING_BASES = ['service-date', 'first-bill-date'] as const;
export type AgingBasis = (typeof AGING_BASES)[number];

export interface AgingConfig {
  readonly basis: AgingBasis;
}

export const agingConfig: AgingConfig = {
  basis: 'service-date',
};
