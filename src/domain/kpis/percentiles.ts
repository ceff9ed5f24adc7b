// Percentiles of durations, two ways. Exact (nearest rank) when every duration is at hand: a live
// report over a short period. From fixed buckets when days are combined from snapshots: each day
// stores how many durations fell in each bucket, buckets add across days, and a percentile is the
// upper bound of the bucket holding that rank, i.e. "at most this long" to the bucket's precision.

/** Nearest-rank percentile (p in 0..100) of the values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (p <= 0 || p > 100) throw new RangeError(`percentile ${p} is not in (0, 100]`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/**
 * Bucket upper bounds (inclusive), ascending; a last, open bucket takes anything larger.
 * Posting lag in seconds: 1 minute to 30 days. Resolution in business days: a tenth of a day to 60.
 */
export const POSTING_LAG_BOUNDS_SECONDS: readonly number[] = [
  60, 300, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600, 86_400, 2 * 86_400, 3 * 86_400, 5 * 86_400, 7 * 86_400, 14 * 86_400, 30 * 86_400,
];
export const RESOLUTION_BOUNDS_BUSINESS_DAYS: readonly number[] = [
  0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 7, 10, 15, 20, 30, 45, 60,
];

/** How many values fall in each bucket: bounds.length + 1 counts (the last for larger values). */
export function histogramOf(values: readonly number[], bounds: readonly number[]): number[] {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const value of values) {
    const index = bounds.findIndex((bound) => value <= bound);
    counts[index === -1 ? bounds.length : index] += 1;
  }
  return counts;
}

export function addHistograms(a: readonly number[] | undefined, b: readonly number[] | undefined): number[] {
  const length = Math.max(a?.length ?? 0, b?.length ?? 0);
  return Array.from({ length }, (_, i) => (a?.[i] ?? 0) + (b?.[i] ?? 0));
}

/**
 * The nearest-rank percentile read from bucket counts: the upper bound of the bucket that holds the
 * rank; null when empty. A rank in the open last bucket answers Infinity-free: the last bound, and
 * `beyond` says the value is larger than it.
 */
export function histogramPercentile(counts: readonly number[], bounds: readonly number[], p: number): { value: number | null; beyond: boolean } {
  if (p <= 0 || p > 100) throw new RangeError(`percentile ${p} is not in (0, 100]`);
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return { value: null, beyond: false };
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (seen >= rank) return i < bounds.length ? { value: bounds[i], beyond: false } : { value: bounds[bounds.length - 1], beyond: true };
  }
  return { value: bounds[bounds.length - 1], beyond: true };
}
