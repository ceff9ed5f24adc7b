// The admin API for people and tokens, against a running engine: the same services as the CLI,
// acting as the signed-in admin (audited under their login). Each bad input is answered with the
// service's message and changes nothing; an unknown person or token is 404.
import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson, type TestPerson } from '../../support/sign-in.js';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { sqlRunner } from '../../../src/db/sql.js';

describe('admin API: people and tokens', () => {
  const env = useTestEnv();
  let base: string;
  let admin: TestPerson;

  beforeEach(async () => {
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-admin-api-')) });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    base = `http://127.0.0.1:${engine.port}`;
    admin = await signedInPerson(env.orm, 'admin', { login: 'ada' });
  });

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = admin.headers) => {
    const response = await fetch(`${base}${path}`, {
      method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() as any };
  };
  const audit = async () => (await sqlRunner(env.orm.em.fork())<{ actor: string; action: string }>(`select actor, action from audit_event order by id`))
    .map((r) => `${r.actor} ${r.action}`);
  const peopleCount = async () => Number((await sqlRunner(env.orm.em.fork())<{ n: string }>(`select count(*) as n from specialist`))[0].n);

  it('adds, lists, updates and deactivates people, each change audited under the admin', async () => {
    const added = await call('POST', '/api/people', {
      login: 'sam', displayName: 'Sam Supervisor', role: 'supervisor', skills: ['denial'], capacity: 10, timeZone: 'America/Chicago', hours: '07:00-15:30', days: 'mon-thu',
    });
    expect(added.status).to.equal(201);
    expect(added.body.action).to.equal('user.add');
    expect(added.body.person).to.include({ login: 'sam', role: 'supervisor', capacity: 10, timeZone: 'America/Chicago', supervisor: null, active: true });
    expect(added.body.person.workingHours).to.deep.equal({ start: '07:00', end: '15:30', days: [1, 2, 3, 4] });
    expect(added.body.person).to.not.have.property('supervisorId');
    expect((await call('POST', '/api/people', { login: 'dana', displayName: 'Dana', supervisor: 'sam' })).status).to.equal(201);

    const list = await call('GET', '/api/people');
    expect(list.status).to.equal(200);
    expect(list.body.map((p: { login: string }) => p.login)).to.deep.equal(['ada', 'dana', 'sam']);

    const updated = await call('PATCH', '/api/people/dana', { capacity: 5, certifications: ['cpc'] });
    expect(updated.status).to.equal(200);
    expect(updated.body).to.deep.include({ action: 'user.update', changed: ['certifications', 'capacity'] });
    expect(updated.body.person).to.include({ capacity: 5, supervisor: 'sam' });
    expect(updated.body.person.certifications).to.deep.equal(['CPC']);
    expect((await call('PATCH', '/api/people/dana', { supervisor: null })).body.person.supervisor).to.equal(null);

    const deactivated = await call('POST', '/api/people/dana/deactivate');
    expect(deactivated.status).to.equal(200);
    expect(deactivated.body).to.deep.include({ action: 'user.deactivate', changed: ['active'] });
    expect((await call('GET', '/api/people?activeOnly=true')).body.map((p: { login: string }) => p.login)).to.deep.equal(['ada', 'sam']);
    expect((await call('PATCH', '/api/people/dana', { active: true })).body.person.active).to.equal(true);
    expect(await audit()).to.deep.equal(['ada user.add', 'ada user.add', 'ada user.update', 'ada user.update', 'ada user.deactivate', 'ada user.update']);
  });

  it('refuses bad input with the service message and changes nothing', async () => {
    await call('POST', '/api/people', { login: 'sam', displayName: 'Sam', role: 'supervisor' });
    await call('POST', '/api/people', { login: 'dana', displayName: 'Dana', supervisor: 'sam' });
    const before = await audit();
    const refusals: Array<[string, string, unknown, number, string]> = [
      ['POST', '/api/people', { login: 'x1', displayName: 'X', timeZone: 'EST' }, 400, 'time zone "EST" is not an IANA zone name such as America/Chicago'],
      ['POST', '/api/people', { login: 'x1', displayName: 'X', timeZone: 'Mars/Olympus' }, 400, 'time zone "Mars/Olympus" is not a known IANA zone (e.g. America/Chicago)'],
      ['POST', '/api/people', { login: 'x1', displayName: 'X', hours: '17:00-08:00' }, 400, 'working hours "17:00-08:00": the start must be before the end'],
      ['POST', '/api/people', { login: 'x1', displayName: 'X', days: 'fri-mon' }, 400, 'working days "fri-mon": fri-mon runs backwards (write e.g. mon-fri)'],
      ['POST', '/api/people', { login: 'x1', displayName: 'X', capacity: -1 }, 400, 'capacity cannot be below zero (got -1)'],
      ['POST', '/api/people', { login: 'x1', displayName: 'X', supervisor: 'nobody' }, 400, 'unknown supervisor "nobody"; nothing changed'],
      ['POST', '/api/people', { login: 'sam', displayName: 'Sam again' }, 400, 'login "sam" is already taken; nothing changed'],
      ['POST', '/api/people', { login: 'x1', displayName: 'X', capacty: 3 }, 400, 'body must NOT have additional properties'],
      ['POST', '/api/people', { login: 'x1' }, 400, "body must have required property 'displayName'"],
      ['PATCH', '/api/people/sam', { supervisor: 'dana' }, 400, 'supervisor loop in the reporting chain: sam -> dana -> sam; nothing changed'],
      ['PATCH', '/api/people/sam', { capacity: -5 }, 400, 'capacity cannot be below zero (got -5)'],
      ['PATCH', '/api/people/sam', { hours: '8-5' }, 400, 'working hours "8-5" must look like 08:00-17:00'],
      ['PATCH', '/api/people/nobody', { capacity: 3 }, 404, 'unknown person "nobody"; nothing changed'],
      ['POST', '/api/people/nobody/deactivate', undefined, 404, 'unknown person "nobody"; nothing changed'],
      ['POST', '/api/people/nobody/tokens', undefined, 404, 'unknown person "nobody"; nothing changed'],
      ['POST', '/api/people/dana/tokens', { expiresIn: 'forever' }, 400, '--expires-in must be a positive number of days, hours or minutes at most 3650d (e.g. 30d, 12h, 90m), not "forever"; nothing changed'],
      ['DELETE', '/api/tokens/000000000000', undefined, 404, 'unknown token "000000000000" (see rcm tokens list); nothing changed'],
    ];
    for (const [method, path, body, status, error] of refusals) {
      const answer = await call(method, path, body);
      expect([answer.status, answer.body], `${method} ${path} ${JSON.stringify(body)}`).to.deep.equal([status, { error }]);
    }
    expect(await peopleCount()).to.equal(3);
    expect(await audit()).to.deep.equal(before);
    const sam = (await call('GET', '/api/people')).body.find((p: { login: string }) => p.login === 'sam');
    expect(sam).to.include({ capacity: 25, supervisor: null });
  });

  it('makes a token once, lists tokens without secrets, and revokes one: the API then refuses it', async () => {
    await call('POST', '/api/people', { login: 'olive', displayName: 'Olive Operator', role: 'operator' });
    const created = await call('POST', '/api/people/olive/tokens', { expiresIn: '30d' });
    expect(created.status).to.equal(201);
    expect(created.body.token).to.match(/^rcm_[0-9a-f]{12}_/);
    expect(created.body).to.include({ login: 'olive', id: created.body.token.slice(4, 16) });
    const olive = { authorization: `Bearer ${created.body.token}` };
    expect((await call('GET', '/api/remittances/files/1', undefined, olive)).status).to.equal(404); // signed in, past the role check

    const listed = await call('GET', '/api/tokens?login=olive');
    expect(listed.status).to.equal(200);
    expect(listed.body).to.have.length(1);
    expect(listed.body[0]).to.include({ id: created.body.id, login: 'olive', createdBy: 'ada', revokedAt: null });
    expect(JSON.stringify((await call('GET', '/api/tokens')).body)).to.not.include(created.body.token.slice(17));

    const revoked = await call('DELETE', `/api/tokens/${created.body.id}`);
    expect(revoked.status).to.equal(200);
    expect(revoked.body.changed).to.equal(true);
    expect(revoked.body.token.revokedAt).to.be.a('string');
    expect((await call('DELETE', `/api/tokens/${created.body.id}`)).body.changed).to.equal(false);
    expect(await call('GET', '/api/remittances/files/1', undefined, olive)).to.deep.equal({ status: 401, body: { error: 'the bearer token was revoked' } });
    expect((await audit()).filter((a) => a.includes('token.'))).to.deep.equal(['ada token.create', 'ada token.revoke']);
    // Without a body, a token that does not expire.
    expect((await call('POST', '/api/people/olive/tokens')).body.expiresAt).to.equal(null);
  });

  it('is for admins only', async () => {
    const supervisor = await signedInPerson(env.orm, 'supervisor');
    const refused = await call('POST', '/api/people', { login: 'x1', displayName: 'X' }, supervisor.headers);
    expect(refused).to.deep.equal({ status: 403, body: { error: `this route is for admin; ${supervisor.login} is supervisor` } });
    expect(await peopleCount()).to.equal(2);
  });
});
