// Due times counted in the office's business hours: an 8-hour SLA given at 16:00 on a Friday is
// due at 15:00 on Monday (with 08:00-17:00 hours), and a holiday does not count. Pure; luxon does
// the zone arithmetic, so days when clocks change have the right length. Working hours never
// straddle the small-hours DST change, so elapsed time inside a working day is wall-clock time.
import { DateTime } from 'luxon';
import type { OfficeCalendar } from '../../../config/office-calendar.js';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** More closed days in a row than this means a calendar with no working time at all. */
const MAX_CLOSED_DAYS = 400;

/** Everything wrong with a calendar, in words; empty when it can be counted in. */
export function officeCalendarProblems(calendar: OfficeCalendar): string[] {
  const problems: string[] = [];
  if (!DateTime.local().setZone(calendar.timezone).isValid) problems.push(`time zone ${JSON.stringify(calendar.timezone)} is not an IANA zone`);
  const opens = HH_MM.test(calendar.opens);
  const closes = HH_MM.test(calendar.closes);
  if (!opens) problems.push(`opens ${JSON.stringify(calendar.opens)} is not HH:MM`);
  if (!closes) problems.push(`closes ${JSON.stringify(calendar.closes)} is not HH:MM`);
  if (opens && closes && calendar.closes <= calendar.opens) problems.push(`closes ${calendar.closes} is not after opens ${calendar.opens}`);
  if (calendar.workingDays.length === 0) problems.push('no working days');
  for (const day of calendar.workingDays) if (!Number.isInteger(day) || day < 1 || day > 7) problems.push(`working day ${day} is not 1 (Monday) to 7 (Sunday)`);
  for (const day of calendar.holidays) if (!ISO_DATE.test(day) || !DateTime.fromISO(day).isValid) problems.push(`holiday ${JSON.stringify(day)} is not a YYYY-MM-DD date`);
  return problems;
}

function at(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

function isWorkingDay(day: DateTime, calendar: OfficeCalendar, holidays: ReadonlySet<string>): boolean {
  return calendar.workingDays.includes(day.weekday) && !holidays.has(day.toISODate()!);
}

/**
 * The moment `hours` business hours after `start`. Time outside working hours does not count: a
 * task created on Saturday, or at 20:00, starts counting when the office next opens.
 */
export function addBusinessHours(start: Date, hours: number, calendar: OfficeCalendar): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`business hours must be zero or more, not ${hours}`);
  const problems = officeCalendarProblems(calendar);
  if (problems.length > 0) throw new RangeError(`office calendar: ${problems.join('; ')}`);
  if (hours === 0) return new Date(start);
  const holidays = new Set(calendar.holidays);
  let remainingMs = Math.round(hours * 3_600_000);
  let cursor: DateTime = DateTime.fromJSDate(start, { zone: calendar.timezone });
  let closedDays = 0;
  for (;;) {
    const day = cursor.startOf('day');
    const close = at(day, calendar.closes);
    if (isWorkingDay(day, calendar, holidays) && cursor < close) {
      closedDays = 0;
      const open = at(day, calendar.opens);
      if (cursor < open) cursor = open;
      const availableMs = close.toMillis() - cursor.toMillis();
      if (remainingMs <= availableMs) return new Date(cursor.toMillis() + remainingMs);
      remainingMs -= availableMs;
    } else if (++closedDays > MAX_CLOSED_DAYS) {
      throw new RangeError(`office calendar has no working time in ${MAX_CLOSED_DAYS} days after ${day.toISODate()}`);
    }
    cursor = day.plus({ days: 1 }).startOf('day');
  }
}
