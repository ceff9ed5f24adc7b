// The daily KPI snapshot as the engine runs it: the scheduler created when the reconciliation
// workers start and recorded in job_schedule, and the `reconciliation.kpi-snapshot` job run by the
// worker, for a day given (and, with none, for the day before the engine's clock), twice without
// changing a row the second time.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { enqueue } from '../../../src/queues/producer.js';
import { jobIds } from '../../../src/queues/job-options.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { query } from '../repair/repair-support.js';
import { seedKpiOffice } from './kpi-office.js';

describe('the daily KPI snapshot job', () => {
  const env = useTestEnv();

  it('is scheduled when the reconciliation workers start, and its runs store a day once', async function () {
    this.timeout(30000);
    await seedKpiOffice(env.orm);
    const config = { ...env.config, timezone: 'UTC', repair: { intervalMs: 0, graceMs: 0 } };
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['reconciliation'], clock: fixedClock('2026-11-05T06:00:00Z') });
    env.defer(() => engine.stop());
    const queue = engine.queues.get('reconciliation');
    const scheduler = await waitFor(() => queue.getJobScheduler(jobIds.configuredScheduler('reconciliation.kpi-snapshot')), 10000, 'the kpi snapshot scheduler');
    expect(scheduler).to.include({ name: 'kpi-snapshot', pattern: '30 0 * * *', tz: 'UTC' });
    expect(await query(env, `select queue, job_name, payload, pattern, tz from job_schedule where job_name = 'kpi-snapshot'`)).to.deep.equal([
      { queue: 'reconciliation', job_name: 'kpi-snapshot', payload: {}, pattern: '30 0 * * *', tz: 'UTC' },
    ]);

    const completed = async () => (await queue.getCompleted()).filter((job) => job.name === 'kpi-snapshot').length;
    const run = async (payload: { asOf?: string }) => {
      const before = await completed();
      await env.orm.em.fork().transactional(async (em) => enqueue(em, 'reconciliation', 'kpi-snapshot', payload));
      await waitFor(async () => (await completed()) > before, 10000, 'reconciliation.kpi-snapshot completed');
      return query(env, `select to_char(as_of, 'YYYY-MM-DD') as as_of, scope, scope_key, counts, computed_at from kpi_snapshot order by 1, 2, 3`);
    };
    const first = await run({ asOf: '2026-11-02' });
    const office = first.find((r) => r.scope === 'office')!;
    // 11-02: C1 and C2 scrubbed (C1 clean), both sent (charges 30000); bob fixed C2's edits.
    expect(office.counts).to.include({ scrubbed: 2, clean: 1, submitted: 2, chargesCents: 30000, tasksDone: 1, claimsResolved: 1 });
    expect(await run({ asOf: '2026-11-02' })).to.deep.equal(first);
    // No asOf: the day before the engine's clock (11-04, when R1 posted).
    const withYesterday = await run({});
    expect(withYesterday.filter((r) => r.as_of === '2026-11-04' && r.scope === 'office')[0].counts).to.include({ erasPosted: 1, remitted: 2, deniedClaims: 1 });
  });
});
