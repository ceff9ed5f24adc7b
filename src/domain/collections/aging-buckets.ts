// Aging buckets: which bucket an open balance of a given age falls in, and bucket sums that add up.
// Pure. The boundaries are inclusive at the top: day 30 is in 0-30, day 31 in 31-60, day 120 in
// 91-120, day 121 in over-120; day 0 (today) is in 0-30. The snapshot's SQL buckets with the same
// lower bounds (AGING_BUCKET_STARTS, Postgres width_bucket), so SQL and this module agree by
// construction, and an integration test checks them at every boundary.

export const AGING_BUCKETS = ['0-30', '31-60', '61-90', '91-120', 'over-120'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** First day of each bucket after the first: an age of at least START[i] is in bucket i + 1. */
export const AGING_BUCKET_STARTS: readonly number[] = [31, 61, 91, 121];

export type BucketAmounts = Record<AgingBucket, number>;

/** The bucket's position (0..4) of an age in days; a negative age (a date after as-of) counts as today. */
export function agingBucketIndex(ageDays: number): number {
  if (!Number.isInteger(ageDays)) throw new RangeError(`age must be a whole number of days: ${ageDays}`);
  let index = 0;
  for (const start of AGING_BUCKET_STARTS) if (ageDays >= start) index += 1;
  return index;
}

export function agingBucketOf(ageDays: number): AgingBucket {
  return AGING_BUCKETS[agingBucketIndex(ageDays)];
}

export function emptyBuckets(): BucketAmounts {
  return { '0-30': 0, '31-60': 0, '61-90': 0, '91-120': 0, 'over-120': 0 };
}

/** Bucket amounts from their positions, as the snapshot rows store them. */
export function bucketsFromArray(amounts: readonly number[]): BucketAmounts {
  if (amounts.length !== AGING_BUCKETS.length) throw new RangeError(`expected ${AGING_BUCKETS.length} bucket amounts, got ${amounts.length}`);
  const buckets = emptyBuckets();
  AGING_BUCKETS.forEach((name, i) => { buckets[name] = amounts[i]; });
  return buckets;
}

export function bucketTotal(buckets: BucketAmounts): number {
  return AGING_BUCKETS.reduce((sum, name) => sum + buckets[name], 0);
}

export function addBuckets(a: BucketAmounts, b: BucketAmounts): BucketAmounts {
  const sum = emptyBuckets();
  for (const name of AGING_BUCKETS) sum[name] = a[name] + b[name];
  return sum;
}

/** Open amounts with their ages, summed into buckets (what the snapshot's SQL does for the whole office). */
export function ageAmounts(items: ReadonlyArray<{ ageDays: number; cents: number }>): BucketAmounts {
  const buckets = emptyBuckets();
  for (const item of items) buckets[agingBucketOf(item.ageDays)] += item.cents;
  return buckets;
}
