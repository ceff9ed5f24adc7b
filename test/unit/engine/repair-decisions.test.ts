import { expect } from 'chai';
import {
  draftIsCovered, fileJobOf, jobTrace, needsNewJob, remittanceNeedsFlow, scrubBatchesFor, type ScrubJobCover,
} from '../../../src/domain/repair.js';

describe('repair decisions', () => {
  it('traces a job from its outbox row, Redis and its record, in that order', () => {
    expect(jobTrace({ unsent: true, redis: 'missing', record: 'none' })).to.equal('pending');
    expect(jobTrace({ redis: 'live', record: 'retrying' })).to.equal('live');
    expect(jobTrace({ redis: 'finished', record: 'none' })).to.equal('finished');
    expect(jobTrace({ redis: 'missing', record: 'finished' })).to.equal('finished');
    // Between retries when Redis lost it: nothing will run it again.
    expect(jobTrace({ redis: 'missing', record: 'retrying' })).to.equal('lost');
    expect(jobTrace({ redis: 'missing', record: 'none' })).to.equal('lost');
  });

  it('gives work a new job only when every job it had is lost, or it has none left to find', () => {
    expect(needsNewJob([])).to.equal(true);
    expect(needsNewJob(['lost', 'lost'])).to.equal(true);
    expect(needsNewJob(['lost', 'pending'])).to.equal(false);
    expect(needsNewJob(['lost', 'live'])).to.equal(false);
    expect(needsNewJob(['finished'])).to.equal(false); // a failure for good is the operator's to replay
  });

  it('adds a posting flow again when its finalize or a chunk still to post is lost, never over a failed one', () => {
    expect(remittanceNeedsFlow('lost', [])).to.equal(true);
    expect(remittanceNeedsFlow('lost', ['lost', 'lost'])).to.equal(true);
    expect(remittanceNeedsFlow('live', ['live', 'lost'])).to.equal(true);
    expect(remittanceNeedsFlow('live', ['live', 'live'])).to.equal(false);
    expect(remittanceNeedsFlow('live', [])).to.equal(false);
    expect(remittanceNeedsFlow('finished', ['lost'])).to.equal(false);
    expect(remittanceNeedsFlow('lost', ['finished'])).to.equal(false);
  });

  it('counts a draft covered by a scrub job not lost whose range or claim names it', () => {
    const covers: ScrubJobCover[] = [
      { job: 'scrub-batch', fileId: 1, fromClaimId: 10, toClaimId: 19, trace: 'live' },
      { job: 'scrub-batch', fileId: 1, fromClaimId: 20, toClaimId: 29, trace: 'lost' },
      { job: 'scrub-batch', fileId: 2, fromClaimId: 30, toClaimId: 39, trace: 'pending' },
      { job: 'scrub', claimId: 25, trace: 'pending' },
    ];
    expect(draftIsCovered({ id: 10, fileId: 1 }, covers)).to.equal(true);
    expect(draftIsCovered({ id: 19, fileId: 1 }, covers)).to.equal(true);
    expect(draftIsCovered({ id: 21, fileId: 1 }, covers)).to.equal(false);
    expect(draftIsCovered({ id: 25, fileId: 1 }, covers)).to.equal(true);
    expect(draftIsCovered({ id: 31, fileId: 1 }, covers)).to.equal(false); // another file's range
    expect(draftIsCovered({ id: 40, fileId: null }, covers)).to.equal(false);
  });

  it('batches a file\'s uncovered drafts in runs of at most the batch size, in id order', () => {
    expect(scrubBatchesFor(7, [5, 1, 3, 9, 8], 2)).to.deep.equal([
      { fileId: 7, fromClaimId: 1, toClaimId: 3 }, { fileId: 7, fromClaimId: 5, toClaimId: 8 }, { fileId: 7, fromClaimId: 9, toClaimId: 9 },
    ]);
    expect(scrubBatchesFor(7, [], 500)).to.deep.equal([]);
  });

  it('names the job that reads each kind of received file', () => {
    expect(fileJobOf('837P')).to.deep.equal({ queue: 'claims', job: 'import' });
    expect(fileJobOf('claims-json')).to.deep.equal({ queue: 'claims', job: 'import' });
    expect(['999', '277CA', 'TA1'].map((k) => fileJobOf(k)?.job)).to.deep.equal(['ack', 'ack', 'ack']);
    expect(fileJobOf('835')).to.deep.equal({ queue: 'posting', job: 'era' });
    expect(fileJobOf('unknown')).to.equal(undefined);
  });
});
