import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('config', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.database.url).to.equal('postgres://postgres@127.0.0.1:5432/rcm');
    expect(config.redis.url).to.equal('redis://127.0.0.1:6379');
    expect(config.http).to.deep.equal({ port: 3000, host: '127.0.0.1' });
    expect(config.queuePrefix).to.equal('rcm');
    expect(config.timezone).to.equal('America/New_York');
  });

  it('takes values from the environment and freezes the result', () => {
    const config = loadConfig({ PORT: '8080', QUEUE_PREFIX: '{office1}', TIMEZONE: 'America/Chicago', LOG_LEVEL: 'warn' });
    expect(config.http.port).to.equal(8080);
    expect(config.queuePrefix).to.equal('{office1}');
    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.http)).to.equal(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).to.throw(TypeError);
  });

  it('reports every bad key at once, with its value and the reason', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'http://localhost', TIMEZONE: 'Mars/Olympus', LOG_LEVEL: 'loud', QUEUE_PREFIX: 'a b' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect(error!.problems).to.have.length(5);
    expect(error!.message).to.match(/^Invalid environment:/);
    expect(error!.message).to.include('PORT="eighty" (must be a whole number)');
    expect(error!.message).to.include('REDIS_URL="http://localhost"');
    expect(error!.message).to.include('TIMEZONE="Mars/Olympus"');
    expect(error!.message).to.include('LOG_LEVEL="loud"');
    expect(error!.message).to.include('QUEUE_PREFIX="a b"');
  });

  it('never prints a password from a connection URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://billing:s3cret@db/rcm' }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.includes('billing:***@')
      .and.not.include('s3cret');
  });

  it('refuses out-of-range numbers', () => {
    expect(() => loadConfig({ PORT: '70000' })).to.throw(ConfigError, /PORT="70000" \(must be between 0 and 65535\)/);
  });
});
