// The auth matrix, walked from /openapi.json: every route that is not public answers 401 without
// a sign-in and with an expired, revoked, unknown or malformed token, 403 to each role its
// x-roles leave out, and lets each listed role past the role check. Routes added later (the task
// routes, anything else) are in the document, so they are held to the same answers without
// editing this test. The document itself must list every route the app serves, with its roles.
import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { routesOf } from '../../../src/http/route-table.js';
import { openApiPath, type OpenApiDocument } from '../../../src/http/openapi.js';
import { PERSON_ROLES, type PersonRole } from '../../../src/domain/people/person.js';
import { mintToken } from '../../../src/domain/people/api-token.js';
import { TokensRepository } from '../../../src/db/repositories/tokens.repository.js';
import { sqlRunner } from '../../../src/db/sql.js';

interface Call { method: string; path: string; label: string }

/** A path with each `{param}` filled in: a value no test data has, so an allowed call finds nothing and changes nothing. */
function concrete(path: string): string {
  return path.replace(/\{[^}]+\}/g, '999999');
}

describe('the auth matrix, walking /openapi.json', () => {
  const env = useTestEnv();

  it('refuses every protected route without a valid sign-in (401) and for each role not in its x-roles (403)', async function () {
    this.timeout(120000);
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-matrix-inbox-')) });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const base = `http://127.0.0.1:${engine.port}`;

    const answer = await fetch(`${base}/openapi.json`);
    expect(answer.status).to.equal(200);
    const document = await answer.json() as OpenApiDocument;
    expect(document.openapi).to.equal('3.1.0');

    // Every route the app serves is in the document, with the roles the hook enforces.
    const table = routesOf(engine.app!);
    expect(table.length).to.be.greaterThan(20);
    for (const route of table) {
      const operation = document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url} in /openapi.json`).to.not.equal(undefined);
      expect(operation['x-roles'], `${route.method} ${route.url} x-roles`).to.deep.equal(route.roles);
      expect(operation.summary, `${route.method} ${route.url} summary`).to.be.a('string').and.not.equal('');
    }
    // ...and nothing else.
    const operations = Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(operations).to.equal(table.length);

    // One person of each role, and tokens that must not sign anyone in.
    const people = new Map<PersonRole, { authorization: string }>();
    for (const role of PERSON_ROLES) people.set(role, (await signedInPerson(env.orm, role)).headers);
    const admin = await signedInPerson(env.orm, 'admin');
    const tokens = new TokensRepository(sqlRunner(env.orm.em.fork()));
    const expired = mintToken();
    await tokens.insert({ publicId: expired.publicId, secretHash: expired.secretHash, personId: admin.id, createdBy: 'test', expiresAt: new Date(Date.now() - 60_000) }, new Date(Date.now() - 3_600_000));
    const revoked = mintToken();
    await tokens.insert({ publicId: revoked.publicId, secretHash: revoked.secretHash, personId: admin.id, createdBy: 'test', expiresAt: null }, new Date());
    await tokens.revoke(revoked.publicId, new Date());
    const unknown = mintToken();
    const badSignIns: Array<[string, Record<string, string>]> = [
      ['no token', {}],
      ['an expired token', { authorization: `Bearer ${expired.token}` }],
      ['a revoked token', { authorization: `Bearer ${revoked.token}` }],
      ['an unknown token', { authorization: `Bearer ${unknown.token}` }],
      ['a malformed token', { authorization: 'Bearer rcm_not-a-token' }],
    ];

    const calls: Array<Call & { roles: readonly PersonRole[] }> = [];
    for (const [path, ops] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(ops)) {
        const roles = operation['x-roles'];
        if (roles === 'public') continue;
        expect(roles, `${method} ${path} x-roles`).to.be.an('array').that.is.not.empty;
        calls.push({ method: method.toUpperCase(), path: concrete(path), label: `${method.toUpperCase()} ${path}`, roles: roles as PersonRole[] });
      }
    }
    // The API's and the board's protected routes are all walked.
    expect(calls.map((c) => c.label)).to.include.members(['GET /api/claims', 'POST /api/people', 'DELETE /api/tokens/{id}', 'GET /board/api/queues', 'PUT /board/api/queues/{queueName}/{jobId}/retry']);

    const send = (call: Call, headers: Record<string, string>) => fetch(`${base}${call.path}`, { method: call.method, headers, redirect: 'manual' });
    for (const call of calls) {
      await Promise.all(badSignIns.map(async ([what, headers]) => {
        const response = await send(call, headers);
        expect(response.status, `${call.label} with ${what}`).to.equal(401);
        if (call.method !== 'HEAD') expect(Object.keys(await response.json() as object), `${call.label} with ${what}`).to.deep.equal(['error']);
      }));
      await Promise.all(PERSON_ROLES.map(async (role) => {
        const response = await send(call, people.get(role)!);
        const body = call.method === 'HEAD' ? '' : await response.text();
        if (call.roles.includes(role)) {
          // Past the role check: what the handler says of a placeholder id is its own business.
          expect(response.status, `${call.label} as ${role}`).to.not.equal(401);
          expect(body, `${call.label} as ${role}`).to.not.include('this route is for');
        } else {
          expect(response.status, `${call.label} as ${role}`).to.equal(403);
          if (call.method !== 'HEAD') expect(JSON.parse(body).error, `${call.label} as ${role}`).to.match(/^this route is for /);
        }
      }));
    }
  });

  it('keeps /health, /openapi.json and the board sign-in page open', async () => {
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-matrix-inbox-')) });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const base = `http://127.0.0.1:${engine.port}`;
    const document = await (await fetch(`${base}/openapi.json`)).json() as OpenApiDocument;
    const open = Object.entries(document.paths).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op['x-roles'] === 'public').map(([m]) => `${m.toUpperCase()} ${path}`));
    expect(open.sort()).to.deep.equal([
      'GET /board/login', 'GET /health', 'GET /health/live', 'GET /health/ready', 'GET /openapi.json',
      'HEAD /board/login', 'HEAD /health', 'HEAD /health/live', 'HEAD /health/ready', 'HEAD /openapi.json', 'POST /board/login', 'POST /board/logout',
    ]);
    expect((await fetch(`${base}/health`)).status).to.equal(200);
    expect((await fetch(`${base}/board/login`)).status).to.equal(200);
    // A body schema that allows no body (submit every payer's claims) still takes none.
    const operator = await signedInPerson(env.orm, 'operator');
    const submitted = await fetch(`${base}/api/claims/submit`, { method: 'POST', headers: operator.headers });
    expect([submitted.status, await submitted.json()]).to.deep.equal([202, { payers: [] }]);
  });
});
