// Signing in to the queue board from a browser, which cannot send a bearer token: GET /board/login
// is a form where the person pastes their API token, POST /board/login opens a session and sets
// an HttpOnly, SameSite=Strict cookie holding only the session's random secret, POST /board/logout
// ends it. The board's routes then accept the cookie as well as a bearer token (src/http/auth.ts
// `otherSignIn`), and a browser that opens a board page unsigned is sent to the form and back.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Orm } from '../db/orm.js';
import { sqlRunner } from '../db/sql.js';
import type { Clock } from '../domain/clock.js';
import type { Person } from '../domain/people/person.js';
import { RequestRefused } from '../errors.js';
import { BOARD_ROLES, boardSessionPerson, signInToBoard, signOutOfBoard } from '../services/people/board-sessions.service.js';
import { BOARD_PATH } from './board.js';

export const BOARD_LOGIN_PATH = `${BOARD_PATH}/login`;
export const BOARD_LOGOUT_PATH = `${BOARD_PATH}/logout`;
const COOKIE = 'rcm_board';
const FORM = 'application/x-www-form-urlencoded';

export interface BoardSignInOptions {
  orm: Orm;
  clock: Clock;
  sessionHours: number;
  bodyLimitBytes: number;
}

const WHY: Record<string, string> = {
  missing: 'Paste your API token.',
  malformed: 'That is not an rcm API token (it looks like rcm_<id>_<secret>).',
  unknown: 'That token is not known.',
  revoked: 'That token was revoked; ask an administrator for a new one.',
  expired: 'That token has expired; ask an administrator for a new one.',
  inactive: "That token's person is deactivated.",
  role: `The board is for ${BOARD_ROLES.map((role) => `${role}s`).join(' and ')}.`,
};

export async function boardSignInRoutes(app: FastifyInstance, options: BoardSignInOptions): Promise<void> {
  await app.register(async (scope) => {
    // The form's body, only in this scope; JSON bodies keep the app's parser.
    scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: options.bodyLimitBytes }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body.toString())));
    });

    scope.get<{ Querystring: { next?: string } }>(BOARD_LOGIN_PATH, {
      config: { roles: 'public' },
      schema: {
        summary: 'The queue board sign-in page (paste an API token); shows who is signed in, with a sign-out button',
        tags: ['board'],
        produces: ['text/html'],
        querystring: { type: 'object', properties: { next: { type: 'string', description: 'the board page to return to after sign-in' } } },
        response: { 200: { description: 'the sign-in page (HTML)', type: 'string' } },
      },
    }, async (request, reply) => {
      const person = await boardSessionPerson(sqlRunner(options.orm.em.fork()), cookieOf(request), options.clock.now());
      return htmlPage(reply, 200, page({ next: safeNext(request.query.next), person }));
    });

    scope.post<{ Body: { token?: string; next?: string } }>(BOARD_LOGIN_PATH, {
      config: { roles: 'public' },
      schema: {
        summary: 'Signs in to the queue board with an API token (operators and admins): sets the session cookie and returns to the board',
        tags: ['board'],
        consumes: [FORM, 'application/json'],
        body: {
          type: 'object',
          required: ['token'],
          properties: { token: { type: 'string', description: 'an API token, rcm_<id>_<secret>' }, next: { type: 'string' } },
        },
        response: { 303: { description: `signed in: Set-Cookie ${COOKIE} (HttpOnly, SameSite=Strict), Location the board page asked for` } },
      },
    }, async (request, reply) => {
      const next = safeNext(request.body.next);
      const result = await signInToBoard(options.orm, request.body.token ?? '', options.clock.now(), options.sessionHours);
      if ('refused' in result) {
        const why = WHY[result.refused];
        if (!isForm(request)) throw new RequestRefused(result.refused === 'role' ? 403 : 401, why);
        return htmlPage(reply, result.refused === 'role' ? 403 : 401, page({ next, error: why }));
      }
      reply.header('set-cookie', cookie(request, result.secret, options.sessionHours * 3600));
      return reply.redirect(next, 303);
    });

    scope.post(BOARD_LOGOUT_PATH, {
      config: { roles: 'public' },
      schema: {
        summary: 'Signs out of the queue board: ends the session and clears its cookie',
        tags: ['board'],
        response: { 303: { description: 'signed out: to the sign-in page' } },
      },
    }, async (request, reply) => {
      const secret = cookieOf(request);
      if (secret) await signOutOfBoard(options.orm, secret, options.clock.now());
      reply.header('set-cookie', cookie(request, '', 0));
      return reply.redirect(BOARD_LOGIN_PATH, 303);
    });
  });
}

/** For the auth hook: the person of the board session cookie, on the board's routes only. */
export function boardSessionSignIn(options: Pick<BoardSignInOptions, 'orm' | 'clock'>) {
  return async (request: FastifyRequest): Promise<Person | undefined> => {
    if (!isBoardUrl(request.url)) return undefined;
    return boardSessionPerson(sqlRunner(options.orm.em.fork()), cookieOf(request), options.clock.now());
  };
}

/** For the auth hook: where a browser opening a board page without a sign-in is sent. */
export function boardSignInPage(request: FastifyRequest): string | undefined {
  if (request.method !== 'GET' || !isBoardUrl(request.url)) return undefined;
  if (!String(request.headers.accept ?? '').includes('text/html')) return undefined;
  return `${BOARD_LOGIN_PATH}?next=${encodeURIComponent(safeNext(request.url))}`;
}

function isBoardUrl(url: string): boolean {
  return url === BOARD_PATH || url.startsWith(`${BOARD_PATH}/`) || url.startsWith(`${BOARD_PATH}?`);
}

/** Only a board page may be returned to: anything else (another site, the sign-in page) is the board's start. */
export function safeNext(next: string | undefined): string {
  if (!next || !isBoardUrl(next) || /[\\\s]|\/\//.test(next) || next.startsWith(BOARD_LOGIN_PATH)) return BOARD_PATH;
  return next;
}

function cookieOf(request: FastifyRequest): string | undefined {
  for (const part of String(request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  // Secure when the browser reached us over https; a plain-http install (a lab) must still work.
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${COOKIE}=${value}; Path=${BOARD_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

function isForm(request: FastifyRequest): boolean {
  return String(request.headers['content-type'] ?? '').toLowerCase().startsWith(FORM);
}

function htmlPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

function page(state: { next: string; person?: Person; error?: string }): string {
  const signedIn = state.person
    ? `<p>Signed in as <b>${escapeHtml(state.person.login)}</b> (${escapeHtml(state.person.role)}). <a href="${BOARD_PATH}">Open the board</a></p>
  <form method="post" action="${BOARD_LOGOUT_PATH}"><button type="submit">Sign out</button></form>
  <hr><p>Sign in with another token:</p>`
    : '';
  const error = state.error ? `<p role="alert" style="color:#b00">${escapeHtml(state.error)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>RCM queues: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
  <h1>RCM queues</h1>
  ${signedIn}${error}
  <form method="post" action="${BOARD_LOGIN_PATH}">
    <label>API token<br><input type="password" name="token" autocomplete="off" required size="60"></label>
    <input type="hidden" name="next" value="${escapeHtml(state.next)}">
    <p><button type="submit">Sign in</button></p>
  </form>
  <p>Operators read the board; admins may also retry, promote and clean jobs. An administrator makes your token with <code>rcm tokens create</code>.</p>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
