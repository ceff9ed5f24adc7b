// The board's rendering of a job and the naming of board actions in the audit trail: pure rules.
import { expect } from 'chai';
import { boardFailureText, hiddenValues, redactedJobJson, WITHHELD } from '../../../src/http/board-redaction.js';
import { boardActionEvent } from '../../../src/http/board-audit.js';

describe('the board, redacted (rules)', () => {
  it('shows the engine\'s recorded failure text, BullMQ\'s own reasons, and withholds anything else', () => {
    expect(boardFailureText('Error: Patient Testwood not found', { errorClass: 'BadInputError', errorMessage: '[rcm] file 3 refused' })).to.equal('BadInputError: [rcm] file 3 refused');
    expect(boardFailureText('anything', { errorClass: 'TypeError', errorMessage: null })).to.equal('TypeError: details withheld (may contain patient data); see the job id in the logs');
    expect(boardFailureText('job stalled more than allowable limit', undefined)).to.equal('job stalled more than allowable limit');
    expect(boardFailureText('Patient Testwood, born 1961-04-02', undefined)).to.equal(WITHHELD);
    expect(boardFailureText('TypeError: details withheld (may contain patient data); see job id in logs', undefined)).to.equal(WITHHELD);
    expect(boardFailureText(undefined, undefined)).to.equal(undefined);
  });

  it('keeps ids, names and timings of a job and hides data values, return values, stacks and unlisted fields', () => {
    const shown = redactedJobJson({
      id: '7', name: 'submit', timestamp: 1, processedOn: 2, finishedOn: 3, attemptsMade: 1, progress: { patient: 'Testwood' },
      data: { claimId: 9, memberId: 'DM1' }, returnvalue: { birthDate: '1961-04-02' }, failedReason: 'raw', stacktrace: ['Error: raw\n  at x (y.js:1:2)'],
      opts: { attempts: 3, backoff: { type: 'fixed', delay: 10 }, parent: { id: 'p' }, telemetry: { metadata: 'Testwood' } },
      deferredFailure: 'Testwood', token: 'lock-token',
    }, undefined);
    expect(shown).to.deep.equal({
      id: '7', name: 'submit', timestamp: 1, processedOn: 2, finishedOn: 3, attemptsMade: 1, progress: 0,
      opts: { attempts: 3, backoff: { type: 'fixed', delay: 10 } }, data: { claimId: '(hidden)', memberId: '(hidden)' },
      returnvalue: '(hidden)', failedReason: WITHHELD, stacktrace: [],
    });
    expect(hiddenValues('text')).to.equal('(hidden)');
    expect(hiddenValues(undefined)).to.deep.equal({});
  });

  it('names each board action after its route, with the queue and the job', () => {
    expect(boardActionEvent('PUT', '/board/api/queues/:queueName/:jobId/retry', { queueName: 'claims', jobId: '12' }, 'ada')).to.deep.equal({
      actor: 'ada', action: 'board.job.retry', subjectType: 'job', subjectId: '12',
      detail: { method: 'PUT', route: '/board/api/queues/:queueName/:jobId/retry', queue: 'claims', jobId: '12' },
    });
    const named = (method: string, route: string, params: Record<string, string>) => {
      const event = boardActionEvent(method, route, params, 'ada');
      return `${event.action} ${event.subjectType}:${event.subjectId}`;
    };
    expect(named('PUT', '/board/api/queues/:queueName/retry/:queueStatus', { queueName: 'posting', queueStatus: 'failed' })).to.equal('board.queue.retry queue:posting');
    expect(named('PUT', '/board/api/queues/:queueName/clean/:queueStatus', { queueName: 'posting', queueStatus: 'completed' })).to.equal('board.queue.clean queue:posting');
    expect(named('PUT', '/board/api/queues/:queueName/pause', { queueName: 'claims' })).to.equal('board.queue.pause queue:claims');
    expect(named('PUT', '/board/api/queues/pause', {})).to.equal('board.queues.pause queue:*');
    expect(named('PUT', '/board/api/queues/:queueName/:jobId/promote', { queueName: 'tasks', jobId: 'ob-1' })).to.equal('board.job.promote job:ob-1');
    expect(named('PATCH', '/board/api/queues/:queueName/job-schedulers/:schedulerId', { queueName: 'tasks', schedulerId: 'daily' })).to.equal('board.job-scheduler.patch job-scheduler:daily');
    expect(named('PUT', '/board/api/queues/:queueName/rate-limit/release', { queueName: 'claims' })).to.equal('board.queue.rate-limit.release queue:claims');
  });
});
