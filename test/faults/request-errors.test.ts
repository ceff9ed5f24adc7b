// Bad request bodies on every POST route the app serves (enumerated from the app, so a route
// added later is held to the same answers), an unknown route, and an unexpected failure: each
// answered with an exact status and JSON body, never a stack trace or an error class.
import { expect } from 'chai';
import { request } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { useTestEnv } from '../support/test-env.js';
import { signedInPerson } from '../support/sign-in.js';
import { PERSON_ROLES } from '../../src/domain/people/person.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine.js';
import { engineHandlers } from '../../workers/registry.js';
import { buildApp } from '../../src/http/app.js';
import { routesOf } from '../../src/http/route-table.js';
import { EdiFile, OutboxMessage } from '../../src/db/entities/index.js';
import { createRedis, whenReady } from '../../src/queues/connection.js';
import { QueueSet } from '../../src/queues/queue-set.js';
import { catalog } from '../../src/queues/registry.js';

const BODY_LIMIT = 4096;
const UPLOAD_LIMIT = 8192;

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; text: string }

/** The token sent with each request: one per role, chosen per route. */
let authorization: string | undefined;
const tokens = new Map<string, string>();

/** One request with a declared length (the body may be shorter: a refused upload is not read to its end). */
function send(port: number, method: string, path: string, contentType: string | undefined, body: Buffer, declaredLength = body.length): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-length': declaredLength };
    if (contentType) headers['content-type'] = contentType;
    if (authorization) headers.authorization = authorization;
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(body);
    if (declaredLength === body.length) req.end();
  });
}

/** The JSON body, checked to be only `{ error }` (plus a request id where one is expected) with no trace of code. */
function errorBody(answer: Answer): Record<string, unknown> {
  expect(answer.headers['content-type']).to.match(/^application\/json/);
  expect(answer.text).to.not.match(/\n\s+at |Error\b|FST_|"statusCode"|"stack"/);
  return JSON.parse(answer.text);
}

describe('HTTP answers to bad requests on every route', () => {
  const env = useTestEnv();

  async function startApi(): Promise<Engine> {
    const config = loadConfig({
      ...process.env, ...env.childEnv, PORT: '0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-requests-inbox-')),
      HTTP_BODY_LIMIT_BYTES: String(BODY_LIMIT), HTTP_UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT),
    });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    for (const role of PERSON_ROLES) tokens.set(role, (await signedInPerson(env.orm, role)).headers.authorization);
    authorization = tokens.get('admin');
    return engine;
  }

  it('answers malformed JSON 400 naming the problem, an oversized body 413, an X12 body 413 or 415, on each POST route', async () => {
    const engine = await startApi();
    const port = engine.port!;
    const posts = routesOf(engine.app!).filter((r) => r.method === 'POST');
    // The enumeration sees the API's routes and the board's.
    expect(posts.map((r) => r.url)).to.include.members(['/api/claims', '/api/claims/import', '/api/claims/submit', '/api/acks', '/api/remittances', '/board/api/queues/:queueName/add']);

    for (const route of posts) {
      // Signed in with a role the route takes (an admin's, where the route allows admins).
      const roles = route.roles === 'public' || route.roles === undefined ? ['admin'] as const : route.roles;
      authorization = tokens.get(roles.includes('admin') ? 'admin' : roles[0]);
      const path = route.url.replace(/:[A-Za-z]+/g, 'claims').replace(/\*/g, 'x');
      const malformed = await send(port, 'POST', path, 'application/json', Buffer.from('{"payerId": "P1",}'));
      expect(malformed.status, `${path} malformed JSON`).to.equal(400);
      const { error, ...rest } = errorBody(malformed);
      expect(rest, path).to.deep.equal({});
      // Newer V8 adds "(line 1 column 18)".
      expect(error, path).to.match(/^request body is not valid JSON: Expected double-quoted property name in JSON at position 17( \(line 1 column 18\))?$/);

      const notJson = await send(port, 'POST', path, 'application/json', Buffer.from('{"name": Jane Doe}'));
      expect(errorBody(notJson), path).to.deep.equal({ error: "request body is not valid JSON: Unexpected token 'J'" }); // the body is not echoed

      const oversized = await send(port, 'POST', path, 'application/json', Buffer.from(JSON.stringify({ note: 'x'.repeat(BODY_LIMIT) })));
      expect(oversized.status, `${path} oversized JSON`).to.equal(413);
      expect(errorBody(oversized), path).to.deep.equal({ error: 'request body is larger than the limit of 4 KB' });

      const upload = await send(port, 'POST', path, 'application/edi-x12', Buffer.from('ISA*00*'), UPLOAD_LIMIT + 1);
      if (route.takesUploads) {
        expect(upload.status, `${path} oversized upload`).to.equal(413);
        expect(errorBody(upload), path).to.deep.equal({ error: 'the file is larger than the upload limit of 8 KB' });
      } else {
        expect(upload.status, `${path} X12 body`).to.equal(415);
        expect(errorBody(upload), path).to.deep.equal({ error: 'unsupported media type "application/edi-x12" for this route' });
      }
    }
    // None of it was stored or enqueued.
    const em = env.orm.em.fork();
    expect(await em.count(EdiFile, {})).to.equal(0);
    expect(await em.count(OutboxMessage, {})).to.equal(0);
  });

  it('answers an upload without a token 401 before reading it, stores nothing, and keeps serving', async function () {
    this.timeout(60000);
    const engine = await startApi();
    const port = engine.port!;
    // A chunked upload that keeps sending until the server answers (as a sender would).
    const answer = await new Promise<{ status: number; challenge?: string; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/remittances?fileName=unsigned.835', method: 'POST', headers: { 'content-type': 'application/edi-x12' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'], body });
          req.destroy();
        });
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 'ISA*00*invented remittance~');
      let sent = 0;
      const sendMore = () => {
        if (req.destroyed || sent >= 40) return;
        sent += 1;
        req.write(chunk, () => setTimeout(sendMore, 5));
      };
      sendMore();
    });
    expect(answer.status).to.equal(401);
    expect(answer.challenge).to.equal('Bearer realm="rcm"');
    expect(JSON.parse(answer.body)).to.deep.equal({ error: 'sign-in required: send Authorization: Bearer <token> (rcm tokens create)' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await send(port, 'GET', '/health', undefined, Buffer.alloc(0))).status).to.equal(200);
    expect(await env.orm.em.fork().count(EdiFile, {})).to.equal(0);
  });

  it('answers an unknown route with a JSON 404, and bad query values with 400', async () => {
    const engine = await startApi();
    const port = engine.port!;
    const unknown = await send(port, 'GET', '/api/nothing-here?fileName=secret.835', undefined, Buffer.alloc(0));
    expect(unknown.status).to.equal(404);
    expect(errorBody(unknown)).to.deep.equal({ error: 'no route GET /api/nothing-here' });
    const unknownPost = await send(port, 'POST', '/api/claims/nothing', 'application/json', Buffer.from('{}'));
    expect(unknownPost.status).to.equal(404);
    expect(errorBody(unknownPost)).to.deep.equal({ error: 'no route POST /api/claims/nothing' });
    const badLimit = await send(port, 'GET', '/api/claims?limit=abc', undefined, Buffer.alloc(0));
    expect(badLimit.status).to.equal(400);
    expect(errorBody(badLimit)).to.deep.equal({ error: 'limit must be a whole number above 0' });
  });

  it('answers an unexpected failure 500 with a request id that its log line carries, with no message from the error', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (raw: string) => lines.push(JSON.parse(raw)) });
    const redis = createRedis(env.config.redis.url, 'producer');
    await whenReady(redis);
    const queues = new QueueSet(catalog, redis, env.config.queuePrefix, env.logger);
    const app = await buildApp({ orm: env.orm, redis, queues, logger });
    env.defer(async () => {
      await app.close();
      await queues.close();
      redis.disconnect();
    });
    // A route added after the app is built, as a future capability would: it gets the same handler.
    app.get('/api/fails', { config: { roles: 'public' } }, async () => {
      throw new TypeError('patient JANE DOE has no coverage');
    });
    const response = await app.inject({ method: 'GET', url: '/api/fails' });
    expect(response.statusCode).to.equal(500);
    const body = response.json() as { requestId: string };
    expect(body).to.deep.equal({ error: 'internal error; the log has its details under this request id', requestId: response.headers['x-request-id'] });
    const logged = lines.filter((l) => l.msg === 'request failed');
    expect(logged).to.have.length(1);
    expect(logged[0]).to.include({ reqId: body.requestId, errorClass: 'TypeError', method: 'GET', route: '/api/fails' });
    expect(String(logged[0].stack)).to.match(/^\s+at /);
    expect(JSON.stringify(lines)).to.not.include('JANE');
  });
});
