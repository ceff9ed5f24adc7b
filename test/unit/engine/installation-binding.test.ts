import { expect } from 'chai';
import {
  bindingKey, bindingValue, conflictMessage, databaseLabel, InstallationConflictError, parseBinding,
} from '../../../src/queues/installation-binding.js';

const ours = { id: '11111111-1111-4111-8111-111111111111', database: '127.0.0.1:5432/rcm (schema public)' };
const theirs = { installationId: '22222222-2222-4222-8222-222222222222', database: 'db.example:5432/rcm (schema public)', boundAt: '2026-12-01T08:00:00.000Z', state: 'bound' as const };

describe('installation binding (pure parts)', () => {
  it('keeps the binding under the queue prefix, so a hash-tagged prefix keeps it in the queues\' slot', () => {
    expect(bindingKey('rcm')).to.equal('rcm:rcm:installation');
    expect(bindingKey('{office7}')).to.equal('{office7}:rcm:installation');
  });

  it('names the database by host, port, name and schema, never by user or password', () => {
    expect(databaseLabel({ url: 'postgres://billing:s3cret@db.example:6543/rcm_office', schema: 'public' }))
      .to.equal('db.example:6543/rcm_office (schema public)');
    expect(databaseLabel({ url: 'postgresql://127.0.0.1/rcm', schema: 't_one' })).to.equal('127.0.0.1/rcm (schema t_one)');
  });

  it('reads back what it writes, and a bare id written by hand', () => {
    const at = new Date('2026-12-04T13:00:00Z');
    expect(parseBinding(bindingValue(ours, 'rebinding', at))).to.deep.equal({
      installationId: ours.id, database: ours.database, boundAt: '2026-12-04T13:00:00.000Z', state: 'rebinding',
    });
    expect(parseBinding(ours.id)).to.deep.equal({ installationId: ours.id, database: 'unknown', boundAt: 'unknown', state: 'bound' });
    expect(parseBinding(null)).to.equal(undefined);
  });

  it('refuses with a message naming both installations, both databases and the command that rebinds', () => {
    const message = conflictMessage('rcm', theirs, ours);
    expect(message).to.include(`queue prefix "rcm" is bound to installation ${theirs.installationId}`)
      .and.include(theirs.database)
      .and.include(`this database ${ours.database} is installation ${ours.id}`)
      .and.include('`rcm install rebind --confirm`')
      .and.include('QUEUE_PREFIX');
    const error = new InstallationConflictError('rcm', { ...theirs, state: 'rebinding' }, ours);
    expect(error.message).to.include('is being taken over by installation');
    expect(error.name).to.equal('InstallationConflictError');
  });
});
