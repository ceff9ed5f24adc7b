// A KPI that is a share or a rate carries its numerator and denominator, so a reader can check it.
// A zero denominator gives null (nothing to measure), never NaN or a division by zero.

export interface Ratio {
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
}

/** Significant enough for a rate, short enough to read: 4 decimal places (a share of 0.9735). */
const PLACES = 4;

export function roundTo(value: number, places = PLACES): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator)) throw new RangeError(`ratio of ${numerator} and ${denominator}`);
  return { value: denominator === 0 ? null : roundTo(numerator / denominator), numerator, denominator };
}
