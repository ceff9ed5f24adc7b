// The three jobs through the engine's real workers on Redis: a scheduled run (no asOf) is for the
// engine clock's office day, a run on demand names its day, and each job run twice changes nothing.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { enqueue } from '../../../src/queues/producer.js';
import { addDays } from '../../../src/domain/calendar-date.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { addClaim, inventedOffice, query, sendBatch } from './books-support.js';

describe('reconciliation and collections jobs on the workers', () => {
  const env = useTestEnv();

  it('runs reconciliation.accounts, reconciliation.aging and collections.follow-up for the office day, twice without effect', async function () {
    this.timeout(60000);
    const office = await inventedOffice(env);
    const payerId = await office.payer('99AAA', { followUp: 30 });
    const g = await office.guarantor();
    // 03:00 UTC on the 8th is still the 7th in New York, the office's zone.
    const clock = fixedClock('2026-12-08T03:00:00Z');
    const today = '2026-12-07';
    const waiting = await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: addDays(today, -40), lineCharges: [5000], status: 'submitted' });
    await sendBatch(env, payerId, [waiting.claimId], `${addDays(today, -31)}T19:00:00Z`);
    await query(env, 'update account set patient_balance_cents = 250 where id = ?', [g.accountId]);

    const config = { ...env.config, timezone: 'America/New_York', repair: { intervalMs: 0, graceMs: 0 } };
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['reconciliation', 'collections'], clock });
    env.defer(() => engine.stop());
    const completed = async () => (await query(env, `select count(*)::int as n from job_record where outcome = 'completed' and queue in ('reconciliation', 'collections')`))[0].n;
    const runAll = async () => {
      const before = await completed();
      await env.orm.em.fork().transactional(async (em) => {
        enqueue(em, 'reconciliation', 'accounts', {});
        enqueue(em, 'reconciliation', 'aging', {});
        enqueue(em, 'reconciliation', 'aging', { asOf: '2026-11-30' });
        enqueue(em, 'collections', 'follow-up', {});
      });
      await waitFor(async () => (await completed()) >= before + 4, 20000, 'four jobs completed');
    };
    await runAll();
    await runAll();

    // The two queues run at once: order by type, not by which job opened its task first.
    const tasks = await query(env, 'select type, subject_type, subject_id from task order by type');
    expect(tasks.map((t) => [t.type, t.subject_type, t.subject_id])).to.deep.equal([
      ['balance-discrepancy', 'account', g.accountId], ['claim-status-inquiry', 'claim', waiting.claimId],
    ]);
    const found = await query(env, `select to_char(as_of, 'YYYY-MM-DD') as as_of, figures from balance_discrepancy`);
    expect(found).to.deep.equal([{ as_of: today, figures: { patientBalance: { stored: 250, ledger: 0 } } }]);
    const snapshots = await query(env, `select to_char(as_of, 'YYYY-MM-DD') as as_of from aging_snapshot order by as_of`);
    expect(snapshots.map((s) => s.as_of)).to.deep.equal(['2026-11-30', today]);
    const [row] = await query(env, `select r.total_cents, r.days_31_60_cents from aging_snapshot_row r join aging_snapshot s on s.id = r.snapshot_id where s.as_of = ?::date`, [today]);
    expect([Number(row.total_cents), Number(row.days_31_60_cents)]).to.deep.equal([5000, 5000]);
  });
});
