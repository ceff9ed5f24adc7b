import { expect } from 'chai';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { jobRecords, startTestWorker, testQueue } from '../support/workers.js';
import { FAKE_PATIENT_NAME, testCatalog } from '../support/test-catalog.js';
import { Engine } from '../../src/engine.js';
import { HandlerRegistry } from '../../src/queues/handlers.js';
import { fixedClock } from '../../src/domain/clock.js';
import { liveWorkers } from '../support/live-workers.js';

describe('job records', () => {
  const env = useTestEnv();

  it('records a completed job with its timings', async () => {
    const queue = testQueue(env).get('testq');
    await queue.add('noop', { n: 1 }, { jobId: 'done-1' });
    startTestWorker(env);
    const [record] = await waitFor(async () => (await jobRecords(env)).length === 1 && jobRecords(env), 10000, 'a job record');
    expect(record).to.include({ queue: 'testq', job_id: 'done-1', name: 'noop', attempt: 1, outcome: 'completed', error_class: null });
    expect(record.wait_ms).to.be.a('number').and.at.least(0);
    expect(record.run_ms).to.be.a('number').and.at.least(0);
    expect(new Date(record.finished_at).getTime()).to.be.at.least(new Date(record.queued_at).getTime());
  });

  it('records every failed attempt and withholds messages that may carry patient data', async () => {
    const queue = testQueue(env).get('testq');
    await queue.add('leaky', { marker: 1 }, { jobId: 'leaky-1', attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    startTestWorker(env);
    const records = await waitFor(async () => {
      const rows = await jobRecords(env);
      return rows.length === 2 && rows;
    }, 10000, 'two attempts');
    expect(records.map((r) => [r.attempt, r.outcome])).to.deep.equal([[1, 'retrying'], [2, 'failed']]);
    expect(records[1].error_class).to.equal('Error');
    expect(records[1].error_message).to.equal(null);
    const job = await queue.getJob('leaky-1');
    expect(await job!.getState()).to.equal('failed');
    expect(job!.failedReason).to.not.include(FAKE_PATIENT_NAME);
    expect((job!.stacktrace ?? []).join('\n')).to.not.include(FAKE_PATIENT_NAME);
    expect(job!.failedReason).to.match(/details withheld/);
  });

  it('fails bad input at once, keeping our own message', async () => {
    const queue = testQueue(env).get('testq');
    await queue.add('bad', { marker: 9 }, { jobId: 'bad-1', attempts: 5 });
    startTestWorker(env);
    const [record] = await waitFor(async () => (await jobRecords(env)).length === 1 && jobRecords(env), 10000, 'a job record');
    expect(record).to.include({ attempt: 1, outcome: 'failed', error_class: 'UnrecoverableError' });
    expect(record.error_message).to.equal('[rcm] file 9 is not an 837P: ISA segment missing at position 1');
    expect(await (await queue.getJob('bad-1'))!.getState()).to.equal('failed');
  });

  it('refuses a payload that does not match its schema when processing', async () => {
    const queue = testQueue(env).get('testq');
    // Written around the producer, as a foreign or outdated producer might.
    await queue.add('noop', { n: 'Jane Invented' }, { jobId: 'forged-1', attempts: 3 });
    startTestWorker(env);
    const [record] = await waitFor(async () => (await jobRecords(env)).length === 1 && jobRecords(env), 10000, 'a job record');
    expect(record).to.include({ outcome: 'failed', error_class: 'UnrecoverableError' });
    expect(record.error_message).to.match(/invalid payload for testq\.noop: n:/).and.not.include('Jane');
  });

  it('hands every job the clock the engine was started with', async () => {
    const seen: string[] = [];
    const registry = new HandlerRegistry(testCatalog).register('testq', {
      noop: async (_payload, ctx) => {
        seen.push(ctx.clock.now().toISOString());
      },
    });
    const clock = fixedClock('2027-01-15T12:00:00Z');
    const engine = await Engine.start({ config: env.config, logger: env.logger, registry, api: false, workerQueues: ['testq'], clock });
    liveWorkers.add('clock engine');
    env.defer(async () => {
      await engine.stop(5000);
      liveWorkers.delete('clock engine');
    });
    await engine.queues.get('testq').add('noop', { n: 1 }, { jobId: 'clock-1' });
    await waitFor(() => seen.length === 1, 10000, 'the job to run');
    clock.advance(86_400_000);
    await engine.queues.get('testq').add('noop', { n: 2 }, { jobId: 'clock-2' });
    await waitFor(() => seen.length === 2, 10000, 'the second job to run');
    expect(seen).to.deep.equal(['2027-01-15T12:00:00.000Z', '2027-01-16T12:00:00.000Z']);
  });
});
