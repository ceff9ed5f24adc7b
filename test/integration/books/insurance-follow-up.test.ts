// collections.follow-up against real Postgres: status inquiries just before and after the payer's
// follow-up days, accepted claims left alone, filing-deadline tasks inside each payer's warning
// window at high priority, denial tasks given their appeal deadline, and re-runs that open nothing.
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { loadConfig } from '../../../src/config.js';
import { addDays } from '../../../src/domain/calendar-date.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { createFollowUpTask } from '../../../src/services/tasks.service.js';
import { followUpInsuranceClaims } from '../../../src/services/collections/insurance-follow-up.service.js';
import { PRIORITY_BANDS } from '../../../config/task-views.js';
import { addClaim, addEntries, inventedOffice, query, sendBatch } from './books-support.js';

const AS_OF = '2026-12-07';
const ZONE = 'America/New_York';

describe('collections.follow-up: insurance claims chased before the payer\'s clock runs out', () => {
  const env = useTestEnv();
  const clock = fixedClock('2026-12-07T15:00:00Z');
  const payerRules = loadConfig({ ...process.env }).payerRules;
  const run = (asOf = AS_OF) => env.orm.em.fork().transactional((tx) => followUpInsuranceClaims(tx, { asOf, timezone: ZONE, clock, payerRules }));
  const tasksOf = (type: string) => query(env, `select id, subject_id, reason_codes, to_char(deadline, 'YYYY-MM-DD') as deadline, priority, amount_at_risk_cents
    from task where type = ? order by subject_id`, [type]);
  const sentOn = (date: string) => `${date}T19:00:00Z`;

  it('opens a status inquiry the day after the payer\'s follow-up days, not on the last day, never for an accepted claim, and once per contact', async () => {
    const office = await inventedOffice(env);
    const payerId = await office.payer('99AAA', { followUp: 30, timelyFiling: 90 });
    const g = await office.guarantor();
    const claim = (status: string) => addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: addDays(AS_OF, -40), lineCharges: [12500], status });
    const day30 = await claim('submitted');
    const day31 = await claim('submitted');
    const accepted = await claim('accepted');
    await sendBatch(env, payerId, [day30.claimId], sentOn(addDays(AS_OF, -30)));
    await sendBatch(env, payerId, [day31.claimId, accepted.claimId], sentOn(addDays(AS_OF, -31)));

    expect(await run()).to.deep.equal({ asOf: AS_OF, statusInquiries: 1, filingDeadlines: 0, appealDeadlinesSet: 0 });
    const [inquiry] = await tasksOf('claim-status-inquiry');
    expect(inquiry).to.deep.include({ subject_id: day31.claimId, reason_codes: ['NO-RESPONSE'], deadline: addDays(AS_OF, 50) });
    expect(Number(inquiry.amount_at_risk_cents)).to.equal(12500);

    // Again the same day: nothing. The next day the other claim's turn comes.
    expect((await run()).statusInquiries).to.equal(0);
    expect((await run(addDays(AS_OF, 1))).statusInquiries).to.equal(1);
    expect((await tasksOf('claim-status-inquiry')).map((t) => t.subject_id)).to.deep.equal([day30.claimId, day31.claimId]);

    // Worked ("in process" with the payer) and closed today: the clock starts again from today.
    await query(env, `update task set status = 'done', outcome = 'in-process', closed_at = ?::timestamptz where id = ?`, ['2026-12-07T18:00:00Z', inquiry.id]);
    expect((await run(addDays(AS_OF, 2))).statusInquiries).to.equal(0);
    expect((await run(addDays(AS_OF, 30))).statusInquiries).to.equal(0);
    expect((await run(addDays(AS_OF, 31))).statusInquiries).to.equal(1);
  });

  it('warns once of a filing deadline inside the payer\'s window, at high priority, for claims the payer has not accepted', async () => {
    const office = await inventedOffice(env);
    // The default window of config/payer-rules.ts is 14 days; 99MCR's is 30.
    const plain = await office.payer('99BBB', { timelyFiling: 90 });
    const medicare = await office.payer('99MCR', { timelyFiling: 365 });
    const g = await office.guarantor();
    const claim = (payerId: number, daysToDeadline: number, filing: number, status: string) => addClaim(env, office, {
      payerId, patientId: g.patientId, serviceDate: addDays(AS_OF, daysToDeadline - filing), lineCharges: [4000], status,
    });
    const in14 = await claim(plain, 14, 90, 'rejected');
    await claim(plain, 15, 90, 'rejected');                     // outside the window
    const past = await claim(plain, -3, 90, 'edits');            // past: still needs a person
    await claim(plain, 5, 90, 'accepted');                       // the payer has it
    const replaced = await claim(plain, 5, 90, 'draft');         // accepted once, back in draft as a replacement
    await query(env, `insert into claim_event (claim_id, from_status, to_status, at) values (?, 'submitted', 'accepted', now())`, [replaced.claimId]);
    const mcrIn30 = await claim(medicare, 30, 365, 'submitted');
    await claim(medicare, 31, 365, 'submitted');

    const result = await run();
    expect(result.filingDeadlines).to.equal(3);
    const tasks = await tasksOf('filing-deadline');
    expect(tasks.map((t) => [t.subject_id, t.deadline])).to.deep.equal([
      [in14.claimId, addDays(AS_OF, 14)], [past.claimId, addDays(AS_OF, -3)], [mcrIn30.claimId, addDays(AS_OF, 30)],
    ]);
    const high = PRIORITY_BANDS.find((b) => b.name === 'high')!.min;
    for (const t of tasks) expect(t.priority, `claim ${t.subject_id} priority`).to.be.at.least(high);

    // Again: nothing. Closed by a person, the claim still unaccepted: not warned twice. The next day
    // the two claims one day outside their windows come in, and only they.
    expect((await run()).filingDeadlines).to.equal(0);
    await query(env, `update task set status = 'done', outcome = 'no-action-needed', closed_at = now() where type = 'filing-deadline'`);
    expect((await run(addDays(AS_OF, 1))).filingDeadlines).to.equal(2);
    expect((await tasksOf('filing-deadline')).length).to.equal(5);
  });

  it('gives an open denial task without a deadline its appeal deadline: the denial\'s remittance date + the payer\'s appeal days', async () => {
    const office = await inventedOffice(env);
    const payerId = await office.payer('99AAA', { appeal: 120 });
    const g = await office.guarantor();
    const denied = await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: '2026-10-01', lineCharges: [9000], status: 'denied' });
    await addEntries(env, [
      { kind: 'denial', cents: 9000, claimId: denied.claimId, date: '2026-11-02' },
      { kind: 'denial', cents: 0, claimId: denied.claimId, date: '2026-11-20' },
    ]);
    const { taskId } = await env.orm.em.fork().transactional((tx) => createFollowUpTask(tx, {
      type: 'denial', subjectType: 'claim', subjectId: denied.claimId, reasonCodes: ['CO-16'], amountAtRiskCents: 9000, deadline: null, payerId,
    }, { timezone: ZONE, clock }));
    const [before] = await query(env, 'select priority from task where id = ?', [taskId]);

    expect((await run()).appealDeadlinesSet).to.equal(1);
    const [after] = await query(env, `select to_char(deadline, 'YYYY-MM-DD') as deadline, priority, priority_parts from task where id = ?`, [taskId]);
    expect(after.deadline).to.equal('2027-03-20'); // the latest denial, 2026-11-20, + 120 days
    expect(after.priority).to.be.greaterThan(before.priority);
    expect(after.priority_parts.deadline).to.be.greaterThan(0);
    const events = await query(env, `select detail from task_event where task_id = ? and kind = 'deadline-set'`, [taskId]);
    expect(events.map((e) => e.detail)).to.deep.equal([{ deadline: '2027-03-20', reason: 'appeal deadline' }]);
    expect((await run()).appealDeadlinesSet).to.equal(0);
  });
});
