// Durations counted in the office calendar (config/office-calendar.ts): a denial task opened on
// Friday at 16:00 and resolved on Monday at 10:00 took 3 business hours (1 on Friday, 2 on
// Monday), a third of a business day, not 2.75 calendar days. Pure; luxon does the zone arithmetic.
import { DateTime } from 'luxon';
import type { OfficeCalendar } from '../../../config/office-calendar.js';

function at(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

function isWorkingDay(day: DateTime, calendar: OfficeCalendar, holidays: ReadonlySet<string>): boolean {
  return calendar.workingDays.includes(day.weekday) && !holidays.has(day.toISODate()!);
}

/** Hours of the office's working day (opens to closes), e.g. 9 for 08:00-17:00. */
export function businessDayHours(calendar: OfficeCalendar): number {
  const [oh, om] = calendar.opens.split(':').map(Number);
  const [ch, cm] = calendar.closes.split(':').map(Number);
  return (ch * 60 + cm - oh * 60 - om) / 60;
}

/** Business hours between two moments: the overlap with each working day's open hours. 0 when end ≤ start. */
export function businessHoursBetween(start: Date, end: Date, calendar: OfficeCalendar): number {
  if (end.getTime() <= start.getTime()) return 0;
  const holidays = new Set(calendar.holidays);
  const last = DateTime.fromJSDate(end, { zone: calendar.timezone });
  let day = DateTime.fromJSDate(start, { zone: calendar.timezone }).startOf('day');
  let ms = 0;
  while (day <= last) {
    if (isWorkingDay(day, calendar, holidays)) {
      const from = Math.max(at(day, calendar.opens).toMillis(), start.getTime());
      const to = Math.min(at(day, calendar.closes).toMillis(), end.getTime());
      if (to > from) ms += to - from;
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  return ms / 3_600_000;
}

/** Business days between two moments: business hours ÷ the working day's hours, to two decimals. */
export function businessDaysBetween(start: Date, end: Date, calendar: OfficeCalendar): number {
  return Math.round((businessHoursBetween(start, end, calendar) / businessDayHours(calendar)) * 100) / 100;
}

/** The office's working days among the calendar dates from..to (inclusive, 'YYYY-MM-DD'). */
export function workingDaysIn(from: string, to: string, calendar: Omit<OfficeCalendar, 'timezone'>): string[] {
  const holidays = new Set(calendar.holidays);
  const days: string[] = [];
  for (let day = DateTime.fromISO(from, { zone: 'UTC' }); day.toISODate()! <= to; day = day.plus({ days: 1 })) {
    if (calendar.workingDays.includes(day.weekday) && !holidays.has(day.toISODate()!)) days.push(day.toISODate()!);
  }
  return days;
}
