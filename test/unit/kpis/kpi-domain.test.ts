// The pure KPI arithmetic: ratios never NaN, percentiles exact and from buckets, business time
// across a weekend and a holiday, and the period's checks.
import { expect } from 'chai';
import { defaultOfficeCalendar } from '../../../config/office-calendar.js';
import { businessDaysBetween, businessHoursBetween, workingDaysIn } from '../../../src/domain/kpis/business-time.js';
import { kpiBreakdown, kpiPeriod } from '../../../src/domain/kpis/kpi-request.js';
import { histogramOf, histogramPercentile, percentile, RESOLUTION_BOUNDS_BUSINESS_DAYS } from '../../../src/domain/kpis/percentiles.js';
import { ratio } from '../../../src/domain/kpis/ratio.js';
import { addSnapshot, emptyTally, snapshotFiguresOf, emptyFacts } from '../../../src/domain/kpis/kpi-tally.js';

const calendar = { ...defaultOfficeCalendar, timezone: 'America/New_York' };

describe('KPI arithmetic', () => {
  it('gives a ratio with its parts, null (never NaN) over zero', () => {
    expect(ratio(2, 3)).to.deep.equal({ value: 0.6667, numerator: 2, denominator: 3 });
    expect(ratio(0, 0)).to.deep.equal({ value: null, numerator: 0, denominator: 0 });
    expect(ratio(5, 0).value).to.equal(null);
    expect(() => ratio(Number.NaN, 1)).to.throw(RangeError);
  });

  it('ranks percentiles by nearest rank, exactly and from buckets', () => {
    expect(percentile([], 50)).to.equal(null);
    expect(percentile([3600, 14400, 7200], 50)).to.equal(7200);
    expect(percentile([3600, 14400, 7200], 95)).to.equal(14400);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).to.equal(9);
    const counts = histogramOf([0.33, 0.8, 2.5, 70], RESOLUTION_BOUNDS_BUSINESS_DAYS);
    expect(counts.reduce((a, b) => a + b, 0)).to.equal(4);
    expect(histogramPercentile(counts, RESOLUTION_BOUNDS_BUSINESS_DAYS, 50)).to.deep.equal({ value: 1, beyond: false });
    expect(histogramPercentile(counts, RESOLUTION_BOUNDS_BUSINESS_DAYS, 90)).to.deep.equal({ value: 60, beyond: true });
    expect(histogramPercentile([], RESOLUTION_BOUNDS_BUSINESS_DAYS, 50)).to.deep.equal({ value: null, beyond: false });
  });

  it('counts business time in the office calendar: a weekend and a holiday do not count', () => {
    // Friday 2026-11-06 16:00 → Monday 11-09 10:00 New York: 1 h + 2 h.
    const friday = new Date('2026-11-06T21:00:00Z');
    const monday = new Date('2026-11-09T15:00:00Z');
    expect(businessHoursBetween(friday, monday, calendar)).to.equal(3);
    expect(businessDaysBetween(friday, monday, calendar)).to.equal(0.33);
    // Tuesday 11-10 17:00 → Thursday 11-12 08:00: Wednesday 11-11 is Veterans Day: nothing.
    expect(businessHoursBetween(new Date('2026-11-10T22:00:00Z'), new Date('2026-11-12T13:00:00Z'), calendar)).to.equal(0);
    expect(businessHoursBetween(monday, friday, calendar)).to.equal(0);
    expect(workingDaysIn('2026-11-02', '2026-11-13', calendar)).to.have.length(9);
  });

  it('checks the period and the breakdown', () => {
    expect(kpiPeriod({}, '2026-11-30')).to.deep.equal({ from: '2026-11-01', to: '2026-11-30', days: 30 });
    expect(kpiPeriod({ from: '2026-11-02', to: '2026-11-02' }, '2026-11-30').days).to.equal(1);
    expect(() => kpiPeriod({ from: '2026-11-03', to: '2026-11-02' }, '2026-11-30')).to.throw('--from 2026-11-03 is after --to 2026-11-02');
    expect(() => kpiPeriod({ to: '2026-02-30' }, '2026-11-30')).to.throw('--to "2026-02-30" is not a date');
    expect(() => kpiPeriod({ from: '2000-01-01', to: '2026-01-01' }, '2026-11-30')).to.throw('at most 3660');
    expect(kpiBreakdown(undefined, 'team')).to.equal('team');
    expect(() => kpiBreakdown('week', 'office')).to.throw('--by "week" is not one of office, team, specialist, payer');
  });

  it('adds snapshot days: flows sum, A/R is the last day\'s, buckets add', () => {
    const day = (ar: number, scrubbed: number, durations: number[]) => {
      const facts = emptyFacts();
      facts.counts = { scrubbed, clean: scrubbed - 1, arCents: ar };
      facts.samples.resolutionBusinessDays = durations;
      return snapshotFiguresOf(facts);
    };
    const tally = emptyTally(false);
    addSnapshot(tally, day(500, 3, [0.2]), '2026-11-02');
    addSnapshot(tally, day(0, 2, [3, 4]), '2026-11-03');
    expect(tally.flows.scrubbed).to.equal(5);
    expect(tally.flows.clean).to.equal(3);
    expect(tally.stock).to.deep.equal({ arCents: 0, arOver90Cents: 0, asOf: '2026-11-03' });
    expect(histogramPercentile(tally.durations.resolutionBusinessDays, RESOLUTION_BOUNDS_BUSINESS_DAYS, 50)).to.deep.equal({ value: 3, beyond: false });
  });
});
