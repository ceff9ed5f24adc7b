import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';
import { enqueue } from '../../src/queues/producer.js';
import { jobIds } from '../../src/queues/job-options.js';
import { loseRedis, query, repairRig } from '../integration/repair/repair-support.js';

describe('rcm repair', () => {
  const env = useTestEnv();

  it('runs one sweep, delivers what it repaired, and counts repairs per kind', async function () {
    this.timeout(30000);
    const rig = repairRig(env);
    await env.orm.em.fork().transactional(async (em) => enqueue(em, 'claims', 'submit', { payerId: 5150 }));
    await rig.relayAll();
    await loseRedis(env);
    const [row] = await query(env, 'select id, job_key from outbox');

    const first = await runCli(['repair', '--grace-ms', '0', '--json'], env.childEnv);
    expect(first.code, first.stderr).to.equal(0);
    const report = JSON.parse(first.stdout);
    expect(report.repairs).to.deep.equal([{ kind: 'outbox', subject: `outbox ${row.id} (claims.submit)`, jobId: jobIds.outbox(row.job_key) }]);
    expect(report).to.deep.include({ delivered: 1 });
    expect(report.totals).to.deep.include({ sweeps: 1, repairs: { outbox: 1 } });
    expect(await rig.queues.get('claims').getJobState(jobIds.outbox(row.job_key))).to.equal('waiting');

    const second = await runCli(['repair', '--grace-ms', '0'], env.childEnv);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout).to.match(/^sweep \d+: 0 repaired/);
    expect(second.stdout).to.contain('repairs so far, 2 sweeps: outbox 1');

    const bad = await runCli(['repair', '--grace-ms', 'soon'], env.childEnv);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('--grace-ms must be a whole number');
  });
});
