import { expect } from 'chai';
import { DemoSettingsError, demoSettings, printableUrl } from '../../../scripts/demo/demo-config.js';

describe('where the demo runs (demo settings)', () => {
  it('takes <office database>_demo and <office prefix>-demo by default, and leaves the office as it is', () => {
    const { config, office } = demoSettings({});
    expect(config.database).to.deep.equal({ url: 'postgres://postgres@127.0.0.1:5432/rcm_demo', schema: 'public' });
    expect(config.queuePrefix).to.equal('rcm-demo');
    expect(office).to.deep.equal({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/rcm', queuePrefix: 'rcm' });
  });

  it('derives from the office\'s own settings: server, user, password and options stay, the schema is public', () => {
    const { config } = demoSettings({
      DATABASE_URL: 'postgres://billing:s3cret@db.example:6543/office7?sslmode=require', DATABASE_SCHEMA: 'office7', QUEUE_PREFIX: '{office7}',
    });
    expect(config.database).to.deep.equal({ url: 'postgres://billing:s3cret@db.example:6543/office7_demo?sslmode=require', schema: 'public' });
    expect(config.queuePrefix).to.equal('{office7}-demo');
    expect(printableUrl(config.database.url)).to.equal('postgres://billing:***@db.example:6543/office7_demo?sslmode=require');
  });

  it('always uses the simulated clearinghouse, never the office\'s mailbox', () => {
    const { config } = demoSettings({ CLEARINGHOUSE_ADAPTER: 'file', CLEARINGHOUSE_OUTBOX_DIR: '/srv/office/outbox' });
    expect(config.clearinghouse.adapter).to.equal('simulator');
  });

  it('writes agency referrals to a folder of its own, never the office\'s', () => {
    expect(demoSettings({}).config.collections.agencyExportDir).to.equal('data/demo/agency');
    expect(demoSettings({ AGENCY_EXPORT_DIR: '/srv/office/agency' }).config.collections.agencyExportDir).to.equal('data/demo/agency');
    expect(demoSettings({ DEMO_AGENCY_EXPORT_DIR: '/tmp/show/agency' }).config.collections.agencyExportDir).to.equal('/tmp/show/agency');
    expect(() => demoSettings({ DEMO_AGENCY_EXPORT_DIR: 'data/agency' })).to.throw(DemoSettingsError, /must not be the office's agency folder \(data\/agency\)/);
    expect(() => demoSettings({ AGENCY_EXPORT_DIR: '/srv/agency', DEMO_AGENCY_EXPORT_DIR: '/srv/./agency/' })).to.throw(DemoSettingsError, /agency folder/);
  });

  it('takes DEMO_DATABASE_URL and DEMO_QUEUE_PREFIX when given', () => {
    const { config } = demoSettings({ DEMO_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/show_and_tell', DEMO_QUEUE_PREFIX: 'show' });
    expect(config.database.url).to.equal('postgres://postgres@127.0.0.1:5432/show_and_tell');
    expect(config.queuePrefix).to.equal('show');
    expect(() => demoSettings({ DEMO_DATABASE_URL: 'show_and_tell' })).to.throw(DemoSettingsError, /DEMO_DATABASE_URL="show_and_tell" \(must be a postgres:\/\/ URL\)/);
  });

  it('refuses the office\'s database (by name, whatever the host is called) or prefix: the demo resets what it runs on', () => {
    expect(() => demoSettings({ DEMO_DATABASE_URL: 'postgres://postgres@localhost/rcm' })).to.throw(DemoSettingsError, /must not name the office's database \(rcm\)/);
    expect(() => demoSettings({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/office7', DEMO_DATABASE_URL: 'postgresql://other@db.example/office7' }))
      .to.throw(DemoSettingsError, /office7/);
    expect(() => demoSettings({ QUEUE_PREFIX: 'office7', DEMO_QUEUE_PREFIX: 'office7' })).to.throw(DemoSettingsError, /must not be the office's prefix \(office7\)/);
  });
});
