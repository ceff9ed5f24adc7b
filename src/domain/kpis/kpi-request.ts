// What a KPI read asks for, checked before anything is read: the period (office calendar dates,
// both days included), how the figures are split, and whose figures. Bad input is refused with
// the reason (the API answers 400, the CLI exits 2).
import { BadInputError } from '../../errors.js';
import { addDays, daysBetween, isCalendarDate } from '../calendar-date.js';

export const KPI_BREAKDOWNS = ['office', 'team', 'specialist', 'payer'] as const;
export type KpiBreakdown = (typeof KPI_BREAKDOWNS)[number];

/** A period longer than this is refused: ten years of daily snapshots is already generous. */
export const MAX_PERIOD_DAYS = 3660;
/** With no --from, the period is this many days ending on --to (today when left out). */
export const DEFAULT_PERIOD_DAYS = 30;

export class KpiRequestError extends BadInputError {
  override name = 'KpiRequestError';
}

export interface KpiPeriod {
  readonly from: string;
  readonly to: string;
  /** Calendar days in the period, both ends included. */
  readonly days: number;
}

export function kpiPeriod(input: { from?: string; to?: string }, today: string): KpiPeriod {
  for (const [name, value] of [['from', input.from], ['to', input.to]] as const) {
    if (value !== undefined && !isCalendarDate(value)) throw new KpiRequestError(`--${name} ${JSON.stringify(value)} is not a date in YYYY-MM-DD form`);
  }
  const to = input.to ?? (input.from && input.from > today ? input.from : today);
  const from = input.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw new KpiRequestError(`--from ${from} is after --to ${to}`);
  const days = daysBetween(from, to) + 1;
  if (days > MAX_PERIOD_DAYS) throw new KpiRequestError(`the period ${from}..${to} is ${days} days; at most ${MAX_PERIOD_DAYS}`);
  return { from, to, days };
}

export function kpiBreakdown(by: string | undefined, fallback: KpiBreakdown): KpiBreakdown {
  if (by === undefined) return fallback;
  if (!(KPI_BREAKDOWNS as readonly string[]).includes(by)) throw new KpiRequestError(`--by ${JSON.stringify(by)} is not one of ${KPI_BREAKDOWNS.join(', ')}`);
  return by as KpiBreakdown;
}
