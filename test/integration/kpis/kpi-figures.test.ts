// Each KPI on the hand-worked office of kpi-office.ts. The expected figures are worked out in the
// comments from the rows as seeded; the period is 2026-11-02 (Mon) .. 2026-11-13 (Fri): 12 days,
// 9 business days (Wednesday 11-11 is Veterans Day in the office calendar).
import { expect } from 'chai';
import { defaultOfficeCalendar } from '../../../config/office-calendar.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { kpiReport, officeKpis } from '../../../src/services/kpis/kpi-report.service.js';
import { snapshotKpis } from '../../../src/services/kpis/kpi-snapshot.service.js';
import { addDays } from '../../../src/domain/calendar-date.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { useTestEnv } from '../../support/test-env.js';
import { seedKpiOffice } from './kpi-office.js';

const calendar = { ...defaultOfficeCalendar, timezone: 'UTC' };
const now = new Date('2026-11-20T12:00:00Z');
const period = { from: '2026-11-02', to: '2026-11-13' };

describe('KPIs on a hand-worked office', () => {
  const env = useTestEnv();

  it('counts every office figure with its numerator and denominator', async () => {
    await seedKpiOffice(env.orm);
    const office = await officeKpis(env.orm.em.fork(), period, { timezone: 'UTC', clock: fixedClock(now) });
    expect(office.source).to.equal('live');
    expect(office.period).to.deep.equal({ from: '2026-11-02', to: '2026-11-13', days: 12, businessDays: 9 });
    const c = office.claims;
    // Submitted: 11-02 C1, C2; 11-03 C2 (again, after its rejection), C3; 11-05 C4 = 5 over 9 business days.
    expect(c.claimsSubmittedPerDay).to.deep.equal({ value: 0.5556, numerator: 5, denominator: 9 });
    // Clean: C1 and C4 went out with no edit; C2 had edits, C3 was held by the writer for a person. 2 of 4.
    expect(c.cleanClaimRate).to.deep.equal({ value: 0.5, numerator: 2, denominator: 4 });
    // First acknowledgment: C1 accepted, C2 rejected (its later acceptance does not count), C3 accepted; C4 none yet.
    expect(c.firstPassAcceptanceRate).to.deep.equal({ value: 0.6667, numerator: 2, denominator: 3 });
    // First remittances: C1 (R1, paid) and C2 (R1, denied CO-50 for 20000 of 30000 billed).
    expect(c.denialRate.byClaims).to.deep.equal({ value: 0.5, numerator: 1, denominator: 2 });
    expect(c.denialRate.byDollars).to.deep.equal({ value: 0.6667, numerator: 20000, denominator: 30000 });
    expect(c.denialRate.byCarc).to.deep.equal([{ carc: 'CO-50', byClaims: { value: 0.5, numerator: 1, denominator: 2 }, byDollars: { value: 0.6667, numerator: 20000, denominator: 30000 } }]);
    // Posting lag: R1 2 h, R2 4 h, R3 1 h → p50 7200 s, p95 14400 s. Claims posted with no person: 5 of 6 (one unmatched).
    expect(c.postingLagSeconds).to.deep.equal({ count: 3, p50: 7200, p95: 14400, exact: true });
    expect(c.autoPostedRate).to.deep.equal({ value: 0.8333, numerator: 5, denominator: 6 });
    // Payments 8000 + 15000 - 15000 (reversal) + 15000 (repayment) = 23000; charges 43000, contractual 7000 → 23000 / 36000.
    expect(c.netCollectionRate).to.deep.equal({ value: 0.6389, numerator: 23000, denominator: 36000 });
    // A/R at the end of 11-13: C1 and C2 settled (the denial does not lower a balance; the reversal was paid again),
    // C3 5000 (served 2026-07-01: over 90 days), C4 8000. Days in A/R: 13000 x 12 days / 43000 = 3.63.
    expect(c.daysInAr).to.deep.equal({ value: 3.63, numerator: 13000, denominator: 43000, days: 12, asOf: '2026-11-13' });
    expect(c.arOver90Share).to.deep.equal({ value: 0.3846, numerator: 5000, denominator: 13000 });
    const p = office.people;
    // Outcomes: ann 1, bob 3 → 4 over 9 business days; handle times 1800 (ann), 3600 and 1800 (bob; T3 had no lease).
    expect(p.tasksDonePerDay).to.deep.equal({ value: 0.4444, numerator: 4, denominator: 9 });
    expect(p.averageHandleSeconds).to.deep.equal({ value: 2400, numerator: 7200, denominator: 3 });
    // Claims resolved: ann C2 (11-09); bob C2 (11-02), C2 and C3 (11-03) = 4.
    expect(p.claimsResolvedPerDay).to.deep.equal({ value: 0.4444, numerator: 4, denominator: 9 });
    // The denial opened Friday 16:00, resolved Monday 10:00: 1 + 2 business hours = 3 / 9 = 0.33 business days.
    expect(p.denialResolutionBusinessDays).to.deep.equal({ count: 1, p50: 0.33, p90: 0.33, exact: true });
    // Recovered: C2's payments after ann's appeal, the reversal netted: 15000 - 15000 + 15000.
    expect(p.dollarsRecoveredCents).to.equal(15000);
    expect(p.slaMisses).to.equal(1);
    expect(p.escalationsReceived).to.equal(1);
  });

  it('splits by payer, team and specialist', async () => {
    const office = await seedKpiOffice(env.orm);
    const run = sqlRunner(env.orm.em.fork());
    const byPayer = await kpiReport(run, null, { ...period, by: 'payer' }, { calendar, now });
    expect(byPayer.rows.map((r) => r.name)).to.deep.equal(['PAYERA', 'PAYERB']);
    const [a, b] = byPayer.rows;
    expect(a.claims!.cleanClaimRate).to.deep.equal({ value: 0.5, numerator: 1, denominator: 2 });
    expect(b.claims!.cleanClaimRate).to.deep.equal({ value: 0.5, numerator: 1, denominator: 2 });
    expect(b.claims!.denialRate.byClaims).to.deep.equal({ value: null, numerator: 0, denominator: 0 });
    expect(b.claims!.daysInAr.numerator).to.equal(13000);

    const bySpecialist = await kpiReport(run, null, { ...period, by: 'specialist', team: 'sam' }, { calendar, now });
    const figures = Object.fromEntries(bySpecialist.rows.map((r) => [r.name, r.people!]));
    expect(Object.keys(figures)).to.have.members(['sam', 'ann', 'bob']);
    expect(figures.ann.dollarsRecoveredCents).to.equal(15000);
    expect(figures.ann.slaMisses).to.equal(1);
    expect(figures.bob.tasksDonePerDay).to.deep.equal({ value: 0.3333, numerator: 3, denominator: 9 });
    expect(figures.bob.averageHandleSeconds).to.deep.equal({ value: 2700, numerator: 5400, denominator: 2 });
    expect(figures.bob.claimsResolvedPerDay).to.deep.equal({ value: 0.3333, numerator: 3, denominator: 9 });
    expect(figures.sam.escalationsReceived).to.equal(1);

    const byTeam = await kpiReport(run, null, { ...period, by: 'team' }, { calendar, now });
    const teams = Object.fromEntries(byTeam.rows.map((r) => [r.name, r.people!]));
    expect(teams.sam.tasksDonePerDay.numerator).to.equal(4);
    expect(teams.dora.tasksDonePerDay.numerator).to.equal(4); // the director's team is everyone below her
    expect(office.people.other.login).to.equal('cy');
  });

  it('gives null figures with zero denominators for a period with no claims, and refuses bad requests', async () => {
    await seedKpiOffice(env.orm);
    const run = sqlRunner(env.orm.em.fork());
    const empty = await kpiReport(run, null, { from: '2025-01-06', to: '2025-01-10' }, { calendar, now });
    const c = empty.rows[0].claims!;
    expect(c.cleanClaimRate).to.deep.equal({ value: null, numerator: 0, denominator: 0 });
    expect(c.denialRate.byDollars).to.deep.equal({ value: null, numerator: 0, denominator: 0 });
    expect(c.netCollectionRate).to.deep.equal({ value: null, numerator: 0, denominator: 0 });
    expect(c.daysInAr.value).to.equal(null);
    expect(c.postingLagSeconds).to.deep.equal({ count: 0, p50: null, p95: null, exact: true });
    expect(JSON.stringify(empty)).not.to.contain('NaN');

    const refused = async (request: Record<string, string>) => kpiReport(run, null, request, { calendar, now }).then(() => null, (e: Error & { statusCode?: number }) => [e.name, e.statusCode ?? 400, e.message]);
    expect(await refused({ from: '2026-11-13', to: '2026-11-02' })).to.deep.equal(['KpiRequestError', 400, '--from 2026-11-13 is after --to 2026-11-02']);
    expect(await refused({ by: 'week' })).to.deep.equal(['KpiRequestError', 400, '--by "week" is not one of office, team, specialist, payer']);
    expect(await refused({ specialist: 'nobody' })).to.deep.equal(['RequestRefused', 404, 'no specialist nobody']);
    expect(await refused({ team: 'nobody' })).to.deep.equal(['RequestRefused', 404, 'no team led by nobody']);
    expect(await refused({ team: 'ann' })).to.deep.equal(['RequestRefused', 422, 'ann is a specialist and leads no team']);
    expect(await refused({ from: '2026-13-01' })).to.deep.equal(['KpiRequestError', 400, '--from "2026-13-01" is not a date in YYYY-MM-DD form']);
  });

  it('stores daily snapshots once (a repeat changes nothing) and reads a period back from them', async () => {
    await seedKpiOffice(env.orm);
    const run = sqlRunner(env.orm.em.fork());
    for (let day = period.from; day <= period.to; day = addDays(day, 1)) {
      await env.orm.em.fork().transactional((tx) => snapshotKpis(sqlRunner(tx), day, { calendar, now }));
    }
    const again = await env.orm.em.fork().transactional((tx) => snapshotKpis(sqlRunner(tx), '2026-11-04', { calendar, now }));
    expect(again).to.include({ inserted: 0, updated: 0, removed: 0 });
    expect(again.unchanged).to.equal(again.rows).and.to.be.greaterThan(1);
    const before = await run(`select as_of, scope, scope_key, computed_at from kpi_snapshot order by 1, 2, 3`);
    await env.orm.em.fork().transactional((tx) => snapshotKpis(sqlRunner(tx), '2026-11-04', { calendar, now: new Date('2026-11-21T00:00:00Z') }));
    expect(await run(`select as_of, scope, scope_key, computed_at from kpi_snapshot order by 1, 2, 3`)).to.deep.equal(before);

    const live = await kpiReport(run, null, { ...period, source: 'live' }, { calendar, now });
    const stored = await kpiReport(run, null, { ...period, source: 'snapshots' }, { calendar, now });
    expect(stored.source).to.equal('snapshots');
    expect(stored.daysWithoutSnapshot).to.deep.equal([]);
    const [l, s] = [live.rows[0], stored.rows[0]];
    // Counts add across days: every rate is the same. Percentiles come from buckets: "at most" the bucket's bound.
    const { postingLagSeconds: lagLive, ...claimsLive } = l.claims!;
    const { postingLagSeconds: lagStored, ...claimsStored } = s.claims!;
    expect(claimsStored).to.deep.equal(claimsLive);
    expect(lagLive).to.include({ p50: 7200, p95: 14400 });
    expect(lagStored).to.deep.equal({ count: 3, p50: 7200, p95: 14400, exact: false, beyondLastBucket: false });
    expect(s.people!.denialResolutionBusinessDays).to.deep.equal({ count: 1, p50: 0.5, p90: 0.5, exact: false, beyondLastBucket: false });
    const { denialResolutionBusinessDays: _l, ...peopleLive } = l.people!;
    const { denialResolutionBusinessDays: _s, ...peopleStored } = s.people!;
    expect(peopleStored).to.deep.equal(peopleLive);
    // By payer and by person, the snapshots' sums are the live counts too (A/R: the last day's).
    for (const by of ['payer', 'specialist', 'team']) {
      const strip = (report: Awaited<ReturnType<typeof kpiReport>>) => report.rows.map((r) => ({
        name: r.name,
        claims: r.claims && { ...r.claims, postingLagSeconds: null },
        people: r.people && { ...r.people, denialResolutionBusinessDays: null },
      }));
      const [fromRows, fromSnapshots] = await Promise.all([
        kpiReport(run, null, { ...period, by, source: 'live' }, { calendar, now }), kpiReport(run, null, { ...period, by, source: 'snapshots' }, { calendar, now }),
      ]);
      expect(strip(fromSnapshots), by).to.deep.equal(strip(fromRows));
    }
    const gap = await kpiReport(run, null, { from: '2026-11-01', to: '2026-11-13', source: 'snapshots' }, { calendar, now });
    expect(gap.daysWithoutSnapshot).to.deep.equal(['2026-11-01']);
  });
});
