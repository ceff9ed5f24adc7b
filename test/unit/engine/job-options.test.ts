import { expect } from 'chai';
import { POLICY_ATTEMPTS_CEILING, POLICY_BACKOFF, configRetryPolicy, defaultJobOptions, jobIds, jobOptions, settingsFor } from '../../../src/queues/job-options.js';
import { producer } from '../../../src/queues/producer.js';
import { PayloadError } from '../../../src/queues/registry.js';
import { jobRetention, queueSettings } from '../../../config/queues.js';

describe('job ids and options (one place)', () => {
  it('derives ids from the job key of the work they stand for', () => {
    const key = '0b7d2c5e-3f1a-4d6b-9c8e-2a4f6b8d0e1c';
    expect(jobIds.outbox(key)).to.equal(`ob-${key}`);
    expect(jobIds.postingFinalize(key)).to.equal(`posting-${key}-finalize`);
    expect(jobIds.postingChunk(key, 0, 1000)).to.equal(`posting-${key}-chunk-0-1000`);
    expect(jobIds.claimsSubmitScheduler(3)).to.equal('claims-submit-payer-3');
  });

  it('leaves retries to the policy in force when an attempt fails, and keeps the retention of config/queues.ts', () => {
    expect(defaultJobOptions('posting')).to.deep.equal({
      attempts: POLICY_ATTEMPTS_CEILING,
      backoff: { type: POLICY_BACKOFF },
      removeOnComplete: jobRetention.removeOnComplete,
      removeOnFail: jobRetention.removeOnFail,
    });
    expect(configRetryPolicy('posting')).to.deep.equal({
      attempts: queueSettings.posting.attempts,
      backoff: { type: 'exponential', delayMs: queueSettings.posting.backoff.delayMs, maxDelayMs: null, jitter: 0 },
      deadlineMinutes: null, neverRetry: [],
    });
    // A job name's defaults go over its queue's, field by field.
    expect(configRetryPolicy('claims', 'submit')).to.deep.include({ attempts: 8 });
    expect(configRetryPolicy('claims', 'submit').backoff).to.deep.equal({ type: 'exponential', delayMs: 5000, maxDelayMs: 600000, jitter: 0.2 });
    expect(configRetryPolicy('claims', 'scrub')).to.deep.equal(configRetryPolicy('claims'));
    expect(settingsFor('claims')).to.deep.equal(queueSettings.claims);
    // A queue outside the catalogue (tests, benchmarks) gets the fallback policy.
    expect(settingsFor('testq').attempts).to.equal(3);
  });

  it('adds the id, and a delay only when there is one', () => {
    expect(jobOptions('tasks', 'ob-1')).to.deep.equal({ ...defaultJobOptions('tasks'), jobId: 'ob-1' });
    expect(jobOptions('tasks', 'ob-2', 5000)).to.deep.equal({ ...defaultJobOptions('tasks'), jobId: 'ob-2', delay: 5000 });
  });
});

describe('producer: flows and scheduled jobs are validated', () => {
  it('builds a flow step from a valid payload', () => {
    const step = producer.flowJob('posting', 'chunk', { remittanceId: 3, from: 0, to: 10 }, jobIds.postingChunk('k3', 0, 10));
    expect(step).to.deep.equal({ queue: 'posting', job: 'chunk', payload: { remittanceId: 3, from: 0, to: 10 }, jobId: 'posting-k3-chunk-0-10' });
  });

  it('refuses a flow step whose payload does not match its job', () => {
    expect(() => producer.flowJob('posting', 'finalize', { remittanceId: 'x' } as never, 'posting-rem-x-finalize')).to.throw(PayloadError, /posting\.finalize/);
    expect(() => producer.flowJob('posting', 'chunk', { remittanceId: 3, from: 0, to: 10, patient: 'Jane' } as never, 'id'))
      .to.throw(PayloadError).with.property('message').that.does.not.include('Jane');
  });

  it('validates the job a scheduler repeats and gives it the queue options', () => {
    expect(producer.scheduledJob('claims', 'submit', { payerId: 4 })).to.deep.equal({ name: 'submit', data: { payerId: 4 }, opts: defaultJobOptions('claims') });
    expect(() => producer.scheduledJob('claims', 'submit', { payerId: 0 })).to.throw(PayloadError, /payerId/);
  });
});
