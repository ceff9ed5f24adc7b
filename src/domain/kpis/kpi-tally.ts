// The counts KPIs are made of, per scope (office, payer, specialist) and day, and how days add up
// to a period. Every count is placed in exactly one day by its own date (docs/kpis.md), so flows
// add across days and a period's figures from daily snapshots equal the figures counted live.
// A/R is a stock, not a flow: a period takes the A/R of its last day. Durations are kept whole
// (live: exact percentiles) or as bucket counts (snapshots: percentiles to a bucket's precision).
import { addHistograms, histogramOf, POSTING_LAG_BOUNDS_SECONDS, RESOLUTION_BOUNDS_BUSINESS_DAYS } from './percentiles.js';

/** Counts that add across days. */
export const FLOW_COUNTS = [
  // claims (office and payer)
  'scrubbed', 'clean', 'submitted', 'chargesCents', 'acknowledged', 'acceptedFirstPass',
  'remitted', 'remittedChargeCents', 'deniedClaims', 'deniedCents', 'paymentsCents', 'contractualCents',
  'erasPosted', 'remitClaimsPosted', 'remitClaimsAuto',
  // people (specialist; the office's are everyone's)
  'tasksDone', 'handleSeconds', 'handled', 'claimsResolved', 'denialsResolved', 'dollarsRecoveredCents', 'slaMisses', 'escalationsReceived',
] as const;
export type FlowCount = (typeof FLOW_COUNTS)[number];

/** Counts as of the end of a day (A/R), taken from a period's last day. */
export const STOCK_COUNTS = ['arCents', 'arOver90Cents'] as const;
export type StockCount = (typeof STOCK_COUNTS)[number];

export type KpiCounts = Partial<Record<FlowCount | StockCount, number>>;

/** A CARC ('CO-50') → [claims, cents] denied with it on first remittances. */
export type CarcCounts = Record<string, [number, number]>;

export interface DurationSamples {
  postingLagSeconds: number[];
  resolutionBusinessDays: number[];
}

/** One scope's facts for one day (or, live, for a whole period), as counted from the rows. */
export interface KpiFacts {
  counts: KpiCounts;
  samples: DurationSamples;
  carcs: CarcCounts;
}

/** What a snapshot row stores: the counts, durations as bucket counts, CARCs. */
export interface KpiSnapshotFigures {
  counts: KpiCounts;
  histograms: { postingLagSeconds: number[]; resolutionBusinessDays: number[] };
  carcs: CarcCounts;
}

export interface KpiTally {
  flows: Record<FlowCount, number>;
  stock: { arCents: number; arOver90Cents: number; asOf: string } | null;
  carcs: CarcCounts;
  durations:
    | { exact: true; postingLagSeconds: number[]; resolutionBusinessDays: number[] }
    | { exact: false; postingLagSeconds: number[]; resolutionBusinessDays: number[] };
}

export function emptyFacts(): KpiFacts {
  return { counts: {}, samples: { postingLagSeconds: [], resolutionBusinessDays: [] }, carcs: {} };
}

export function emptyTally(exact: boolean): KpiTally {
  const flows = Object.fromEntries(FLOW_COUNTS.map((k) => [k, 0])) as Record<FlowCount, number>;
  return { flows, stock: null, carcs: {}, durations: { exact: exact as true, postingLagSeconds: [], resolutionBusinessDays: [] } };
}

function addCarcs(into: CarcCounts, from: CarcCounts): void {
  for (const [carc, [claims, cents]] of Object.entries(from)) {
    const had = into[carc] ?? [0, 0];
    into[carc] = [had[0] + claims, had[1] + cents];
  }
}

function addCounts(tally: KpiTally, counts: KpiCounts, day: string | null): void {
  for (const key of FLOW_COUNTS) tally.flows[key] += counts[key] ?? 0;
  if (day === null || counts.arCents === undefined) return;
  // A later day's A/R replaces an earlier day's; scopes of the same day (payers making the office) add up.
  if (tally.stock === null || tally.stock.asOf < day) {
    tally.stock = { arCents: counts.arCents, arOver90Cents: counts.arOver90Cents ?? 0, asOf: day };
  } else if (tally.stock.asOf === day) {
    tally.stock = { arCents: tally.stock.arCents + counts.arCents, arOver90Cents: tally.stock.arOver90Cents + (counts.arOver90Cents ?? 0), asOf: day };
  }
}

/** Adds counted facts (exact durations) to a live tally. `day` places A/R (the period's end). */
export function addFacts(tally: KpiTally, facts: KpiFacts, day: string | null): void {
  if (!tally.durations.exact) throw new Error('exact facts added to a tally of bucketed durations');
  addCounts(tally, facts.counts, day);
  addCarcs(tally.carcs, facts.carcs);
  tally.durations.postingLagSeconds.push(...facts.samples.postingLagSeconds);
  tally.durations.resolutionBusinessDays.push(...facts.samples.resolutionBusinessDays);
}

/** Adds one day's snapshot to a tally of bucketed durations. */
export function addSnapshot(tally: KpiTally, snapshot: KpiSnapshotFigures, day: string): void {
  if (tally.durations.exact) throw new Error('a snapshot added to a tally of exact durations');
  addCounts(tally, snapshot.counts, day);
  addCarcs(tally.carcs, snapshot.carcs);
  tally.durations.postingLagSeconds = addHistograms(tally.durations.postingLagSeconds, snapshot.histograms.postingLagSeconds);
  tally.durations.resolutionBusinessDays = addHistograms(tally.durations.resolutionBusinessDays, snapshot.histograms.resolutionBusinessDays);
}

/** Adds another scope's facts into these (a team from its people, the office from everyone). */
export function mergeFacts(into: KpiFacts, from: KpiFacts): void {
  for (const [key, value] of Object.entries(from.counts) as Array<[keyof KpiCounts, number]>) into.counts[key] = (into.counts[key] ?? 0) + value;
  addCarcs(into.carcs, from.carcs);
  into.samples.postingLagSeconds.push(...from.samples.postingLagSeconds);
  into.samples.resolutionBusinessDays.push(...from.samples.resolutionBusinessDays);
}

/** A day's facts as a snapshot row keeps them: zero counts left out, durations bucketed. */
export function snapshotFiguresOf(facts: KpiFacts): KpiSnapshotFigures {
  const counts: KpiCounts = {};
  // Zero flows are left out (most people touch few things a day); A/R is kept even at zero.
  for (const [key, value] of Object.entries(facts.counts) as Array<[keyof KpiCounts, number]>) {
    if (value !== 0 || (STOCK_COUNTS as readonly string[]).includes(key)) counts[key] = value;
  }
  return {
    counts,
    histograms: {
      postingLagSeconds: facts.samples.postingLagSeconds.length ? histogramOf(facts.samples.postingLagSeconds, POSTING_LAG_BOUNDS_SECONDS) : [],
      resolutionBusinessDays: facts.samples.resolutionBusinessDays.length ? histogramOf(facts.samples.resolutionBusinessDays, RESOLUTION_BOUNDS_BUSINESS_DAYS) : [],
    },
    carcs: Object.fromEntries(Object.entries(facts.carcs).sort(([a], [b]) => a.localeCompare(b))),
  };
}
