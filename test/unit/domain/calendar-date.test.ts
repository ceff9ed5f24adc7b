import { expect } from 'chai';
import fc from 'fast-check';
import {
  addDays, ccyymmddFromIso, compareDates, daysBetween, daysInMonth, fromEpochDay, isCalendarDate, isLeapYear, isoFromCcyymmdd,
  requireEpochDay, toEpochDay,
} from '../../../src/domain/calendar-date.js';

const MS_PER_DAY = 86_400_000;

/** The reference: what a UTC Date says about 'YYYY-MM-DD' (setUTCFullYear, so years 0-99 stay themselves). */
function byDate(iso: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date.getTime() / MS_PER_DAY : undefined;
}

describe('calendar dates', () => {
  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2023, 2024, 2100, 2400].map(isLeapYear)).to.deep.equal([false, true, false, true, false, true]);
    expect([1, 2, 4, 12].map((m) => daysInMonth(2024, m))).to.deep.equal([31, 29, 30, 31]);
    expect(daysInMonth(2023, 2)).to.equal(28);
  });

  it('accepts exactly the real dates a UTC Date accepts, for every month and day of sample years', () => {
    for (const year of ['0000', '0099', '1900', '1999', '2000', '2023', '2024', '2100', '9999']) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const expected = byDate(iso);
          expect(toEpochDay(iso), iso).to.equal(expected);
          expect(isCalendarDate(iso), iso).to.equal(expected !== undefined);
          expect(isoFromCcyymmdd(iso.replaceAll('-', '')), iso).to.equal(expected === undefined ? undefined : iso);
        }
      }
    }
  });

  it('refuses what is not written YYYY-MM-DD or CCYYMMDD', () => {
    for (const bad of ['2024-2-03', '2024-02-3', '20240203', '2024/02/03', ' 2024-02-03', '2024-02-03 ', '+2024-02-03', '２０２４-02-03', '', undefined, null]) {
      expect(isCalendarDate(bad), String(bad)).to.equal(false);
      expect(toEpochDay(bad), String(bad)).to.equal(undefined);
    }
    for (const bad of ['2024010a', '2024 101', ' 20240101', '20240101\n', '２０２４０１０１', '2024-01-01', '2024011', '202401011']) {
      expect(isoFromCcyymmdd(bad), bad).to.equal(undefined);
    }
    expect(ccyymmddFromIso('2024-02-29')).to.equal('20240229');
    expect(ccyymmddFromIso('2023-02-29')).to.equal(undefined);
  });

  it('counts days as a UTC Date does, both ways, across the years 0000-9999', () => {
    fc.assert(fc.property(fc.integer({ min: byDate('0000-01-01')!, max: byDate('9999-12-31')! }), (day) => {
      const iso = fromEpochDay(day);
      expect(byDate(iso), iso).to.equal(day);
      expect(toEpochDay(iso)).to.equal(day);
    }), { numRuns: 5000 });
    expect(fromEpochDay(0)).to.equal('1970-01-01');
    expect(fromEpochDay(-1)).to.equal('1969-12-31');
    expect(fromEpochDay(byDate('0000-03-01')!)).to.equal('0000-03-01');
    expect(() => fromEpochDay(byDate('9999-12-31')! + 1)).to.throw(RangeError);
    expect(() => fromEpochDay(1.5)).to.throw(RangeError);
  });

  it('adds days, counts days between and orders dates, across month, year and leap-day ends', () => {
    expect(addDays('2024-02-28', 1)).to.equal('2024-02-29');
    expect(addDays('2023-02-28', 1)).to.equal('2023-03-01');
    expect(addDays('2024-12-31', 1)).to.equal('2025-01-01');
    expect(addDays('2024-03-01', -1)).to.equal('2024-02-29');
    expect(addDays('2024-01-15', 365)).to.equal('2025-01-14');
    expect(daysBetween('2024-01-01', '2025-01-01')).to.equal(366);
    expect(daysBetween('2025-01-01', '2024-01-01')).to.equal(-366);
    expect(['2024-10-01', '2024-02-03', '2023-12-31'].sort(compareDates)).to.deep.equal(['2023-12-31', '2024-02-03', '2024-10-01']);
    expect(compareDates('2024-02-03', '2024-02-03')).to.equal(0);
  });

  it('treats a date that is not real as the caller\'s bug where one is required', () => {
    expect(requireEpochDay('2024-01-02', 'today')).to.equal(19_724);
    expect(() => requireEpochDay('2024-02-30', 'ScrubContext.today')).to.throw(RangeError, 'ScrubContext.today is not a calendar date');
    expect(() => addDays('2024-13-01', 1)).to.throw(RangeError);
    expect(() => daysBetween('2024-01-01', '2024-1-2')).to.throw(RangeError);
    expect(() => compareDates('2024-2-3', '2024-10-01')).to.throw(RangeError);
  });
});
