import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('config: outbox retention and the installation check', () => {
  it('keeps sent outbox rows a week and checks the binding every 5 s by default', () => {
    const config = loadConfig({});
    expect(config.outboxRetentionHours).to.equal(168);
    expect(config.installationCheckMs).to.equal(5000);
    expect(loadConfig({ OUTBOX_RETENTION_HOURS: '24', INSTALLATION_CHECK_MS: '250' })).to.include({ outboxRetentionHours: 24, installationCheckMs: 250 });
  });

  it('refuses a retention under a day (the repair sweep compares recently sent rows with Redis)', () => {
    expect(() => loadConfig({ OUTBOX_RETENTION_HOURS: '12' })).to.throw(ConfigError, 'OUTBOX_RETENTION_HOURS="12" (must be between 24 and 87600)');
    expect(() => loadConfig({ INSTALLATION_CHECK_MS: '10' })).to.throw(ConfigError, 'INSTALLATION_CHECK_MS="10" (must be between 100 and 600000)');
  });
});
