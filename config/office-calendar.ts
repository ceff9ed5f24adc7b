// The office's business hours, counted for task due times (SLA) and escalation. Data and its
// types only; src/domain/calendar/business-hours.ts does the counting. The time zone is the
// engine's TIMEZONE (config.timezone) unless a calendar names its own.

export interface OfficeCalendar {
  /** IANA zone the hours and holidays are in, e.g. 'America/New_York'. */
  readonly timezone: string;
  /** ISO weekday numbers the office works: 1 = Monday ... 7 = Sunday. */
  readonly workingDays: readonly number[];
  /** Local opening and closing time, 'HH:MM' (24-hour clock); close is later than open. */
  readonly opens: string;
  readonly closes: string;
  /** Whole days the office is closed, 'YYYY-MM-DD' in the office's zone. */
  readonly holidays: readonly string[];
}

/** Monday to Friday, 08:00-17:00, closed on the US federal holidays of 2026 and 2027. */
export const defaultOfficeCalendar: Omit<OfficeCalendar, 'timezone'> = {
  workingDays: [1, 2, 3, 4, 5],
  opens: '08:00',
  closes: '17:00',
  holidays: [
    '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12',
    '2026-11-11', '2026-11-26', '2026-12-25',
    '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11',
    '2027-11-11', '2027-11-25', '2027-12-24',
  ],
};
