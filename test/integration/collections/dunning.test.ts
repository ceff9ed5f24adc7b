// The dunning pass against a real Postgres: each step of the cycle on its day (and nothing the day
// before), the minimum balance, small-balance write-offs, pauses for plans and disputes, patient-call
// tasks, the agency file, and a second pass on the same day changing nothing.
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { addDays } from '../../../src/domain/calendar-date.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { runDunningPass, type DunningSummary } from '../../../src/services/collections/dunning.service.js';
import { Engine } from '../../../src/engine.js';
import { enqueue } from '../../../src/queues/producer.js';
import { engineHandlers } from '../../../workers/registry.js';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { accountRow, officeVisit, patientCallTasks, seedAccount, seedOffice, statementsOf } from './dunning-support.js';

const DAY0 = '2026-03-02';

describe('collections.dunning: the patient statement cycle', function () {
  this.timeout(60_000);
  const env = useTestEnv();
  let agencyDir: string;

  beforeEach(async () => {
    agencyDir = await mkdtemp(join(tmpdir(), 'rcm-agency-'));
  });

  async function pass(asOf: string): Promise<DunningSummary> {
    const clock = fixedClock(`${asOf}T14:00:00Z`);
    return runDunningPass(env.orm.em.fork(), asOf, { timezone: 'America/New_York', clock, agencyExportDir: agencyDir });
  }

  it('sends statement 1, 2 and 3, the final notice and the agency referral on days 0, 30, 60, 90 and 120, nothing the day before, nothing twice', async () => {
    const office = await seedOffice(env);
    const account = await seedAccount(env, office, [officeVisit('2026-02-10', 6000), officeVisit('2026-02-24', 4500)]);
    const expected: Array<[number, string, string]> = [
      [0, 'statement-1', 'statement'], [30, 'statement-2', 'statement'], [60, 'statement-3', 'statement'],
      [90, 'final-notice', 'final-notice'], [120, 'agency', 'agency-referral'],
    ];
    for (const [day, stage, kind] of expected) {
      if (day > 0) {
        const before = await pass(addDays(DAY0, day - 1));
        expect(before.statements + before.finalNotices + before.agencyReferrals, `day ${day - 1}`).to.equal(0);
      }
      const on = await pass(addDays(DAY0, day));
      expect(on.statements + on.finalNotices + on.agencyReferrals, `day ${day}`).to.equal(1);
      const again = await pass(addDays(DAY0, day));
      expect(again, `day ${day} again`).to.include({ statements: 0, finalNotices: 0, agencyReferrals: 0, writeOffs: 0, patientCalls: 0 });
      const statements = await statementsOf(env, account.accountId);
      expect(statements.at(-1)).to.include({ stage, kind, date: addDays(DAY0, day), due: 10_500, due_date: addDays(DAY0, day + 25) });
      expect(statements).to.have.length(expected.findIndex((e) => e[0] === day) + 1);
      expect(await accountRow(env, account.accountId)).to.include({ stage, cycle_start: DAY0, cycle_stage: stage, balance: 10_500 });
      // The patient-call task opens with the final notice, once.
      expect((await patientCallTasks(env, account.accountId)).length, `calls after day ${day}`).to.equal(day >= 90 ? 1 : 0);
    }
    const [call] = await patientCallTasks(env, account.accountId);
    expect(call).to.include({ status: 'open', at_risk: 10_500 });
    expect(call.reason_codes).to.deep.equal(['final-notice']);

    // Referred: the cycle stops for the account.
    const later = await pass(addDays(DAY0, 200));
    expect(later).to.include({ statements: 0, finalNotices: 0, agencyReferrals: 0 });
    expect(await statementsOf(env, account.accountId)).to.have.length(5);

    // The day's agency file: the account, the guarantor's name and address, the balance, the dates of
    // service and amounts, and nothing clinical or identifying beyond that.
    expect(await readdir(agencyDir)).to.deep.equal([`agency-referrals-${addDays(DAY0, 120)}.csv`]);
    const csv = await readFile(join(agencyDir, `agency-referrals-${addDays(DAY0, 120)}.csv`), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).to.have.length(2);
    expect(lines[1]).to.equal(`${account.accountNumber},Okafor,Ada,12 Elm Street,,Springfield,ST,00001,105.00,${addDays(DAY0, 120)},2026-02-10;2026-02-24,60.00;45.00`);
    for (const clinical of ['E119', 'E11.9', 'I10', '99214', '36415', '1970-03-14', 'ssn']) expect(csv.toLowerCase()).not.to.include(clinical.toLowerCase());
  });

  it('sends no statement below the minimum, and writes a small balance off once, with its ledger entry and the balance together', async () => {
    const office = await seedOffice(env);
    const belowMinimum = await seedAccount(env, office, [officeVisit('2026-02-10', 900)]);
    const small = await seedAccount(env, office, [officeVisit('2026-02-10', 300), officeVisit('2026-02-11', 200)]);
    const first = await pass(DAY0);
    expect(first).to.include({ statements: 0, writeOffs: 1, writtenOffCents: 500 });
    expect(await statementsOf(env, belowMinimum.accountId)).to.deep.equal([]);
    expect(await accountRow(env, belowMinimum.accountId)).to.include({ stage: 'none', balance: 900, cycle_start: null });
    expect(await accountRow(env, small.accountId)).to.include({ stage: 'none', balance: 0 });
    const again = await pass(DAY0);
    expect(again).to.include({ writeOffs: 0, writtenOffCents: 0 });
    const ledger = await env.orm.em.fork().getConnection().execute(
      `select kind, amount_cents::int as cents, claim_id, account_id, source, idempotency_key, to_char(effective_date, 'YYYY-MM-DD') as effective
       from ledger_entry where kind = 'write-off'`);
    expect(ledger).to.deep.equal([{
      kind: 'write-off', cents: -500, claim_id: null, account_id: small.accountId, source: `dunning:${DAY0}`,
      idempotency_key: `dunning:account:${small.accountId}:write-off:${DAY0}`, effective: DAY0,
    }]);
    // The account's balance still equals its ledger: its entries, as signed, add up to it.
    const [sums] = await env.orm.em.fork().getConnection().execute(
      `select coalesce(sum(amount_cents), 0)::int as cents from ledger_entry where account_id = ?`, [small.accountId]);
    expect(sums.cents).to.equal(0);
  });

  it('pauses while a payment plan is current or a dispute is open, and the paused days do not count', async () => {
    const office = await seedOffice(env);
    const db = env.orm.em.fork().getConnection();
    const onPlan = await seedAccount(env, office, [officeVisit('2026-02-10')]);
    const disputed = await seedAccount(env, office, [officeVisit('2026-02-10')]);
    const planned = await seedAccount(env, office, [officeVisit('2026-02-10')]);
    const [plan] = await db.execute(`insert into payment_plan (account_id, status, total_cents) values (?, 'current', 6000) returning id`, [onPlan.accountId]);
    const [dispute] = await db.execute(`insert into account_dispute (account_id, status) values (?, 'open') returning id`, [disputed.accountId]);

    const first = await pass(DAY0);
    expect(first).to.include({ statements: 1, paused: 2 });
    expect(await statementsOf(env, onPlan.accountId)).to.deep.equal([]);
    expect(await statementsOf(env, disputed.accountId)).to.deep.equal([]);
    expect(await accountRow(env, onPlan.accountId)).to.include({ stage: 'plan', paused_since: DAY0 });
    expect(await accountRow(env, disputed.accountId)).to.include({ stage: 'none', paused_since: DAY0 });

    // The third account: statement 1 on day 0, a plan from day 10 to day 50, so statement 2 waits for day 70.
    await pass(addDays(DAY0, 9));
    const [late] = await db.execute(`insert into payment_plan (account_id, status, total_cents) values (?, 'current', 6000) returning id`, [planned.accountId]);
    await pass(addDays(DAY0, 10));
    expect((await pass(addDays(DAY0, 30))).statements).to.equal(0);
    expect(await accountRow(env, planned.accountId)).to.include({ stage: 'plan', cycle_stage: 'statement-1', paused_since: addDays(DAY0, 10) });
    await db.execute(`update payment_plan set status = 'missed' where id = ?`, [late.id]);
    await db.execute(`update account_dispute set status = 'resolved', resolved_at = now() where id = ?`, [dispute.id]);
    await db.execute(`update payment_plan set status = 'cancelled' where id = ?`, [plan.id]);
    // Day 50: the plan missed and the dispute resolved: both paused accounts start their cycle today.
    const resumed = await pass(addDays(DAY0, 50));
    expect(resumed.statements).to.equal(2);
    expect(await accountRow(env, planned.accountId)).to.include({ stage: 'statement-1', cycle_start: addDays(DAY0, 40), paused_since: null });
    expect((await pass(addDays(DAY0, 69))).statements).to.equal(0);
    expect((await pass(addDays(DAY0, 70))).statements).to.equal(1);
    expect((await statementsOf(env, planned.accountId)).map((s) => [s.stage, s.date])).to.deep.equal([
      ['statement-1', DAY0], ['statement-2', addDays(DAY0, 70)],
    ]);
  });

  it('ends the cycle when the balance is paid, and a new balance later starts a new one', async () => {
    const office = await seedOffice(env);
    const db = env.orm.em.fork().getConnection();
    const account = await seedAccount(env, office, [officeVisit('2026-02-10')]);
    await pass(DAY0);
    await db.execute('update account set patient_balance_cents = 0 where id = ?', [account.accountId]);
    await pass(addDays(DAY0, 5));
    expect(await accountRow(env, account.accountId)).to.include({ stage: 'none', cycle_start: null, cycle_stage: null });
    await db.execute('update account set patient_balance_cents = 7000 where id = ?', [account.accountId]);
    expect((await pass(addDays(DAY0, 40))).statements).to.equal(1);
    expect((await statementsOf(env, account.accountId)).map((s) => [s.stage, s.date, s.due])).to.deep.equal([
      ['statement-1', DAY0, 6000], ['statement-1', addDays(DAY0, 40), 7000],
    ]);
  });

  it('runs as the collections.dunning job: without asOf, for today in the office zone; again, adds nothing', async () => {
    const office = await seedOffice(env);
    const account = await seedAccount(env, office, [officeVisit('2026-02-10')]);
    // 02:30 UTC on 3 March is still 2 March in New York.
    const config = { ...env.config, timezone: 'America/New_York', repair: { intervalMs: 0, graceMs: 0 } };
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['collections'], clock: fixedClock('2026-03-03T02:30:00Z') });
    env.defer(() => engine.stop());
    const queue = engine.queues.get('collections');
    const completed = async () => (await queue.getCompleted()).filter((job) => job.name === 'dunning').length;
    for (const runs of [1, 2]) {
      await env.orm.em.fork().transactional(async (em) => enqueue(em, 'collections', 'dunning', {}));
      await waitFor(async () => (await completed()) >= runs, 15_000, `collections.dunning run ${runs}`);
    }
    expect((await statementsOf(env, account.accountId)).map((s) => [s.stage, s.date])).to.deep.equal([['statement-1', DAY0]]);
  });

  it('writes the job\'s agency referral file to the configured folder (AGENCY_EXPORT_DIR)', async () => {
    const office = await seedOffice(env);
    const account = await seedAccount(env, office, [officeVisit('2026-02-10', 6000)]);
    for (const day of [0, 30, 60, 90]) await pass(addDays(DAY0, day)); // up to the final notice, in the test's own folder
    const officeFolder = join(await mkdtemp(join(tmpdir(), 'rcm-office-')), 'agency');
    const config = { ...env.config, timezone: 'America/New_York', repair: { intervalMs: 0, graceMs: 0 }, collections: { agencyExportDir: officeFolder } };
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['collections'], clock: fixedClock('2026-07-01T15:00:00Z') });
    env.defer(() => engine.stop());
    const referredOn = addDays(DAY0, 120);
    await env.orm.em.fork().transactional(async (em) => enqueue(em, 'collections', 'dunning', { asOf: referredOn }));
    const [file] = await waitFor(async () => (await readdir(officeFolder).catch(() => [])).length > 0 && readdir(officeFolder), 15_000, 'the referral file');
    expect(file).to.equal(`agency-referrals-${referredOn}.csv`);
    expect((await readFile(join(officeFolder, file), 'utf8'))).to.include(`${account.accountNumber},Okafor,Ada,`);
    expect(await readdir(agencyDir)).to.deep.equal([]);
  });
});
