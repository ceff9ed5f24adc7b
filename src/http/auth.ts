// Who may call which route. Every route declares its roles in its options
// (`{ config: { roles: ['supervisor', 'admin'] } }`, or `roles: 'public'`); a route that declares
// none stops the app from starting, so no route is open by accident. A request to a protected
// route must carry `Authorization: Bearer rcm_<id>_<secret>` (the board also takes its sign-in
// cookie, src/http/board-sign-in.ts): without a valid token it is
// answered 401, with a token whose person has another role 403. The person is then
// `request.person` for the handler, which decides what that person may see (a specialist asking
// for another person's task gets 404, not 403: the task's existence is not theirs to learn).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RequestRefused } from '../errors.js';
import type { Orm } from '../db/orm.js';
import { sqlRunner } from '../db/sql.js';
import type { Clock } from '../domain/clock.js';
import { PERSON_ROLES, type Person, type PersonRole } from '../domain/people/person.js';
import { verifyToken } from '../services/people/tokens.service.js';

export type RouteRoles = readonly PersonRole[] | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (src/http/auth.ts); required on every route. */
    roles?: RouteRoles;
  }
  interface FastifyRequest {
    /** The signed-in person on a protected route; undefined on a public one. */
    person?: Person;
  }
}

/** Every role: for routes any signed-in person may call. */
export const ANY_ROLE: readonly PersonRole[] = PERSON_ROLES;

export class UndeclaredRolesError extends Error {
  override name = 'UndeclaredRolesError';
}

/** Refusal reasons as the client reads them (never whose token it was). */
const REFUSALS: Record<string, string> = {
  missing: 'sign-in required: send Authorization: Bearer <token> (rcm tokens create)',
  malformed: 'the bearer token is not an rcm token',
  unknown: 'the bearer token is not known',
  revoked: 'the bearer token was revoked',
  expired: 'the bearer token has expired',
  inactive: "the token's person is deactivated",
};

export interface AuthOptions {
  orm: Orm;
  clock: Clock;
  /**
   * Sign-in by another means for some routes (the board's session cookie): returns the person,
   * or undefined to fall back to the bearer token.
   */
  otherSignIn?: (request: FastifyRequest) => Promise<Person | undefined>;
  /** Roles for routes a plugin adds (the board), which cannot carry our config. */
  pluginRoles?: (method: string, url: string) => RouteRoles | undefined;
  /**
   * Where a browser that asks for a page without any sign-in is sent (the board's sign-in form),
   * or undefined to answer 401 as for an API client.
   */
  signInPage?: (request: FastifyRequest) => string | undefined;
}

/** Installs the role check on the app. Call before any route is added. */
export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  app.addHook('onRoute', (route) => {
    const method = [route.method].flat().join(',');
    if (route.config?.roles === undefined) {
      const roles = options.pluginRoles?.(method, route.url);
      if (roles !== undefined) route.config = { ...route.config, roles };
    }
    const roles = route.config?.roles;
    if (roles === undefined) {
      throw new UndeclaredRolesError(`route ${method} ${route.url} declares no roles: add config.roles (src/http/auth.ts)`);
    }
    if (roles !== 'public' && (roles.length === 0 || roles.some((r) => !PERSON_ROLES.includes(r)))) {
      throw new UndeclaredRolesError(`route ${route.url} declares unknown roles ${JSON.stringify(roles)}`);
    }
  });

  // onRequest: a refused request is answered before its body is read.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const roles = request.routeOptions.config?.roles;
    if (roles === undefined || roles === 'public') return; // unknown routes reach the 404 handler
    let person = options.otherSignIn ? await options.otherSignIn(request) : undefined;
    if (!person) {
      const presented = bearerToken(request);
      const page = presented === undefined ? options.signInPage?.(request) : undefined;
      if (page) return reply.redirect(page, 303);
      const check = await verifyToken(sqlRunner(options.orm.em.fork()), presented, options.clock.now());
      // Thrown, so the app's handler answers (and reads away an upload's unread body).
      if ('refused' in check) throw new RequestRefused(401, REFUSALS[check.refused]);
      person = check.person;
    }
    if (!roles.includes(person.role)) throw new RequestRefused(403, `this route is for ${roles.join(', ')}; ${person.login} is ${person.role}`);
    request.person = person;
  });
}

/** The signed-in person; for handlers of protected routes, where the hook has set it. */
export function signedIn(request: FastifyRequest): Person {
  if (!request.person) throw new Error(`route ${request.routeOptions.url} read the person but is public`);
  return request.person;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match ? match[1] : header;
}
