// METRICS_BIND: where GET /metrics is also served without a token, as host:port, or nowhere.
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('METRICS_BIND', () => {
  it('is off by default and reads host:port, IPv6 in brackets, port 0 for any free port', () => {
    expect(loadConfig({}).metrics.bind).to.equal(null);
    expect(loadConfig({ METRICS_BIND: '127.0.0.1:9464' }).metrics.bind).to.deep.equal({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_BIND: '[::1]:9464' }).metrics.bind).to.deep.equal({ host: '::1', port: 9464 });
    expect(loadConfig({ METRICS_BIND: 'monitor.internal:0' }).metrics.bind).to.deep.equal({ host: 'monitor.internal', port: 0 });
  });

  it('refuses anything else, naming the value', () => {
    for (const value of ['9464', '127.0.0.1', '127.0.0.1:99999', 'http://127.0.0.1:9464', '127.0.0.1:94a']) {
      let error: unknown;
      try {
        loadConfig({ METRICS_BIND: value });
      } catch (caught) {
        error = caught;
      }
      expect(error, value).to.be.instanceOf(ConfigError);
      expect((error as Error).message, value).to.include(`METRICS_BIND=${JSON.stringify(value)}`);
    }
  });
});
