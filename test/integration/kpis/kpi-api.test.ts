// GET /api/kpis with role limits: a specialist reads their own figures only, a supervisor their
// team's, a director the office's; an operator none. Figures are those of kpi-office.ts.
import { expect } from 'chai';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { engineHandlers } from '../../../workers/registry.js';
import { signedInPerson } from '../../support/sign-in.js';
import { useTestEnv } from '../../support/test-env.js';
import { seedKpiOffice } from './kpi-office.js';

describe('GET /api/kpis', () => {
  const env = useTestEnv();

  it('answers within the caller\'s role and refuses what is outside it', async function () {
    this.timeout(30000);
    const { people } = await seedKpiOffice(env.orm);
    const operator = await signedInPerson(env.orm, 'operator');
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', HOST: '127.0.0.1', TIMEZONE: 'UTC' });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [], clock: fixedClock('2026-11-20T12:00:00Z') });
    env.defer(() => engine.stop(5000));
    const get = async (who: { headers: Record<string, string> }, query: string) => {
      const response = await fetch(`http://127.0.0.1:${engine.port}/api/kpis?from=2026-11-02&to=2026-11-13${query}`, { headers: who.headers });
      return { status: response.status, body: await response.json() as any };
    };

    // A specialist: their own figures by default; another's, the office's or a team's are refused.
    const own = await get(people.s1, '');
    expect(own.status).to.equal(200);
    expect(own.body.by).to.equal('specialist');
    expect(own.body.rows.map((r: any) => r.name)).to.deep.equal(['ann']);
    expect(own.body.rows[0].people.dollarsRecoveredCents).to.equal(15000);
    expect(own.body.rows[0].people.tasksDonePerDay).to.deep.equal({ value: 0.1111, numerator: 1, denominator: 9 });
    expect((await get(people.s1, '&specialist=bob')).status).to.equal(403);
    expect((await get(people.s1, '&by=office')).status).to.equal(403);
    expect((await get(people.s1, '&by=team')).status).to.equal(403);

    // A supervisor: their team (themselves and below), its people; not the office, not others outside it.
    const team = await get(people.sup, '');
    expect(team.status).to.equal(200);
    expect(team.body.rows.map((r: any) => [r.scope, r.name])).to.deep.equal([['team', 'sam']]);
    expect(team.body.rows[0].people.tasksDonePerDay.numerator).to.equal(4);
    const members = await get(people.sup, '&by=specialist');
    expect(members.body.rows.map((r: any) => r.name)).to.have.members(['sam', 'ann', 'bob']);
    expect((await get(people.sup, '&specialist=cy')).status).to.equal(403);
    expect((await get(people.sup, '&by=payer')).status).to.equal(403);
    expect((await get(people.sup, '&specialist=nobody')).status).to.equal(404);

    // A director: the office, and any split.
    const office = await get(people.director, '');
    expect(office.status).to.equal(200);
    expect(office.body.rows[0].claims.cleanClaimRate).to.deep.equal({ value: 0.5, numerator: 2, denominator: 4 });
    expect((await get(people.director, '&by=payer')).body.rows).to.have.length(2);
    expect((await get(people.director, '&specialist=cy')).body.rows[0].name).to.equal('cy');

    // Bad input and the operator.
    expect((await get(people.director, '&by=week')).status).to.equal(400);
    const backwards = await fetch(`http://127.0.0.1:${engine.port}/api/kpis?from=2026-11-13&to=2026-11-02`, { headers: people.director.headers });
    expect(backwards.status).to.equal(400);
    expect(await backwards.json()).to.deep.include({ error: '--from 2026-11-13 is after --to 2026-11-02' });
    expect((await get(operator, '')).status).to.equal(403);
    expect((await fetch(`http://127.0.0.1:${engine.port}/api/kpis`)).status).to.equal(401);
  });
});
