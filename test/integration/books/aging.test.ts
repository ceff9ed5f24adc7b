// reconciliation.aging against real Postgres: buckets at their boundaries under both aging bases,
// the payer / patient split (patient payments paying the oldest amounts first), credits beside the
// buckets, buckets that add up to the totals, as-of dating, and a re-run that replaces the day.
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { addDays } from '../../../src/domain/calendar-date.js';
import { ageAmounts, AGING_BUCKETS, bucketTotal } from '../../../src/domain/collections/aging-buckets.js';
import { agingReport, takeAgingSnapshot, type AgingReport } from '../../../src/services/reconciliation/aging.service.js';
import type { AgingBasis } from '../../../config/aging.js';
import { addClaim, addEntries, inventedOffice, postPayment, query, sendBatch } from './books-support.js';

const AS_OF = '2026-12-07';
const AGES = [0, 30, 31, 60, 61, 90, 91, 120, 121];
const ZONE = 'America/New_York';

describe('reconciliation.aging: the aging snapshot', () => {
  const env = useTestEnv();
  const now = new Date('2026-12-07T20:00:00Z');
  const take = (basis: AgingBasis, asOf = AS_OF) => env.orm.em.fork().transactional((tx) => takeAgingSnapshot(tx, { asOf, basis, timezone: ZONE, now }));
  const report = (asOf = AS_OF) => env.orm.em.fork().transactional((tx) => agingReport(tx, { asOf, timezone: ZONE, now }));
  // Sent in the afternoon in New York: the office date is the UTC date.
  const sentOn = (date: string) => `${date}T19:00:00Z`;

  function expectTotalsAddUp(r: AgingReport): void {
    for (const line of [...r.insurance.payers, r.insurance.totals, r.patient, r.totals]) {
      expect(bucketTotal(line.buckets), 'buckets sum to the line total').to.equal(line.totalCents);
    }
    expect(r.totals.totalCents).to.equal(r.insurance.totals.totalCents + r.patient.totalCents);
  }

  it('buckets claims aged by date of service exactly at 0, 30, 31, 60, 61, 90, 91, 120 and 121 days', async () => {
    const office = await inventedOffice(env);
    const payerId = await office.payer('99AAA');
    const g = await office.guarantor();
    const claims = [];
    for (const [i, age] of AGES.entries()) {
      // Each claim's charge names its position (1, 2, 4, ... dollars), so a claim in the wrong bucket shows.
      claims.push(await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: addDays(AS_OF, -age), lineCharges: [100 * 2 ** i] }));
    }
    await sendBatch(env, payerId, claims.map((c) => c.claimId), sentOn(AS_OF));
    await take('service-date');
    const r = await report();
    expect(r).to.include({ asOf: AS_OF, basis: 'service-date', taken: false });
    const expected = ageAmounts(AGES.map((age, i) => ({ ageDays: age, cents: 100 * 2 ** i })));
    expect(r.insurance.payers).to.have.length(1);
    expect(r.insurance.payers[0]).to.deep.include({ payer: '99AAA', claims: 9, buckets: expected, creditCents: 0 });
    expect(expected).to.deep.equal({ '0-30': 100 + 200, '31-60': 400 + 800, '61-90': 1600 + 3200, '91-120': 6400 + 12800, 'over-120': 25600 });
    expect(r.patient).to.deep.include({ accounts: 0, totalCents: 0 });
    expectTotalsAddUp(r);
  });

  it('ages by first bill date when configured: the earliest batch that carried the claim, as an office date', async () => {
    const office = await inventedOffice(env);
    const payerId = await office.payer('99AAA');
    const g = await office.guarantor();
    for (const [i, age] of AGES.entries()) {
      const { claimId } = await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: '2026-01-05', lineCharges: [100 * 2 ** i] });
      await sendBatch(env, payerId, [claimId], sentOn(addDays(AS_OF, -age)));
      await sendBatch(env, payerId, [claimId], sentOn(AS_OF)); // sent again later: the first bill counts
    }
    // 02:00 UTC on the 8th is still the 7th in New York: billed on the as-of day, age 0.
    const late = await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: '2026-01-05', lineCharges: [7] });
    await sendBatch(env, payerId, [late.claimId], '2026-12-08T02:00:00Z');
    // Billed after the as-of day, or never: not in the snapshot.
    const future = await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: '2026-01-05', lineCharges: [99999] });
    await sendBatch(env, payerId, [future.claimId], sentOn('2026-12-08'));
    await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: '2026-01-05', lineCharges: [88888], status: 'ready' });

    await take('first-bill-date');
    const r = await report();
    expect(r.basis).to.equal('first-bill-date');
    const expected = ageAmounts([...AGES.map((age, i) => ({ ageDays: age, cents: 100 * 2 ** i })), { ageDays: 0, cents: 7 }]);
    expect(r.insurance.payers[0]).to.deep.include({ claims: 10, buckets: expected });
    expectTotalsAddUp(r);

    // The same books aged by date of service: everything is over 120 days.
    await take('service-date');
    const byService = await report();
    expect(byService.insurance.payers[0].buckets['over-120']).to.equal(r.insurance.payers[0].totalCents);
  });

  it('splits insurance by payer and patient responsibility, pays the oldest patient amounts first, keeps credits beside the buckets, and dates by as-of', async () => {
    const office = await inventedOffice(env);
    const payerA = await office.payer('99AAA');
    const payerB = await office.payer('99BBB');
    const ann = await office.guarantor();
    const ben = await office.guarantor();
    const old = await addClaim(env, office, { payerId: payerA, patientId: ann.patientId, serviceDate: addDays(AS_OF, -121), lineCharges: [10000] });
    const recent = await addClaim(env, office, { payerId: payerB, patientId: ann.patientId, serviceDate: addDays(AS_OF, -10), lineCharges: [20000] });
    const overpaid = await addClaim(env, office, { payerId: payerB, patientId: ben.patientId, serviceDate: addDays(AS_OF, -45), lineCharges: [5000] });
    const closed = await addClaim(env, office, { payerId: payerA, patientId: ben.patientId, serviceDate: addDays(AS_OF, -45), lineCharges: [7777], status: 'closed' });
    await sendBatch(env, payerA, [old.claimId, closed.claimId], sentOn(addDays(AS_OF, -119)));
    await sendBatch(env, payerB, [recent.claimId, overpaid.claimId], sentOn(addDays(AS_OF, -8)));

    // Old claim: paid 6000, contractual 1000, PR 3000 (open with the payer: 0). Recent: paid 10000, PR 5000 (open: 5000).
    await postPayment(env, { claimId: old.claimId, accountId: ann.accountId, paid: 6000, contractual: 1000, patientResp: 3000, date: addDays(AS_OF, -60) });
    await postPayment(env, { claimId: recent.claimId, accountId: ann.accountId, paid: 10000, contractual: 0, patientResp: 5000, date: addDays(AS_OF, -2) });
    // Ann pays 4000: the 3000 of the old claim, then 1000 of the recent one. Over 120: 0; 0-30: 4000.
    await addEntries(env, [{ kind: 'patient-payment', cents: -4000, accountId: ann.accountId, date: addDays(AS_OF, -1) }]);
    // The payer paid 5600 and the patient owes 200 on 5000 billed: an 800 credit with the payer. Ben owes 200 and paid 500: a 300 credit.
    await postPayment(env, { claimId: overpaid.claimId, accountId: ben.accountId, paid: 5600, contractual: 0, patientResp: 200, date: addDays(AS_OF, -3) });
    await addEntries(env, [{ kind: 'patient-payment', cents: -500, accountId: ben.accountId, date: addDays(AS_OF, -1) }]);
    // Dated after the as-of day: not yet on the books of that day.
    await addEntries(env, [{ kind: 'payment', cents: 1234, claimId: recent.claimId, date: addDays(AS_OF, 1) }]);

    await take('service-date');
    const r = await report();
    // Payer A: the old claim is settled with the payer and the closed one is not counted, so no line.
    expect(r.insurance.payers.map((p) => p.payer)).to.deep.equal(['99BBB']);
    const [b] = r.insurance.payers;
    expect(b).to.deep.include({ payer: '99BBB', claims: 1, creditClaims: 1, creditCents: 800 });
    expect(b.buckets).to.deep.equal({ '0-30': 5000, '31-60': 0, '61-90': 0, '91-120': 0, 'over-120': 0 });
    expect(r.patient).to.deep.include({ accounts: 1, creditAccounts: 1, creditCents: 300, totalCents: 4000 });
    expect(r.patient.buckets).to.deep.equal({ '0-30': 4000, '31-60': 0, '61-90': 0, '91-120': 0, 'over-120': 0 });
    expect(r.totals).to.deep.include({ totalCents: 9000, creditCents: 1100 });
    expectTotalsAddUp(r);

    // Before Ann's payment (as of two days earlier) the old 3000 is still open, then 119 days old.
    await take('service-date', addDays(AS_OF, -2));
    const earlier = await report(addDays(AS_OF, -2));
    expect(earlier.patient.buckets['91-120']).to.equal(3000);
    expect(earlier.patient.buckets['0-30']).to.equal(5000);
  });

  it('replaces the day\'s snapshot on a re-run, and the report takes one when the day has none', async () => {
    const office = await inventedOffice(env);
    const payerId = await office.payer('99AAA');
    const g = await office.guarantor();
    const { claimId } = await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: addDays(AS_OF, -5), lineCharges: [3000] });
    await sendBatch(env, payerId, [claimId], sentOn(addDays(AS_OF, -4)));
    const fresh = await report();
    expect(fresh.taken).to.equal(true);
    expect(fresh.totals.totalCents).to.equal(3000);
    await take('service-date');
    await take('service-date');
    const rows = await query(env, 'select s.as_of, count(r.id)::int as n from aging_snapshot s join aging_snapshot_row r on r.snapshot_id = s.id group by s.as_of');
    expect(rows.map((x) => x.n)).to.deep.equal([1]);
    const again = await report();
    expect(again.taken).to.equal(false);
    expect({ ...again, takenAt: '' }).to.deep.equal({ ...fresh, taken: false, takenAt: '' });
    expect(AGING_BUCKETS).to.have.length(5);
  });
});
