import { expect } from 'chai';
import { undeliverableReason } from '../../../src/queues/outbox-checks.js';
import { catalog } from '../../../src/queues/registry.js';

describe('outbox rows the relay cannot deliver', () => {
  const good = { queue: 'claims', jobName: 'scrub', payload: { claimId: 7 }, delayMs: 0 };

  it('delivers a row the catalogue knows, with a valid payload', () => {
    expect(undeliverableReason(catalog, good)).to.equal(undefined);
    expect(undeliverableReason(catalog, { ...good, delayMs: 60_000 })).to.equal(undefined);
  });

  it('names an unknown queue', () => {
    expect(undeliverableReason(catalog, { ...good, queue: 'billing' })).to.equal('unknown queue "billing"');
    // Not fooled by names every object has.
    expect(undeliverableReason(catalog, { ...good, queue: 'constructor' })).to.equal('unknown queue "constructor"');
  });

  it('names an unknown job of a known queue', () => {
    expect(undeliverableReason(catalog, { ...good, jobName: 'explode' })).to.equal('no job "explode" on queue "claims"');
    expect(undeliverableReason(catalog, { ...good, jobName: 'toString' })).to.equal('no job "toString" on queue "claims"');
  });

  it('refuses a negative or fractional delay', () => {
    expect(undeliverableReason(catalog, { ...good, delayMs: -5 })).to.match(/^delay -5 ms/);
    expect(undeliverableReason(catalog, { ...good, delayMs: 1.5 })).to.match(/^delay 1.5 ms/);
  });

  it('names the job and the keys of a payload that no longer validates, never its values', () => {
    const reason = undeliverableReason(catalog, { ...good, payload: { claimId: 7, memberId: 'ZZ99887766' } });
    expect(reason).to.match(/^invalid payload for claims\.scrub: /).and.include('memberId');
    expect(reason).not.to.include('ZZ99887766');
    expect(undeliverableReason(catalog, { ...good, payload: { claimId: 'seven' } })).to.match(/^invalid payload for claims\.scrub: claimId/)
      .and.not.include('seven');
  });
});
