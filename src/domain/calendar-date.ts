// Calendar dates (a day, no time and no zone) as ISO 'YYYY-MM-DD' strings: validity, leap years,
// X12 CCYYMMDD conversion, comparison and day arithmetic. The one place the engine checks a date.
// Plain integer arithmetic on the proleptic Gregorian calendar, never a Date object: results cannot
// depend on the server's time zone, years 0000-0099 are not remapped to 19xx as Date.UTC does, and
// the 835 reader checks millions of dates per file, where building a Date per date was a hot spot.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ZERO = 48;
const DASH = 45;

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

// The digits of text[from, from + count) as a number, or -1 when one of them is not 0-9.
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i += 1) {
    const d = text.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) return -1; // NaN past the end fails too
    value = value * 10 + d;
  }
  return value;
}

function isRealDay(year: number, month: number, day: number): boolean {
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True for a real calendar date written 'YYYY-MM-DD' ('2024-02-29' yes, '2023-02-29' and '2024-2-3' no). */
export function isCalendarDate(iso: string | null | undefined): iso is string {
  if (typeof iso !== 'string' || iso.length !== 10 || iso.charCodeAt(4) !== DASH || iso.charCodeAt(7) !== DASH) return false;
  return isRealDay(digits(iso, 0, 4), digits(iso, 5, 2), digits(iso, 8, 2));
}

/** X12 CCYYMMDD -> 'YYYY-MM-DD', or undefined when the text is not a real calendar date. */
export function isoFromCcyymmdd(text: string): string | undefined {
  if (text.length !== 8 || !isRealDay(digits(text, 0, 4), digits(text, 4, 2), digits(text, 6, 2))) return undefined;
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

/** 'YYYY-MM-DD' -> X12 CCYYMMDD, or undefined when the text is not a real calendar date. */
export function ccyymmddFromIso(iso: string): string | undefined {
  return isCalendarDate(iso) ? `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}` : undefined;
}

/** Days since 1970-01-01 of a real calendar date, or undefined (e.g. '2025-02-30', '2025-2-3'). */
export function toEpochDay(iso: string | null | undefined): number | undefined {
  if (!isCalendarDate(iso)) return undefined;
  return epochDayOf(digits(iso, 0, 4), digits(iso, 5, 2), digits(iso, 8, 2));
}

/** Like toEpochDay, but a bad date is the caller's bug (e.g. ScrubContext.today), so it throws. */
export function requireEpochDay(iso: string, what: string): number {
  const day = toEpochDay(iso);
  if (day === undefined) throw new RangeError(`${what} is not a calendar date in YYYY-MM-DD form: "${iso}"`);
  return day;
}

/** 'YYYY-MM-DD' of a day counted from 1970-01-01 (negative before). */
export function fromEpochDay(epochDay: number): string {
  if (!Number.isSafeInteger(epochDay)) throw new RangeError(`not a whole number of days: ${epochDay}`);
  // Days -> civil date on 400-year eras (146097 days each), with years starting on 1 March so
  // that the leap day is the last day of a year.
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) throw new RangeError(`day ${epochDay} is outside the years 0000-9999`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date `days` later (earlier when negative); throws RangeError for a date that is not real. */
export function addDays(iso: string, days: number): string {
  return fromEpochDay(requireEpochDay(iso, 'the date') + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier); throws RangeError for a date that is not real. */
export function daysBetween(from: string, to: string): number {
  return requireEpochDay(to, 'the end date') - requireEpochDay(from, 'the start date');
}

/**
 * Orders two calendar dates: negative, 0 or positive, for sort(). Checked first, because only
 * real 'YYYY-MM-DD' dates order correctly as text ('2024-2-3' would sort after '2024-10-01').
 */
export function compareDates(a: string, b: string): number {
  requireEpochDay(a, 'the first date');
  requireEpochDay(b, 'the second date');
  return a < b ? -1 : a > b ? 1 : 0;
}

function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
