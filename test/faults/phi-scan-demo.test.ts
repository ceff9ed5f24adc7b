// No patient data in Redis or the logs: the demo office is driven through the engine (as
// `npm run demo`, in a child process, at LOG_LEVEL=debug so every log line is written), then every
// key and value under the demo's queue prefix and everything the process wrote to stderr is
// searched for the demo's patient names, birth dates (1961-04-02 and 19610402 forms), member ids
// and street addresses, read from the demo's database afterwards. Zero hits. In the fault suite
// because the demo takes most of a minute; the scanner itself is tested in
// test/integration/operations/phi-scanner.test.ts (it finds planted values).
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testDatabaseUrl } from '../support/test-env.js';
import { scanLog, scanRedis } from '../support/phi-scan.js';
import { dropDatabase } from '../../src/db/orm.js';
import { deleteQueueKeys } from '../../src/queues/maintenance.js';
import { databaseName } from '../../scripts/demo/demo-config.js';

describe('the PHI scan after the demo', () => {
  const suffix = randomBytes(3).toString('hex');
  const officeUrl = testDatabaseUrl();
  const demoUrl = new URL(officeUrl);
  demoUrl.pathname = `/${databaseName(officeUrl)}_phi_${suffix}`;
  const prefix = `rcmtest-${suffix}-phi`;
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  let passed = false;

  after(async () => {
    // A failed run leaves its database for inspection, as the test schemas do.
    if (passed) await dropDatabase(demoUrl.toString());
    await deleteQueueKeys(redisUrl, prefix);
  });

  function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
        env: {
          ...process.env, DATABASE_URL: officeUrl, DATABASE_SCHEMA: 'public', QUEUE_PREFIX: `rcmtest-${suffix}`, REDIS_URL: redisUrl,
          DEMO_DATABASE_URL: demoUrl.toString(), DEMO_QUEUE_PREFIX: prefix, LOG_LEVEL: 'debug',
          DEMO_AGENCY_EXPORT_DIR: mkdtempSync(join(tmpdir(), 'rcm-demo-agency-')),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  async function demoPatientData(): Promise<string[]> {
    const client = new pg.Client({ connectionString: demoUrl.toString() });
    await client.connect();
    try {
      const patients = await client.query<{ last_name: string; first_name: string | null; middle_name: string | null; dashed: string | null; packed: string | null; line1: string | null }>(
        `select last_name, first_name, middle_name, to_char(birth_date, 'YYYY-MM-DD') as dashed, to_char(birth_date, 'YYYYMMDD') as packed,
                address->>'line1' as line1 from patient`,
      );
      const members = await client.query<{ member_id: string }>(`select member_id from coverage`);
      expect(patients.rowCount).to.be.greaterThan(0);
      expect(members.rowCount).to.be.greaterThan(0);
      return [
        ...patients.rows.flatMap((p) => [p.last_name, p.first_name, p.middle_name, p.dashed, p.packed, p.line1]),
        ...members.rows.map((m) => m.member_id),
      ].filter((value): value is string => !!value);
    } finally {
      await client.end();
    }
  }

  it('finds none of the demo patients\' names, birth dates, member ids or addresses in Redis or the logs', async function () {
    this.timeout(240000);
    const demo = await runDemo();
    expect(demo.code, demo.stderr.slice(-2000)).to.equal(0);
    expect(demo.stdout).to.include('demo complete');

    const needles = await demoPatientData();
    expect(needles.length).to.be.greaterThan(200);
    const redis = await scanRedis(redisUrl, prefix, needles);
    // The demo left jobs, events and schedulers behind to scan.
    expect(redis.keys).to.be.greaterThan(50);
    expect(Object.keys(redis.types)).to.include.members(['hash', 'zset', 'stream']);
    const logLines = demo.stderr.split('\n').filter(Boolean);
    expect(logLines.length, 'debug logging wrote lines to scan').to.be.greaterThan(20);
    const logs = scanLog(demo.stderr, needles);
    expect(redis.hits, JSON.stringify(redis.hits.slice(0, 5))).to.deep.equal([]);
    expect(logs, JSON.stringify(logs.slice(0, 5))).to.deep.equal([]);
    passed = true;
  });
});
