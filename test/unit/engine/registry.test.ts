import { expect } from 'chai';
import { z } from 'zod';
import { catalog, PayloadError, UnknownJobError, validatePayload } from '../../../src/queues/registry.js';
import { field, payload } from '../../../src/queues/payload-fields.js';
import { asOfDate } from '../../../src/domain/as-of.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { HandlerRegistry, HandlerRegistryError } from '../../../src/queues/handlers.js';

describe('queue registry', () => {
  it('declares the five queues and their jobs', () => {
    expect(Object.keys(catalog)).to.deep.equal(['claims', 'posting', 'reconciliation', 'collections', 'tasks']);
    expect(Object.keys(catalog.posting)).to.deep.equal(['era', 'chunk', 'finalize']);
  });

  it('accepts a payload of ids, dates and numbers', () => {
    expect(validatePayload(catalog, 'posting', 'chunk', { remittanceId: 7, from: 0, to: 100 })).to.deep.equal({ remittanceId: 7, from: 0, to: 100 });
    expect(validatePayload(catalog, 'collections', 'dunning', { asOf: '2026-11-26' })).to.deep.equal({ asOf: '2026-11-26' });
    // A scheduled run leaves the day out: it is for today in the office's zone.
    expect(validatePayload(catalog, 'collections', 'dunning', {})).to.deep.equal({});
    expect(asOfDate(undefined, fixedClock('2026-12-05T03:00:00Z'), 'America/Chicago')).to.equal('2026-12-04');
    expect(asOfDate('2026-11-30', fixedClock('2026-12-05T03:00:00Z'), 'America/Chicago')).to.equal('2026-11-30');
  });

  it('refuses a payload carrying patient data, without echoing it', () => {
    const attempt = () => validatePayload(catalog, 'claims', 'scrub', { claimId: 1, patientName: 'Jane Invented' });
    expect(attempt).to.throw(PayloadError, /claims\.scrub/);
    expect(attempt).to.throw(PayloadError).with.property('message').that.does.not.include('Jane');
  });

  it('refuses free text where an id belongs, and impossible dates', () => {
    expect(() => validatePayload(catalog, 'claims', 'scrub', { claimId: 'Jane Invented' })).to.throw(PayloadError, /claimId/);
    expect(() => validatePayload(catalog, 'claims', 'scrub', { claimId: -4 })).to.throw(PayloadError);
    expect(() => validatePayload(catalog, 'claims', 'scrub', {})).to.throw(PayloadError, /claimId/);
    expect(() => validatePayload(catalog, 'reconciliation', 'aging', { asOf: '2026-02-30' })).to.throw(PayloadError, /asOf/);
    expect(() => validatePayload(catalog, 'reconciliation', 'aging', { asOf: 'Smith, John' })).to.throw(PayloadError);
  });

  it('refuses an unknown job', () => {
    expect(() => validatePayload(catalog, 'claims', 'shred' as never, {})).to.throw(UnknownJobError);
  });

  it('cannot declare a free-text payload field', () => {
    expect(() => payload({ patientName: z.string() })).to.throw(/patientName.*not an id, date, enum or number/);
    expect(() => payload({ claimId: field.id(), note: z.any() })).to.throw(/note/);
    expect(() => field.optional(z.string())).to.throw(/field\.\*\(\)/);
  });

  it('refuses handlers for unknown jobs and a second handler for the same job', () => {
    const noop = async () => undefined;
    expect(() => new HandlerRegistry(catalog).register('claims', { shred: noop } as never)).to.throw(HandlerRegistryError, /unknown job claims\.shred/);
    const registry = new HandlerRegistry(catalog).register('claims', { scrub: noop });
    expect(() => registry.register('claims', { scrub: noop })).to.throw(HandlerRegistryError, /two handlers for claims\.scrub/);
    expect(registry.missing('claims')).to.deep.equal(['import', 'scrub-batch', 'submit', 'ack']);
  });
});
