// Figures for supervisors, from counts the database hands over: waiting work by type and priority
// band, and each person's average handle time. Pure.

export interface PriorityBand {
  readonly name: string;
  /** The lowest score in the band. */
  readonly min: number;
}

/** The first band (highest first) whose minimum the score reaches. */
export function priorityBand(score: number, bands: readonly PriorityBand[]): string {
  const band = bands.find((b) => score >= b.min);
  if (!band) throw new RangeError(`priority ${score} is below every band`);
  return band.name;
}

export type WaitingByType = Record<string, Record<string, number> & { total: number }>;

/** Waiting tasks per type and band (every band present, with zeros), from counts per type and score. */
export function waitingByType(counts: ReadonlyArray<{ type: string; priority: number; n: number }>, bands: readonly PriorityBand[]): WaitingByType {
  const byType: WaitingByType = {};
  for (const { type, priority, n } of counts) {
    const row = byType[type] ??= Object.assign(Object.fromEntries(bands.map((b) => [b.name, 0])), { total: 0 });
    row[priorityBand(priority, bands)] += n;
    row.total += n;
  }
  return byType;
}

/** Whole seconds of the mean, or null with nothing to average. */
export function averageSeconds(durationsMs: readonly number[]): number | null {
  if (durationsMs.length === 0) return null;
  return Math.round(durationsMs.reduce((sum, ms) => sum + ms, 0) / durationsMs.length / 1000);
}
