import { expect } from 'chai';
import {
  draftIsCovered, fileJobOf, jobTrace, needsNewJob, remittanceFlowRepair, scrubBatchesFor, type ScrubJobCover,
} from '../../../src/domain/repair.js';

describe('repair decisions', () => {
  const graceMs = 60_000;

  it('traces a job from its outbox row, Redis and its record, in that order', () => {
    expect(jobTrace({ unsent: true, redis: 'missing', record: 'none', graceMs })).to.equal('pending');
    expect(jobTrace({ redis: 'live', record: 'retrying', graceMs })).to.equal('live');
    expect(jobTrace({ redis: 'missing', record: 'finished', graceMs })).to.equal('finished');
    expect(jobTrace({ redis: 'finished', record: 'finished', finishedMsAgo: 3_600_000, graceMs })).to.equal('finished');
    // Between retries when Redis lost it: nothing will run it again.
    expect(jobTrace({ redis: 'missing', record: 'retrying', graceMs })).to.equal('lost');
    expect(jobTrace({ redis: 'missing', record: 'none', graceMs })).to.equal('lost');
  });

  it('trusts Redis\'s "finished" without a record only within the grace, when the record may still be on its way', () => {
    expect(jobTrace({ redis: 'finished', record: 'none', finishedMsAgo: 30, graceMs })).to.equal('finished');
    expect(jobTrace({ redis: 'finished', record: 'retrying', finishedMsAgo: graceMs - 1, graceMs })).to.equal('finished');
    // Postgres restored from a backup taken before the job ran: what it did is not in Postgres.
    expect(jobTrace({ redis: 'finished', record: 'none', finishedMsAgo: graceMs, graceMs })).to.equal('unrecorded');
    expect(jobTrace({ redis: 'finished', record: 'retrying', finishedMsAgo: 3_600_000, graceMs })).to.equal('unrecorded');
    expect(jobTrace({ unsent: true, redis: 'finished', record: 'none', finishedMsAgo: 3_600_000, graceMs })).to.equal('pending');
  });

  it('gives work a new job only when every job it had is lost, or it has none left to find', () => {
    expect(needsNewJob([])).to.equal(true);
    expect(needsNewJob(['lost', 'lost'])).to.equal(true);
    expect(needsNewJob(['lost', 'pending'])).to.equal(false);
    expect(needsNewJob(['lost', 'live'])).to.equal(false);
    expect(needsNewJob(['finished'])).to.equal(false); // a failure for good is the operator's to replay
    expect(needsNewJob(['unrecorded'])).to.equal(true);
    expect(needsNewJob(['unrecorded', 'lost'])).to.equal(true);
    expect(needsNewJob(['unrecorded', 'live'])).to.equal(false);
  });

  it('adds a posting flow again when its finalize or a chunk still to post is lost, never over a failed one', () => {
    expect(remittanceFlowRepair('lost', [])).to.equal('same-key');
    expect(remittanceFlowRepair('lost', ['lost', 'lost'])).to.equal('same-key');
    expect(remittanceFlowRepair('live', ['live', 'lost'])).to.equal('same-key');
    expect(remittanceFlowRepair('live', ['live', 'live'])).to.equal('none');
    expect(remittanceFlowRepair('live', [])).to.equal('none');
    expect(remittanceFlowRepair('finished', ['lost'])).to.equal('none');
    expect(remittanceFlowRepair('lost', ['finished'])).to.equal('none');
  });

  it('adds a posting flow under a new job key when a job of it ran before a restore undid its work', () => {
    expect(remittanceFlowRepair('unrecorded', [])).to.equal('new-key');
    expect(remittanceFlowRepair('unrecorded', ['unrecorded', 'unrecorded'])).to.equal('new-key');
    expect(remittanceFlowRepair('live', ['unrecorded', 'live'])).to.equal('new-key');
    expect(remittanceFlowRepair('lost', ['unrecorded'])).to.equal('new-key');
    expect(remittanceFlowRepair('unrecorded', ['finished'])).to.equal('none'); // a failure on record stays the operator's
  });

  it('counts a draft covered by a scrub job not lost whose range or claim names it', () => {
    const covers: ScrubJobCover[] = [
      { job: 'scrub-batch', fileId: 1, fromClaimId: 10, toClaimId: 19, trace: 'live' },
      { job: 'scrub-batch', fileId: 1, fromClaimId: 20, toClaimId: 29, trace: 'lost' },
      { job: 'scrub-batch', fileId: 2, fromClaimId: 30, toClaimId: 39, trace: 'pending' },
      { job: 'scrub', claimId: 25, trace: 'pending' },
      { job: 'scrub-batch', fileId: 3, fromClaimId: 40, toClaimId: 49, trace: 'unrecorded' },
      { job: 'scrub-batch', fileId: 3, fromClaimId: 50, toClaimId: 59, trace: 'finished' },
    ];
    expect(draftIsCovered({ id: 10, fileId: 1 }, covers)).to.equal(true);
    expect(draftIsCovered({ id: 19, fileId: 1 }, covers)).to.equal(true);
    expect(draftIsCovered({ id: 21, fileId: 1 }, covers)).to.equal(false);
    expect(draftIsCovered({ id: 25, fileId: 1 }, covers)).to.equal(true);
    expect(draftIsCovered({ id: 31, fileId: 1 }, covers)).to.equal(false); // another file's range
    expect(draftIsCovered({ id: 40, fileId: null }, covers)).to.equal(false);
    expect(draftIsCovered({ id: 41, fileId: 3 }, covers)).to.equal(false); // its batch's run undone by a restore
    expect(draftIsCovered({ id: 51, fileId: 3 }, covers)).to.equal(true);
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
