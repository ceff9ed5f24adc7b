import { expect } from 'chai';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { jobRecords, spawnWorkerChild, startTestWorker, testQueue } from '../support/workers.js';

describe('a worker killed mid-job', () => {
  const env = useTestEnv();

  it('has its job taken over after the lock expires, and the job completes once', async function () {
    this.timeout(30000);
    const queue = testQueue(env).get('testq');
    await queue.add('slow', { ms: 1500, marker: 77 }, { jobId: 'slow-77' });

    const first = spawnWorkerChild(env.childEnv);
    env.defer(() => first.child.kill('SIGKILL'));
    await waitFor(() => first.lines.includes('STARTED slow-77'), 20000, 'the child to start the job');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await (await queue.getJob('slow-77'))!.getState()).to.equal('active'); // orphaned, lock still held

    startTestWorker(env, { lockDurationMs: 1000, stalledIntervalMs: 300 });
    await waitFor(async () => (await (await queue.getJob('slow-77'))!.getState()) === 'completed', 15000, 'the job to complete');

    const done = await env.orm.em.getConnection().execute(`select count(*)::int as n from audit_event where action = 'test.slow' and subject_id = '77'`);
    expect(done[0].n).to.equal(1);
    // Completed records are written in a background batch: wait for it, then check there is one.
    const records = await waitFor(async () => {
      const rows = (await jobRecords(env)).filter((r) => r.job_id === 'slow-77');
      return rows.length > 0 && rows;
    }, 5000, 'the job record');
    await new Promise((r) => setTimeout(r, 200));
    expect(records.map((r) => r.outcome)).to.deep.equal(['completed']);
    expect((await jobRecords(env)).filter((r) => r.job_id === 'slow-77')).to.have.length(1);
  });
});
