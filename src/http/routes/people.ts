// The admin API for people and their API tokens: the same services as `rcm users` and
// `rcm tokens`, acting as the signed-in admin (each change audited under their login). Refused
// input answers 400 with the service's message; an unknown person or token 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PeopleRepository } from '../../db/repositories/people.repository.js';
import { TokensRepository } from '../../db/repositories/tokens.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { addPerson, deactivatePerson, updatePerson, type PersonChangeInput } from '../../services/people/people.service.js';
import { createToken, revokeToken } from '../../services/people/tokens.service.js';
import { signedIn } from '../auth.js';
import {
  CREATED_TOKEN_SCHEMA, LOGIN_PARAMS, NEW_PERSON_SCHEMA, PERSON_CHANGE_SCHEMA, PERSON_SCHEMA, PERSON_UPDATE_SCHEMA, TOKEN_LISTING_SCHEMA,
} from '../schemas/people.schemas.js';
import type { RouteDeps } from './index.js';

const ADMINS = { roles: ['admin'] } as const;
const tags = ['people'];

/** A person's fields as JSON (lists as arrays, capacity a number, active a boolean). */
interface PersonBody {
  login?: string; displayName?: string; role?: string; skills?: string[]; payers?: string[]; certifications?: string[]; level?: string;
  capacity?: number; timeZone?: string; hours?: string; days?: string; supervisor?: string | null; active?: boolean;
}

export async function peopleRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const actor = (request: FastifyRequest) => signedIn(request).login;

  app.get<{ Querystring: { activeOnly?: boolean } }>('/api/people', {
    config: ADMINS,
    schema: {
      summary: 'Lists people, by login', tags,
      querystring: { type: 'object', properties: { activeOnly: { type: 'boolean', description: 'leave out deactivated people' } } },
      response: { 200: { type: 'array', items: PERSON_SCHEMA } },
    },
  }, async (request) => new PeopleRepository(sqlRunner(deps.orm.em.fork())).list({ activeOnly: request.query.activeOnly }));

  app.post<{ Body: PersonBody & { login: string } }>('/api/people', {
    config: ADMINS,
    schema: { summary: 'Adds a person', tags, body: NEW_PERSON_SCHEMA, response: { 201: PERSON_CHANGE_SCHEMA } },
  }, async (request, reply) => {
    const change = await addPerson(deps.orm, actor(request), request.body.login, changeInput(request.body), { timeZone: deps.config.timezone }, deps.clock.now());
    return reply.code(201).send(change);
  });

  app.patch<{ Params: { login: string }; Body: PersonBody }>('/api/people/:login', {
    config: ADMINS,
    schema: { summary: "Changes a person's fields (only those given)", tags, params: LOGIN_PARAMS, body: PERSON_UPDATE_SCHEMA, response: { 200: PERSON_CHANGE_SCHEMA } },
  }, async (request) => updatePerson(deps.orm, actor(request), request.params.login, changeInput(request.body), deps.clock.now()));

  app.post<{ Params: { login: string } }>('/api/people/:login/deactivate', {
    config: ADMINS,
    schema: { summary: 'Deactivates a person (history is kept; PATCH active=true undoes it)', tags, params: LOGIN_PARAMS, response: { 200: PERSON_CHANGE_SCHEMA } },
  }, async (request) => deactivatePerson(deps.orm, actor(request), request.params.login, deps.clock.now()));

  app.post<{ Params: { login: string }; Body: { expiresIn?: string } | null }>('/api/people/:login/tokens', {
    config: ADMINS,
    schema: {
      summary: 'Makes an API token for a person; the token is in this answer only', tags, params: LOGIN_PARAMS,
      body: { type: ['object', 'null'], additionalProperties: false, properties: { expiresIn: { type: 'string', description: 'e.g. 30d, 12h or 90m; absent: does not expire' } } },
      response: { 201: CREATED_TOKEN_SCHEMA },
    },
  }, async (request, reply) => {
    const created = await createToken(deps.orm, actor(request), request.params.login, { expiresIn: request.body?.expiresIn }, deps.clock.now());
    return reply.code(201).send(created);
  });

  app.get<{ Querystring: { login?: string } }>('/api/tokens', {
    config: ADMINS,
    schema: {
      summary: 'Lists API tokens (never their secrets)', tags,
      querystring: { type: 'object', properties: { login: { type: 'string', description: "only this person's tokens" } } },
      response: { 200: { type: 'array', items: TOKEN_LISTING_SCHEMA } },
    },
  }, async (request) => new TokensRepository(sqlRunner(deps.orm.em.fork())).list(request.query.login));

  app.delete<{ Params: { id: string } }>('/api/tokens/:id', {
    config: ADMINS,
    schema: {
      summary: 'Revokes an API token by its id', tags,
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'the public id (GET /api/tokens)' } } },
      response: {
        200: {
          type: 'object', required: ['token', 'changed'],
          properties: { token: TOKEN_LISTING_SCHEMA, changed: { type: 'boolean', description: 'false: it was revoked already' } },
        },
      },
    },
  }, async (request) => revokeToken(deps.orm, actor(request), request.params.id, deps.clock.now()));
}

/** JSON fields to the services' typed-text input (shared with the CLI), so both are checked alike. */
function changeInput(body: PersonBody): PersonChangeInput {
  const text = (value: string | number | boolean | undefined) => (value === undefined ? undefined : String(value));
  const list = (value: string[] | undefined) => (value === undefined ? undefined : value.join(','));
  return {
    displayName: body.displayName, role: body.role, skills: list(body.skills), payers: list(body.payers), certifications: list(body.certifications),
    level: body.level, capacity: text(body.capacity), timeZone: body.timeZone, hours: body.hours, days: body.days, active: text(body.active),
    supervisor: body.supervisor,
  };
}
