// Signing in to the queue board from a browser: the login form, the session cookie (HttpOnly,
// SameSite=Strict, a random secret stored hashed, never the token), operators reading and admins
// acting, the way back to the page asked for, sign-out, and the session's end when it expires or
// its token is revoked. API clients keep getting 401 JSON.
import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { safeNext } from '../../../src/http/board-sign-in.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the queue board sign-in', () => {
  const env = useTestEnv();
  let base: string;

  async function start(overrides: Record<string, string> = {}) {
    const config = loadConfig({ ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-board-')), ...overrides });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    base = `http://127.0.0.1:${engine.port}`;
  }
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: 'manual' });
  const signIn = (token: string, next = '/board') => fetch(`${base}/board/login`, {
    method: 'POST', headers: FORM, body: new URLSearchParams({ token, next }).toString(), redirect: 'manual',
  });
  const run = () => sqlRunner(env.orm.em.fork());
  const audit = async () => (await run()<{ actor: string; action: string }>(`select actor, action from audit_event where action like 'board.%' order by id`))
    .map((r) => `${r.actor} ${r.action}`);

  it('sends a browser to the login page and back; an API client gets 401 JSON', async () => {
    await start();
    const page = await get('/board/queue/claims', { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).to.equal(303);
    expect(page.headers.get('location')).to.equal('/board/login?next=%2Fboard%2Fqueue%2Fclaims');
    const api = await get('/board/api/queues', { accept: 'application/json' });
    expect(api.status).to.equal(401);
    expect(await api.json()).to.deep.equal({ error: 'sign-in required: send Authorization: Bearer <token> (rcm tokens create)' });
    // A bearer token is still taken from a browser, wrong or not.
    expect((await get('/board', { accept: 'text/html', authorization: 'Bearer nope' })).status).to.equal(401);

    const form = await get('/board/login?next=%2Fboard%2Fqueue%2Fclaims');
    expect(form.status).to.equal(200);
    expect(form.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    const html = await form.text();
    expect(html).to.include('<form method="post" action="/board/login">');
    expect(html).to.include('name="next" value="/board/queue/claims"');

    const operator = await signedInPerson(env.orm, 'operator');
    const signedIn = await signIn(operator.token, '/board/queue/claims');
    expect(signedIn.status).to.equal(303);
    expect(signedIn.headers.get('location')).to.equal('/board/queue/claims');
    const setCookie = signedIn.headers.get('set-cookie')!;
    expect(setCookie).to.match(/^rcm_board=[A-Za-z0-9_-]{43}; Path=\/board; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    expect(setCookie).to.not.include(operator.token.split('_')[2]);
    const cookie = { cookie: setCookie.split(';')[0] };
    // Only the secret's hash is stored.
    const [session] = await run()<{ secret_hash: string }>(`select secret_hash from board_session`);
    expect(session.secret_hash).to.match(/^[0-9a-f]{64}$/);
    expect(setCookie).to.not.include(session.secret_hash);

    expect((await get('/board/queue/claims', { ...cookie, accept: 'text/html' })).status).to.equal(200);
    expect((await get('/board/api/queues', cookie)).status).to.equal(200);
    // Operators read; retrying, promoting and cleaning are the admins'.
    const retry = await fetch(`${base}/board/api/queues/claims/retry/failed`, { method: 'PUT', headers: cookie });
    expect(retry.status).to.equal(403);
    expect(await retry.json()).to.deep.equal({ error: `this route is for admin; ${operator.login} is operator` });
    // The cookie is for the board only.
    expect((await get('/api/remittances/files/1', cookie)).status).to.equal(401);
    expect(await (await get('/board/login', cookie)).text()).to.include(`Signed in as <b>${operator.login}</b> (operator)`);
  });

  it('lets a signed-in admin act on jobs', async () => {
    await start();
    const admin = await signedInPerson(env.orm, 'admin');
    const cookie = { cookie: (await signIn(admin.token)).headers.get('set-cookie')!.split(';')[0] };
    const retry = await fetch(`${base}/board/api/queues/claims/retry/failed`, { method: 'PUT', headers: cookie });
    expect(retry.status).to.equal(200);
  });

  it('refuses bad tokens and other roles on the form, and opens no session', async () => {
    await start();
    const specialist = await signedInPerson(env.orm, 'specialist');
    const cases: Array<[string, number, string]> = [
      ['', 401, 'Paste your API token.'],
      ['rcm_nope', 401, 'That is not an rcm API token (it looks like rcm_&#60;id&#62;_&#60;secret&#62;).'],
      [specialist.token, 403, 'The board is for operators and admins.'],
    ];
    for (const [token, status, message] of cases) {
      const answer = await signIn(token);
      expect(answer.status, token).to.equal(status);
      expect(answer.headers.get('set-cookie'), token).to.equal(null);
      expect(await answer.text(), token).to.include(message);
    }
    // JSON sign-in attempts get the API's error shape.
    const json = await fetch(`${base}/board/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: specialist.token }) });
    expect([json.status, await json.json()]).to.deep.equal([403, { error: 'The board is for operators and admins.' }]);
    expect((await run()(`select id from board_session`)).length).to.equal(0);
    expect(await audit()).to.deep.equal([]);
  });

  it('ends the session at sign-out, at its expiry, and when its token is revoked; sign-in and sign-out are audited', async () => {
    await start({ BOARD_SESSION_HOURS: '2' });
    const operator = await signedInPerson(env.orm, 'operator');
    const first = await signIn(operator.token);
    expect(first.headers.get('set-cookie')).to.include('Max-Age=7200');
    const cookie = { cookie: first.headers.get('set-cookie')!.split(';')[0] };
    expect((await get('/board/api/queues', cookie)).status).to.equal(200);
    const out = await fetch(`${base}/board/logout`, { method: 'POST', headers: cookie, redirect: 'manual' });
    expect(out.status).to.equal(303);
    expect(out.headers.get('location')).to.equal('/board/login');
    expect(out.headers.get('set-cookie')).to.match(/^rcm_board=; Path=\/board; Max-Age=0;/);
    expect((await get('/board/api/queues', cookie)).status).to.equal(401);
    expect((await get('/board', { ...cookie, accept: 'text/html' })).status).to.equal(303);

    const expiring = { cookie: (await signIn(operator.token)).headers.get('set-cookie')!.split(';')[0] };
    expect((await get('/board/api/queues', expiring)).status).to.equal(200);
    await run()(`update board_session set expires_at = now() - interval '1 second' where ended_at is null`);
    expect((await get('/board/api/queues', expiring)).status).to.equal(401);

    const revoking = { cookie: (await signIn(operator.token)).headers.get('set-cookie')!.split(';')[0] };
    expect((await get('/board/api/queues', revoking)).status).to.equal(200);
    await run()(`update api_token set revoked_at = now() where person_id = ?`, [operator.id]);
    expect((await get('/board/api/queues', revoking)).status).to.equal(401);

    expect(await audit()).to.deep.equal([
      `${operator.login} board.sign-in`, `${operator.login} board.sign-out`, `${operator.login} board.sign-in`, `${operator.login} board.sign-in`,
    ]);
  });

  it('returns only to board pages after sign-in', () => {
    expect(safeNext('/board/queue/claims?status=failed')).to.equal('/board/queue/claims?status=failed');
    for (const next of [undefined, '', 'https://elsewhere.example/board', '//elsewhere.example/board', '/board//x', '/boardroom', '/api/claims', '/board/login', '/board\\x']) {
      expect(safeNext(next), String(next)).to.equal('/board');
    }
  });
});
