// `npm run demo` twice in a row: the second run used to import nothing, because the Redis of the
// first still held its finished jobs. The demo now runs in a database and queue prefix of its own,
// reset at every start: both runs print the same, and the office's database and prefix stay as
// they were (here: never created).
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/logger.js';
import { dropDatabase } from '../../src/db/orm.js';
import { deleteQueueKeys } from '../../src/queues/maintenance.js';
import { databaseName, demoSettings } from '../../scripts/demo/demo-config.js';
import { resetDemo, runDemo } from '../../scripts/demo/run-demo.js';
import { testDatabaseUrl } from '../support/test-env.js';

describe('the demo, run twice in a row', () => {
  const suffix = randomBytes(3).toString('hex');
  const agencyDir = mkdtempSync(join(tmpdir(), 'rcm-demo-agency-'));
  // An office that exists only by name: the demo derives its own database and prefix from it.
  const officeUrl = new URL(testDatabaseUrl());
  officeUrl.pathname = `/${databaseName(testDatabaseUrl())}_office_${suffix}`;
  const { config, office } = demoSettings({
    ...process.env, DATABASE_URL: officeUrl.toString(), QUEUE_PREFIX: `rcmtest-${suffix}`, DEMO_DATABASE_URL: '', DEMO_QUEUE_PREFIX: '',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DEMO_AGENCY_EXPORT_DIR: agencyDir,
  });
  const logger = createLogger(config);

  after(async () => {
    await dropDatabase(config.database.url);
    await deleteQueueKeys(config.redis.url, config.queuePrefix);
  });

  async function demoRun(): Promise<string[]> {
    const lines: string[] = [];
    await resetDemo(config);
    await runDemo({ config, logger, say: (line) => lines.push(line), seed: 20261126 });
    return lines;
  }

  async function databaseExists(url: string): Promise<boolean> {
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      return ((await client.query('select 1 from pg_database where datname = $1', [databaseName(url)])).rowCount ?? 0) > 0;
    } finally {
      await client.end();
    }
  }

  async function keyCount(prefix: string): Promise<number> {
    const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
    try {
      let [cursor, count] = ['0', 0];
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        count += keys.length;
        cursor = next;
      } while (cursor !== '0');
      return count;
    } finally {
      redis.disconnect();
    }
  }

  it('prints the same both times, in its own database and prefix, and leaves the office alone', async function () {
    expect(databaseName(config.database.url)).to.equal(`${databaseName(office.databaseUrl)}_demo`);
    expect(config.queuePrefix).to.equal(`rcmtest-${suffix}-demo`);

    const first = await demoRun();
    // One ERA per payer and payee (the simulator pays each billing NPI apart), one of them unbalanced on purpose.
    expect(first.filter((line) => /^ERAs posted: \d+ \(0 duplicates, 1 rejected\); claims 247: 246 matched, 1 unmatched$/.test(line))).to.have.length(1);
    expect(first.filter((line) => line.startsWith('== '))).to.deep.equal(['== office', '== claims', '== posting', '== team', '== collections', '== kpis']);
    // Every schedule ran for five days; the books agree with the ledger on each of them.
    expect(first.filter((line) => /^day \+\d+: balance discrepancies 0; /.test(line))).to.have.length(5);
    // On day +120 the cycle referred accounts to the agency, in the demo's own folder, and only then.
    const referrals = first.filter((line) => / agency referral file in /.test(line));
    expect(referrals).to.have.length(1);
    expect(referrals[0]).to.match(new RegExp(`^day \\+120: agency referral file in ${agencyDir}/: [1-9]\\d* accounts; columns account_number,`));
    // The deliberate claim errors lower the clean-claim rate by exactly their share.
    expect(first.filter((line) => /^ {2}check: clean-claim rate (\d+)\/(\d+) = \(\2 claims − \d+ deliberate errors\) \/ \2 claims$/.test(line))).to.have.length(1);
    // What tripped the second run before: the first run's database and finished jobs are still there.
    expect(await databaseExists(config.database.url)).to.equal(true);
    expect(await keyCount(config.queuePrefix)).to.be.greaterThan(0);

    const second = await demoRun();
    expect(second).to.deep.equal(first);

    expect(await databaseExists(office.databaseUrl)).to.equal(false);
    expect(await keyCount(office.queuePrefix)).to.equal(0);
  });
});
