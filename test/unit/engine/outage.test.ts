import { expect } from 'chai';
import pg from 'pg';
import { ConnectionException, DeadlockException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MaxRetriesPerRequestError } from 'ioredis/built/errors/index.js';
import { isOutage } from '../../../src/util/outage.js';
import { BadInputError } from '../../../src/errors.js';
import { InputError } from '../../../src/domain/input-error.js';
import { AmountFormatError } from '../../../src/domain/money.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const postgresError = (code: string) => Object.assign(new pg.DatabaseError('server says no', 0, 'error'), { code });

describe('isOutage: an unreachable database or queue store, against bad input', () => {
  it('counts socket failures as an outage', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']) {
      expect(isOutage(withCode(`connect ${code} 127.0.0.1:5432`, code)), code).to.equal(true);
    }
  });

  it('counts PostgreSQL shutting down, starting, out of connections and connection exceptions as an outage', () => {
    for (const code of ['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '53300', '53100', '40001', '40P01', '55P03', '58030']) {
      expect(isOutage(postgresError(code)), code).to.equal(true);
    }
  });

  it('counts the drivers’ code-less texts for a dead connection as an outage', () => {
    expect(isOutage(new Error('select 1 - Connection terminated unexpectedly'))).to.equal(true);
    expect(isOutage(new Error('Connection terminated due to connection timeout'))).to.equal(true);
    expect(isOutage(new Error('timeout exceeded when trying to connect'))).to.equal(true);
    expect(isOutage(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'))).to.equal(true);
    expect(isOutage(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).to.equal(true);
    expect(isOutage(new Error('Connection is closed.'))).to.equal(true);
    expect(isOutage(new MaxRetriesPerRequestError(1))).to.equal(true);
  });

  it('looks through MikroORM wrappers, causes and aggregate errors', () => {
    expect(isOutage(new ConnectionException(withCode('connect ECONNREFUSED', 'ECONNREFUSED')))).to.equal(true);
    expect(isOutage(new DeadlockException(postgresError('40P01')))).to.equal(true);
    expect(isOutage(new Error('intake failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') }))).to.equal(true);
    expect(isOutage(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'all addresses failed'))).to.equal(true);
  });

  it('does not count bad input, constraint violations, statement errors or file errors as an outage', () => {
    expect(isOutage(new InputError('segment ISA missing'))).to.equal(false);
    expect(isOutage(new AmountFormatError('not an amount'))).to.equal(false);
    expect(isOutage(new BadInputError('expected a JSON claims document'))).to.equal(false);
    expect(isOutage(new UniqueConstraintViolationException(postgresError('23505')))).to.equal(false);
    expect(isOutage(postgresError('22021'))).to.equal(false); // invalid byte sequence: the data, not the server
    expect(isOutage(postgresError('42P01'))).to.equal(false);
    expect(isOutage(withCode("EACCES: permission denied, open 'x.835'", 'EACCES'))).to.equal(false);
    expect(isOutage(withCode("EISDIR: illegal operation on a directory, read", 'EISDIR'))).to.equal(false);
    expect(isOutage(new SyntaxError('Unexpected token'))).to.equal(false);
    expect(isOutage(new Error('a message that only mentions a connection is closed somewhere'))).to.equal(false);
    expect(isOutage('ECONNREFUSED')).to.equal(false);
    expect(isOutage(undefined)).to.equal(false);
  });
});
