// The aging report end to end: `rcm report aging --as-of --json` (taking the day's snapshot when
// there is none, refusing a date that is not one), and GET /api/reports/aging for the roles that
// oversee the money (supervisor, director, admin), refused to the others.
import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';
import { signedInPerson } from '../support/sign-in.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine.js';
import { engineHandlers } from '../../workers/registry.js';
import { addDays } from '../../src/domain/calendar-date.js';
import { bucketTotal } from '../../src/domain/collections/aging-buckets.js';
import { addClaim, inventedOffice, sendBatch } from '../integration/books/books-support.js';
import { PERSON_ROLES } from '../../src/domain/people/person.js';

const AS_OF = '2026-12-07';

describe('the aging report (CLI and API)', () => {
  const env = useTestEnv();

  async function books() {
    const office = await inventedOffice(env);
    const payerId = await office.payer('99AAA');
    const g = await office.guarantor();
    const young = await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: addDays(AS_OF, -30), lineCharges: [1500] });
    const old = await addClaim(env, office, { payerId, patientId: g.patientId, serviceDate: addDays(AS_OF, -31), lineCharges: [2500] });
    await sendBatch(env, payerId, [young.claimId, old.claimId], `${addDays(AS_OF, -20)}T19:00:00Z`);
  }

  it('rcm report aging --as-of --json takes the day\'s snapshot and prints buckets that add up; a bad date is refused', async function () {
    this.timeout(60000);
    await books();
    const result = await runCli(['report', 'aging', '--as-of', AS_OF, '--json'], env.childEnv);
    expect(result.code, result.stderr).to.equal(0);
    const report = JSON.parse(result.stdout);
    expect(report).to.deep.include({ asOf: AS_OF, basis: 'service-date', taken: true });
    expect(report.insurance.payers[0]).to.deep.include({ payer: '99AAA', claims: 2, totalCents: 4000 });
    expect(report.totals.buckets).to.deep.equal({ '0-30': 1500, '31-60': 2500, '61-90': 0, '91-120': 0, 'over-120': 0 });
    expect(bucketTotal(report.totals.buckets)).to.equal(report.totals.totalCents);

    const bad = await runCli(['report', 'aging', '--as-of', '2026-02-30'], env.childEnv);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.include('--as-of "2026-02-30" is not a calendar date');
  });

  it('GET /api/reports/aging answers supervisors, directors and admins, and refuses the other roles', async function () {
    this.timeout(60000);
    await books();
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-aging-inbox-')) });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const url = `http://127.0.0.1:${engine.port}/api/reports/aging?asOf=${AS_OF}`;
    const allowed = ['supervisor', 'director', 'admin'];
    for (const role of PERSON_ROLES) {
      const person = await signedInPerson(env.orm, role);
      const answer = await fetch(url, { headers: person.headers });
      expect(answer.status, role).to.equal(allowed.includes(role) ? 200 : 403);
      if (answer.status === 200) {
        const report = await answer.json() as { asOf: string; totals: { totalCents: number; buckets: Record<string, number> } };
        expect(report.asOf).to.equal(AS_OF);
        expect(report.totals.totalCents).to.equal(4000);
        expect(report.totals.buckets['31-60']).to.equal(2500);
      }
    }
    expect((await fetch(url)).status).to.equal(401);
    const admin = await signedInPerson(env.orm, 'admin');
    const bad = await fetch(`http://127.0.0.1:${engine.port}/api/reports/aging?asOf=2026-13-01`, { headers: admin.headers });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { error: string }).error).to.include('asOf "2026-13-01" is not a calendar date');
  });
});
