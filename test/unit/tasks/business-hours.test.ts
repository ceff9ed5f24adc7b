import { expect } from 'chai';
import { addBusinessHours, officeCalendarProblems } from '../../../src/domain/calendar/business-hours.js';
import { defaultOfficeCalendar, type OfficeCalendar } from '../../../config/office-calendar.js';

// Monday-Friday 08:00-17:00 in New York, closed on Thanksgiving 2026.
const office: OfficeCalendar = { timezone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], opens: '08:00', closes: '17:00', holidays: ['2026-11-26'] };
const due = (start: string, hours: number, calendar = office) => addBusinessHours(new Date(start), hours, calendar).toISOString();

describe('business hours (office calendar)', () => {
  it('counts within a working day', () => {
    // Tuesday 2026-12-01 10:00 EST (15:00Z) + 3h = 13:00 EST.
    expect(due('2026-12-01T15:00:00Z', 3)).to.equal('2026-12-01T18:00:00.000Z');
    // Exactly to closing time stays on the day.
    expect(due('2026-12-01T15:00:00Z', 7)).to.equal('2026-12-01T22:00:00.000Z');
  });

  it('carries what is left to the next working day, over the weekend', () => {
    // Friday 2026-12-04 16:00 EST + 8h: 1h on Friday, 7h on Monday from 08:00 = Monday 15:00 EST.
    expect(due('2026-12-04T21:00:00Z', 8)).to.equal('2026-12-07T20:00:00.000Z');
  });

  it('starts counting when the office opens for a task created outside working hours', () => {
    // Saturday 2026-12-05 11:00 EST + 2h = Monday 10:00 EST.
    expect(due('2026-12-05T16:00:00Z', 2)).to.equal('2026-12-07T15:00:00.000Z');
    // Tuesday 20:00 EST + 1h = Wednesday 09:00 EST; Tuesday 06:00 EST + 1h = Tuesday 09:00 EST.
    expect(due('2026-12-02T01:00:00Z', 1)).to.equal('2026-12-02T14:00:00.000Z');
    expect(due('2026-12-01T11:00:00Z', 1)).to.equal('2026-12-01T14:00:00.000Z');
  });

  it('skips holidays', () => {
    // Wednesday 2026-11-25 16:00 EST + 4h: 1h Wednesday, Thanksgiving closed, 3h Friday = Friday 11:00 EST.
    expect(due('2026-11-25T21:00:00Z', 4)).to.equal('2026-11-27T16:00:00.000Z');
  });

  it('keeps office hours across the spring-forward weekend', () => {
    // Friday 2026-03-06 15:00 EST (20:00Z) + 4h: 2h Friday, 2h Monday from 08:00 EDT = 10:00 EDT = 14:00Z.
    // Clocks went forward on Sunday March 8; a fixed 24h step would land an hour late.
    expect(due('2026-03-06T20:00:00Z', 4)).to.equal('2026-03-09T14:00:00.000Z');
  });

  it('keeps office hours across the fall-back weekend', () => {
    // Friday 2026-10-30 15:00 EDT (19:00Z) + 4h: 2h Friday, Monday 10:00 EST after November 1 = 15:00Z.
    expect(due('2026-10-30T19:00:00Z', 4)).to.equal('2026-11-02T15:00:00.000Z');
  });

  it('spans several days, and counts zero hours as now', () => {
    // Monday 2026-12-07 08:00 EST + 40h = 4 x 9h + 4h = Friday 12:00 EST.
    expect(due('2026-12-07T13:00:00Z', 40)).to.equal('2026-12-11T17:00:00.000Z');
    expect(due('2026-12-05T16:00:00Z', 0)).to.equal('2026-12-05T16:00:00.000Z');
  });

  it('refuses a calendar it cannot count in, naming what is wrong', () => {
    expect(officeCalendarProblems(office)).to.deep.equal([]);
    expect(officeCalendarProblems({ ...defaultOfficeCalendar, timezone: 'America/Chicago' })).to.deep.equal([]);
    const bad: OfficeCalendar = { timezone: 'Mars/Olympus', workingDays: [0, 3], opens: '17:00', closes: '08:00', holidays: ['2026-02-30'] };
    expect(officeCalendarProblems(bad)).to.deep.equal([
      'time zone "Mars/Olympus" is not an IANA zone', 'closes 08:00 is not after opens 17:00',
      'working day 0 is not 1 (Monday) to 7 (Sunday)', 'holiday "2026-02-30" is not a YYYY-MM-DD date',
    ]);
    expect(() => addBusinessHours(new Date(), 1, bad)).to.throw(RangeError, /Mars\/Olympus/);
    expect(() => addBusinessHours(new Date(), -1, office)).to.throw(RangeError, /zero or more/);
    expect(officeCalendarProblems({ ...office, workingDays: [], opens: '8:00' })).to.deep.equal(['opens "8:00" is not HH:MM', 'no working days']);
  });
});
