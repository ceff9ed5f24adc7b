import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { clearinghouseConfig } from '../../../config/clearinghouse.js';
import { PAYER_RULES } from '../../../config/payer-rules.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';

describe('config', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.database.url).to.equal('postgres://postgres@127.0.0.1:5432/rcm');
    expect(config.redis.url).to.equal('redis://127.0.0.1:6379');
    expect(config.http).to.deep.equal({ port: 3000, host: '127.0.0.1', bodyLimitBytes: 1024 * 1024, uploadLimitBytes: 256 * 1024 * 1024, boardSessionHours: 8 });
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

describe('config overrides (RCM_CONFIG_FILE and CLEARINGHOUSE_*)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rcm-config-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function officeFile(name: string, content: unknown): string {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  }

  it('carries the config/ defaults when nothing overrides them', () => {
    const config = loadConfig({});
    expect(config.clearinghouse).to.deep.equal(clearinghouseConfig);
    expect(config.payerRules).to.deep.equal(PAYER_RULES);
    expect(config.carcDefaults).to.deep.equal(defaultCarcTable);
    expect(Object.isFrozen(config.carcDefaults.rules)).to.equal(true);
  });

  it('merges the file over the defaults, key by key', () => {
    const path = officeFile('office.json', {
      clearinghouse: { adapter: 'file', batchSize: 100, sender: { id: 'OFFICE7' }, simulator: { denialRate: 0.5 } },
      payerRules: { default: { timelyFilingDays: 120 }, byPayerId: { '99MCR': { maxLinesPerClaim: 12 }, '88NEW': { refusedModifiers: ['GY'] } } },
      carcActions: {
        rules: { 'CO-29': { action: 'contractual', recoverability: 0, description: 'Write off late filing' } },
        groupDefaults: { OA: { action: 'denial', recoverability: 0.2, description: 'Work other adjustments' } },
      },
    });
    const config = loadConfig({ RCM_CONFIG_FILE: path });
    expect(config.clearinghouse).to.deep.include({ adapter: 'file', batchSize: 100, name: clearinghouseConfig.name });
    expect(config.clearinghouse.sender).to.deep.equal({ ...clearinghouseConfig.sender, id: 'OFFICE7' });
    expect(config.clearinghouse.simulator).to.deep.equal({ ...clearinghouseConfig.simulator, denialRate: 0.5 });
    expect(config.payerRules.default).to.deep.equal({ ...PAYER_RULES.default, timelyFilingDays: 120 });
    // A payer the defaults know keeps its other rules; a new payer gets only what the file says.
    expect(config.payerRules.byPayerId['99MCR']).to.deep.equal({ ...PAYER_RULES.byPayerId['99MCR'], maxLinesPerClaim: 12 });
    expect(config.payerRules.byPayerId['88NEW']).to.deep.equal({ refusedModifiers: ['GY'] });
    expect(config.payerRules.byPayerId['99CMA']).to.deep.equal(PAYER_RULES.byPayerId['99CMA']);
    expect(config.carcDefaults.rules['CO-29']).to.deep.equal({ action: 'contractual', recoverability: 0, description: 'Write off late filing' });
    expect(config.carcDefaults.rules['CO-45']).to.deep.equal(defaultCarcTable.rules['CO-45']);
    expect(config.carcDefaults.groupDefaults.OA.action).to.equal('denial');
    expect(config.carcDefaults.groupDefaults.CO).to.deep.equal(defaultCarcTable.groupDefaults.CO);
    // The defaults themselves are untouched.
    expect(defaultCarcTable.rules['CO-29'].action).to.equal('denial');
  });

  it('merges payer rate limits and breaker settings from the file, and refuses negative ones', () => {
    const path = officeFile('limits.json', {
      clearinghouse: { payerRateLimits: { PAYER01: { maxBatches: 5, perMs: 60000 } }, breaker: { failureThreshold: 3 }, simulator: { unavailable: true } },
    });
    const config = loadConfig({ RCM_CONFIG_FILE: path });
    expect(config.clearinghouse.payerRateLimits).to.deep.equal({ PAYER01: { maxBatches: 5, perMs: 60000 } });
    expect(config.clearinghouse.breaker).to.deep.equal({ ...clearinghouseConfig.breaker, failureThreshold: 3 });
    expect(config.clearinghouse.simulator.unavailable).to.equal(true);
    const bad = officeFile('bad-limits.json', { clearinghouse: { payerRateLimits: { PAYER01: { maxBatches: -1, perMs: 60000 } }, breaker: { coolDownMs: 0 } } });
    expect(() => loadConfig({ RCM_CONFIG_FILE: bad })).to.throw(/clearinghouse\.payerRateLimits\.PAYER01\.maxBatches .*clearinghouse\.breaker\.coolDownMs/s);
  });

  it('lets CLEARINGHOUSE_* variables win over the file and the defaults', () => {
    const path = officeFile('simulator.json', { clearinghouse: { adapter: 'simulator', usage: 'T' } });
    const config = loadConfig({ RCM_CONFIG_FILE: path, CLEARINGHOUSE_ADAPTER: 'file', CLEARINGHOUSE_USAGE: 'P', CLEARINGHOUSE_OUTBOX_DIR: '/srv/sftp/out' });
    expect(config.clearinghouse).to.deep.include({ adapter: 'file', usage: 'P' });
    expect(config.clearinghouse.file).to.deep.equal({ outboxDir: '/srv/sftp/out' });
  });

  it('takes the agency referral folder from AGENCY_EXPORT_DIR, else config/dunning.ts', () => {
    expect(loadConfig({}).collections).to.deep.equal({ agencyExportDir: 'data/agency' });
    expect(loadConfig({ AGENCY_EXPORT_DIR: '/srv/collections/agency' }).collections).to.deep.equal({ agencyExportDir: '/srv/collections/agency' });
  });

  it('reports every bad key of the file in the same message as the environment errors', () => {
    const path = officeFile('bad.json', {
      clearinghouse: { adapter: 'fax', batchSize: 0, simulator: { rejectionRate: 2 }, colour: 'blue' },
      payerRules: { byPayerId: { '99MCR': { timelyFilingDays: 'soon' } } },
      carcActions: { rules: { 'XX-1': { action: 'denial', recoverability: 0.5, description: 'bad group' }, 'CO-50': { action: 'refund', recoverability: 0.5, description: 'x' } } },
      routing: {},
    });
    let error: ConfigError | undefined;
    try {
      loadConfig({ RCM_CONFIG_FILE: path, PORT: 'eighty', CLEARINGHOUSE_ADAPTER: 'ftp' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const lines = error!.problems;
    expect(lines).to.include('PORT="eighty" (must be a whole number)');
    expect(lines).to.include('CLEARINGHOUSE_ADAPTER="ftp" (must be simulator or file)');
    const fileProblems = lines.filter((l) => l.startsWith(`RCM_CONFIG_FILE ${path}: `)).map((l) => l.slice(`RCM_CONFIG_FILE ${path}: `.length));
    const where = fileProblems.map((l) => l.split(' (')[0]);
    expect(where).to.include.members([
      'clearinghouse.adapter', 'clearinghouse.batchSize', 'clearinghouse.simulator.rejectionRate', 'clearinghouse',
      'payerRules.byPayerId.99MCR.timelyFilingDays', 'carcActions.rules.XX-1', 'carcActions.rules.CO-50.action', '(top level)',
    ]);
    expect(fileProblems.find((l) => l.startsWith('clearinghouse ('))).to.include('colour');
    expect(fileProblems.find((l) => l.startsWith('(top level)'))).to.include('routing');
    expect(lines).to.have.length(2 + fileProblems.length);
  });

  it('reports a file it cannot read or parse', () => {
    expect(() => loadConfig({ RCM_CONFIG_FILE: join(dir, 'missing.json') }))
      .to.throw(ConfigError).with.property('message').that.includes(`RCM_CONFIG_FILE=${JSON.stringify(join(dir, 'missing.json'))} (cannot read the file)`);
    const path = officeFile('broken.json', '{ "clearinghouse": ');
    expect(() => loadConfig({ RCM_CONFIG_FILE: path })).to.throw(ConfigError, /not valid JSON/);
  });
});
