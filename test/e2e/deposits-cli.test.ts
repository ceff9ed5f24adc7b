// `rcm deposits import` and `rcm schedules` as an operator uses them: bank files in (a refused one
// named by line, exit 1), the same file again adding nothing, the schedules listed and one run
// on demand for a day.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';
import { signedInPerson } from '../support/sign-in.js';
import { sqlRunner } from '../../src/db/sql.js';

const sampleBai2 = fileURLToPath(new URL('../fixtures/deposits/sample.bai2', import.meta.url));

describe('rcm deposits and rcm schedules', () => {
  const env = useTestEnv();

  it('imports bank files, refuses a bad one by its line (exit 1), and the same file again adds nothing', async function () {
    this.timeout(60000); // one CLI spawn, seconds on a busy machine
    const ops = await signedInPerson(env.orm, 'operator');
    const bad = join(await mkdtemp(join(tmpdir(), 'rcm-deposits-')), 'bad.csv');
    await writeFile(bad, 'date,amount,trace,bank_account\n2026-12-03,12.5,T1,111122223333\n');
    const result = await runCli(['deposits', 'import', sampleBai2, bad, sampleBai2, '--as', ops.login, '--json'], env.childEnv);
    expect(result.code, result.stderr).to.equal(1);
    const [good, refused, again] = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(good).to.deep.include({ file: 'sample.bai2', format: 'BAI2', status: 'imported', added: 4 });
    expect(refused).to.deep.include({ file: 'bad.csv', status: 'refused' });
    expect(refused.error).to.match(/^deposit file \d+ rejected: line 2, field amount, not a positive amount in dollars with two decimals/);
    expect(again).to.deep.include({ file: 'sample.bai2', fileId: good.fileId, status: 'duplicate', added: 0 });
    expect(again.totals).to.deep.equal({ deposits: 4, totalCents: 563815, byStatus: { unmatched: 4 } });
    expect(await sqlRunner(env.orm.em.fork())('select count(*)::int as n from deposit')).to.deep.equal([{ n: 4 }]);
  });

  it('lists the schedules with their zone and next run, and runs one for a day', async function () {
    this.timeout(60000); // two CLI spawns
    const ops = await signedInPerson(env.orm, 'operator');
    const list = await runCli(['schedules', 'list', '--json'], env.childEnv);
    expect(list.code, list.stderr).to.equal(0);
    const schedules = JSON.parse(list.stdout);
    expect(schedules).to.have.length(7);
    expect(schedules.find((s: { name: string }) => s.name === 'collections.dunning')).to.deep.include({
      queue: 'collections', job: 'dunning', pattern: '30 4 * * *', timezone: env.config.timezone, enabled: true, scheduled: false,
    });

    const run = await runCli(['schedules', 'run', 'reconciliation.deposits', '--as-of', '2026-12-01', '--as', ops.login, '--json'], env.childEnv);
    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({ name: 'reconciliation.deposits', queue: 'reconciliation', job: 'deposits', asOf: '2026-12-01', queued: 'redis' });
  });
});
