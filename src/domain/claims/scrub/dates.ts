// Calendar-date arithmetic on ISO 'YYYY-MM-DD' strings in UTC, so scrub results never depend on
// the server's clock or time zone: "today" always comes from the caller.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a real calendar date, or undefined (e.g. '2025-02-30', '2025-2-3'). */
export function toEpochDay(iso: string | undefined): number | undefined {
  const match = iso === undefined ? null : ISO_DATE.exec(iso);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, does not remap years 0-99
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return Math.round(date.getTime() / MS_PER_DAY);
}

export function isCalendarDate(iso: string | undefined): boolean {
  return toEpochDay(iso) !== undefined;
}

export function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Like toEpochDay, but a bad date is the caller's bug (e.g. ScrubContext.today), so it throws. */
export function requireEpochDay(iso: string, what: string): number {
  const day = toEpochDay(iso);
  if (day === undefined) throw new RangeError(`${what} is not a calendar date in YYYY-MM-DD form: "${iso}"`);
  return day;
}
