import { expect } from 'chai';
import { applyChange, backoffDelay, decideRetry, parseTarget, PolicyRefused, type RetryPolicy } from '../../../src/domain/retry-policy.js';
import { failureKind } from '../../../src/domain/error-kind.js';
import { BadInputError, RetryLaterError, TransientError } from '../../../src/errors.js';
import { JsonBodyError } from '../../../src/http/error-handler.js';

const policy: RetryPolicy = { attempts: 4, backoff: { type: 'exponential', delayMs: 1000, maxDelayMs: 5000, jitter: 0 }, deadlineMinutes: null, neverRetry: [] };
const failed = { attempt: 1, errorClass: 'Error', kind: 'other' as const, firstQueuedAt: 0, now: 1_000_000 };

describe('retry policy (pure)', () => {
  it('waits fixed or doubling, capped at the max delay, jitter below the wait', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(policy, a))).to.deep.equal([1000, 2000, 4000, 5000]);
    expect(backoffDelay({ ...policy, backoff: { ...policy.backoff, type: 'fixed' } }, 3)).to.equal(1000);
    const jittered = { ...policy, backoff: { ...policy.backoff, jitter: 0.5 } };
    expect(backoffDelay(jittered, 2, () => 0)).to.equal(2000);
    expect(backoffDelay(jittered, 2, () => 1)).to.equal(1000);
  });

  it('retries until the attempts are used, never bad input or a never-retry class', () => {
    expect(decideRetry(policy, failed)).to.deep.equal({ retry: true, delayMs: 1000 });
    expect(decideRetry(policy, { ...failed, attempt: 4 })).to.deep.equal({ retry: false, reason: 'attempts-used' });
    expect(decideRetry(policy, { ...failed, kind: 'bad-input' })).to.deep.equal({ retry: false, reason: 'bad-input' });
    expect(decideRetry({ ...policy, neverRetry: ['TypeError'] }, { ...failed, errorClass: 'TypeError' })).to.deep.equal({ retry: false, reason: 'never-retry' });
  });

  it('stops at the retry deadline and at a claim\'s filing limit', () => {
    const withDeadline = { ...policy, deadlineMinutes: 10 };
    expect(decideRetry(withDeadline, { ...failed, now: 10 * 60_000 - 2000 })).to.deep.equal({ retry: true, delayMs: 1000 });
    expect(decideRetry(withDeadline, { ...failed, now: 10 * 60_000 - 500 })).to.deep.equal({ retry: false, reason: 'deadline' });
    expect(decideRetry(policy, { ...failed, retryUntil: failed.now + 999 })).to.deep.equal({ retry: false, reason: 'filing-deadline' });
    expect(decideRetry(policy, { ...failed, retryUntil: failed.now + 1000 })).to.deep.equal({ retry: true, delayMs: 1000 });
  });

  it('refuses changes that cannot be, naming the value', () => {
    expect(() => applyChange(policy, { attempts: -1 })).to.throw(PolicyRefused, 'attempts must be at least 1 (got -1)');
    expect(() => applyChange(policy, { attempts: 1.5 })).to.throw(PolicyRefused, 'attempts must be a whole number (got 1.5)');
    expect(() => applyChange(policy, { maxDelayMs: 500 })).to.throw(PolicyRefused, 'max delay 500 ms is below the delay 1000 ms');
    expect(() => applyChange(policy, { jitter: -0.1 })).to.throw(PolicyRefused, 'jitter must be between 0 and 1 (got -0.1)');
    expect(() => applyChange(policy, { backoffType: 'linear' })).to.throw(PolicyRefused, 'backoff must be fixed or exponential (got "linear")');
    expect(() => applyChange(policy, { neverRetry: ['Bad Name'] })).to.throw(PolicyRefused, '"Bad Name" is not an error class name');
    expect(applyChange(policy, { delayMs: 200, maxDelayMs: null, neverRetry: ['TypeError', 'TypeError'] })).to.deep.equal({
      ...policy, backoff: { ...policy.backoff, delayMs: 200, maxDelayMs: null }, neverRetry: ['TypeError'],
    });
  });

  it('knows queues and jobs by name', () => {
    const known = { claims: ['scrub', 'submit'] };
    expect(parseTarget('claims', known)).to.deep.equal({ queue: 'claims' });
    expect(parseTarget('claims.submit', known)).to.deep.equal({ queue: 'claims', job: 'submit' });
    expect(() => parseTarget('billing', known)).to.throw(PolicyRefused, 'unknown queue "billing" (queues: claims)');
    expect(() => parseTarget('claims.post', known)).to.throw(PolicyRefused, 'unknown job "post" on queue "claims" (jobs: scrub, submit)');
  });
});

describe('error kinds', () => {
  const coded = (code: string, name = 'Error') => Object.assign(new Error('connect failed'), { code, name });

  it('bad input: ours and its subclasses', () => {
    expect(failureKind(new BadInputError('file 3 is not an 837P'))).to.equal('bad-input');
    expect(failureKind(new JsonBodyError('request body is not valid JSON'))).to.equal('bad-input');
  });

  it('transient: connection codes of pg and ioredis, our TransientError, timeouts, HTTP 429 and 503', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '08006', '53300', '40001']) {
      expect(failureKind(coded(code)), code).to.equal('transient');
    }
    expect(failureKind(new TransientError('clearinghouse timed out'))).to.equal('transient');
    expect(failureKind(Object.assign(new Error('x'), { name: 'TimeoutError' }))).to.equal('transient');
    expect(failureKind(Object.assign(new Error('Too Many Requests'), { statusCode: 429 }))).to.equal('transient');
    expect(failureKind(Object.assign(new Error('unavailable'), { status: 503 }))).to.equal('transient');
    expect(failureKind(new Error('Connection is closed.'))).to.equal('transient');
  });

  it('retry-later, and anything else', () => {
    expect(failureKind(new RetryLaterError('breaker open', 1000))).to.equal('retry-later');
    expect(failureKind(coded('23505'))).to.equal('other');
    expect(failureKind(Object.assign(new Error('Bad Request'), { statusCode: 400 }))).to.equal('other');
    expect(failureKind('a string')).to.equal('other');
  });
});
