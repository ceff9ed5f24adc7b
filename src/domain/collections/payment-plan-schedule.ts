// A payment plan's installment schedule: read from "DATE:AMOUNT,..." or made from a count and an
// interval, checked (dates ascending, amounts positive, adding up to the plan's total), and judged
// on a day (which installments are missed, whether the plan is complete). Pure.
import { BadInputError } from '../../errors.js';
import { addDays, compareDates, daysInMonth, isCalendarDate } from '../calendar-date.js';
import { formatDollars, sumCents } from '../money.js';
import { paymentAmountCents } from './patient-payment.js';

export class PlanInputError extends BadInputError {
  override name = 'PlanInputError';
}

export interface PlannedInstallment {
  dueDate: string;
  amountCents: number;
}

/** "2026-12-15:50.00,2027-01-15:50.00" → installments; each bad item is named by its position. */
export function parseInstallmentList(text: string): PlannedInstallment[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new PlanInputError('installments: none given (e.g. "2026-12-15:50.00,2027-01-15:50.00")');
  return items.map((item, n) => {
    const [dueDate, amount, ...rest] = item.split(':');
    if (amount === undefined || rest.length > 0) throw new PlanInputError(`installments: item ${n + 1} is not DATE:AMOUNT`);
    if (!isCalendarDate(dueDate)) throw new PlanInputError(`installments: item ${n + 1}: "${dueDate}" is not a date (YYYY-MM-DD)`);
    return { dueDate, amountCents: installmentCents(amount, n + 1) };
  });
}

function installmentCents(text: string, position: number): number {
  try {
    return paymentAmountCents(text, `installments: item ${position} amount`);
  } catch (error) {
    throw new PlanInputError((error as Error).message);
  }
}

export type PlanInterval = 'month' | 'week' | 'two-weeks';
export const PLAN_INTERVALS: readonly PlanInterval[] = ['month', 'week', 'two-weeks'];

/**
 * `count` installments from `firstDue`, one per interval, the total split evenly in cents; the
 * cents that do not divide go on the first installments (one each), so the sum is exact.
 */
export function evenSchedule(totalCents: number, count: number, firstDue: string, every: PlanInterval): PlannedInstallment[] {
  if (!Number.isInteger(count) || count < 1) throw new PlanInputError('count: a whole number of installments, at least 1');
  if (!isCalendarDate(firstDue)) throw new PlanInputError(`first: "${firstDue}" is not a date (YYYY-MM-DD)`);
  if (totalCents < count) throw new PlanInputError(`count: ${count} installments cannot share ${formatDollars(totalCents)}`);
  const base = Math.floor(totalCents / count);
  const extra = totalCents - base * count;
  return Array.from({ length: count }, (_, n) => ({ dueDate: nthDueDate(firstDue, n, every), amountCents: base + (n < extra ? 1 : 0) }));
}

/** The n-th due date after the first: same day of month (the month's last day when shorter), or 7/14 days on. */
export function nthDueDate(firstDue: string, n: number, every: PlanInterval): string {
  if (every === 'week') return addDays(firstDue, 7 * n);
  if (every === 'two-weeks') return addDays(firstDue, 14 * n);
  const [y, m, d] = firstDue.split('-').map(Number);
  const months = (m - 1) + n;
  const year = y + Math.floor(months / 12);
  const month = (months % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface PlanRules {
  maxInstallments: number;
}

/**
 * Refuses a schedule that is not a plan for `totalCents`: installments that do not add up to it,
 * dates not ascending (two on one day included), a first date before today, too many installments.
 */
export function checkSchedule(totalCents: number, installments: readonly PlannedInstallment[], today: string, rules: PlanRules): void {
  if (totalCents <= 0) throw new PlanInputError('total: a plan needs an amount owed above zero');
  if (installments.length === 0) throw new PlanInputError('installments: a plan needs at least one installment');
  if (installments.length > rules.maxInstallments) {
    throw new PlanInputError(`installments: ${installments.length} is more than the office allows (${rules.maxInstallments})`);
  }
  installments.forEach((i, n) => {
    if (!Number.isSafeInteger(i.amountCents) || i.amountCents <= 0) throw new PlanInputError(`installments: item ${n + 1}: the amount must be more than zero`);
    if (n === 0 && compareDates(i.dueDate, today) < 0) throw new PlanInputError(`installments: item 1 is due ${i.dueDate}, before today (${today})`);
    if (n > 0 && compareDates(i.dueDate, installments[n - 1].dueDate) <= 0) {
      throw new PlanInputError(`installments: item ${n + 1} (${i.dueDate}) is not after item ${n} (${installments[n - 1].dueDate}); dates must ascend`);
    }
  });
  const sum = sumCents(installments.map((i) => i.amountCents));
  if (sum !== totalCents) {
    throw new PlanInputError(`installments add up to ${formatDollars(sum)}, not the plan's total of ${formatDollars(totalCents)}`);
  }
}

export interface InstallmentState {
  id: number;
  sequence: number;
  dueDate: string;
  amountCents: number;
  paidCents: number;
  status: 'due' | 'paid' | 'missed';
}

/** Installments still due whose due date plus the grace days is before `asOf` and not fully paid. */
export function missedInstallments(installments: readonly InstallmentState[], asOf: string, graceDays: number): InstallmentState[] {
  return installments.filter((i) => i.status === 'due' && i.paidCents < i.amountCents && compareDates(addDays(i.dueDate, graceDays), asOf) < 0);
}

/** Every installment paid in full: the plan is complete. */
export function isPlanPaid(installments: readonly Pick<InstallmentState, 'amountCents' | 'paidCents'>[]): boolean {
  return installments.length > 0 && installments.every((i) => i.paidCents >= i.amountCents);
}
