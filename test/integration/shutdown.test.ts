import { expect } from 'chai';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { jobRecords, spawnWorkerChild, testQueue } from '../support/workers.js';

describe('graceful shutdown', () => {
  const env = useTestEnv();

  it('lets the running job finish on SIGTERM, then exits cleanly', async function () {
    this.timeout(30000);
    const queue = testQueue(env).get('testq');
    await queue.add('slow', { ms: 1500, marker: 5 }, { jobId: 'slow-5' });
    const worker = spawnWorkerChild(env.childEnv);
    env.defer(() => worker.child.kill('SIGKILL'));
    await waitFor(() => worker.lines.includes('STARTED slow-5'), 20000, 'the job to start');

    worker.child.kill('SIGTERM');
    expect(await worker.exited).to.equal(0);
    expect(await (await queue.getJob('slow-5'))!.getState()).to.equal('completed');
    const records = await jobRecords(env);
    expect(records.map((r) => [r.job_id, r.outcome])).to.deep.equal([['slow-5', 'completed']]);
  });

  it('stops at once on a second SIGTERM, leaving the job to be retried', async function () {
    this.timeout(30000);
    const queue = testQueue(env).get('testq');
    await queue.add('slow', { ms: 20000, marker: 6 }, { jobId: 'slow-6' });
    const worker = spawnWorkerChild(env.childEnv);
    env.defer(() => worker.child.kill('SIGKILL'));
    await waitFor(() => worker.lines.includes('STARTED slow-6'), 20000, 'the job to start');

    const started = Date.now();
    worker.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    worker.child.kill('SIGTERM');
    expect(await worker.exited).to.equal(1);
    expect(Date.now() - started).to.be.below(5000);
        // Still active: its lock lapses, but only a live worker's stalled check moves it back to wait
    // (and then retries it); the child that held it is gone, and no other worker runs here.
    expect(await (await queue.getJob('slow-6'))!.getState()).to.equal('active');
  });
});
