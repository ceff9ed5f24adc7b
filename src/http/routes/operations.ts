// Operations controls over HTTP (README "Operations: throttles, circuit breaker, pausing queues,
// health"): rate limits (read by operators, changed by admins), pausing and resuming queues
// (operators and admins), the clearinghouse breakers (read). The same services as `rcm queues`;
// every change is audited under the signed-in person's login.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ThrottleScope } from '../../db/entities/throttles.js';
import { sqlRunner } from '../../db/sql.js';
import { breakerStates } from '../../services/operations/breakers.js';
import { pauseQueue, queueRunStates, resumeQueue } from '../../services/operations/queue-pause.service.js';
import { listThrottles, removeThrottle, setThrottle, THROTTLE_BOUNDS } from '../../services/operations/throttles.service.js';
import { signedIn } from '../auth.js';
import type { RouteDeps } from './index.js';

const ADMINS = { roles: ['admin'] } as const;
const OPERATORS = { roles: ['operator', 'admin'] } as const;
const tags = ['operations'];

const LIMIT = {
  type: 'object', required: ['maxBatches', 'perMs'],
  properties: { maxBatches: { type: 'integer' }, perMs: { type: 'integer' } },
} as const;

const THROTTLE_SCHEMA = {
  type: 'object',
  required: ['scope', 'name', 'limit', 'source', 'configured', 'changedBy', 'changedAt'],
  properties: {
    scope: { type: 'string', enum: ['clearinghouse', 'payer'] },
    name: { type: 'string', description: "the clearinghouse's name or the payer's X12 payer id" },
    limit: LIMIT,
    source: { type: 'string', enum: ['config', 'override'] },
    configured: { anyOf: [LIMIT, { type: 'null' }], description: 'the config/ limit an override replaces' },
    changedBy: { type: ['string', 'null'] },
    changedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const THROTTLE_CHANGE_SCHEMA = {
  type: 'object', required: ['throttle', 'changed'],
  properties: { throttle: { anyOf: [THROTTLE_SCHEMA, { type: 'null' }] }, changed: { type: 'boolean' } },
} as const;

const QUEUE_STATE_SCHEMA = {
  type: 'object', required: ['queue', 'state', 'pausedBy', 'pausedAt', 'reason'],
  properties: {
    queue: { type: 'string' }, state: { type: 'string', enum: ['running', 'paused'] },
    pausedBy: { type: ['string', 'null'] }, pausedAt: { type: ['string', 'null'], format: 'date-time' }, reason: { type: ['string', 'null'] },
  },
} as const;

const PAUSE_CHANGE_SCHEMA = {
  type: 'object', required: ['queue', 'changed'],
  properties: { queue: QUEUE_STATE_SCHEMA, changed: { type: 'boolean', description: 'false: it was so already' } },
} as const;

const BREAKER_SCHEMA = {
  type: 'object', required: ['clearinghouse', 'state', 'failures', 'openedAt', 'retryAt'],
  properties: {
    clearinghouse: { type: 'string' }, state: { type: 'string', enum: ['closed', 'open', 'half-open'] }, failures: { type: 'integer' },
    openedAt: { type: ['string', 'null'], format: 'date-time' }, retryAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const LIMIT_BODY = {
  type: 'object', additionalProperties: false, required: ['maxBatches', 'perMs'],
  properties: {
    maxBatches: { type: 'integer', description: `batches per window, ${THROTTLE_BOUNDS.maxBatches.min}-${THROTTLE_BOUNDS.maxBatches.max}` },
    perMs: { type: 'integer', description: `the window in milliseconds, ${THROTTLE_BOUNDS.perMs.min}-${THROTTLE_BOUNDS.perMs.max}` },
  },
} as const;

const TARGETS: Array<{ scope: ThrottleScope; path: string; param: string; what: string }> = [
  { scope: 'clearinghouse', path: '/api/throttles/clearinghouse/:name', param: 'name', what: "the clearinghouse's limit" },
  { scope: 'payer', path: '/api/throttles/payers/:payerId', param: 'payerId', what: "a payer's limit (by X12 payer id)" },
];

export async function operationsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const actor = (request: FastifyRequest) => signedIn(request).login;
  const clearinghouse = deps.config.clearinghouse;

  app.get('/api/throttles', {
    config: OPERATORS,
    schema: { summary: 'Submission rate limits in force: the clearinghouse, then payers', tags, response: { 200: { type: 'array', items: THROTTLE_SCHEMA } } },
  }, async () => listThrottles(deps.orm.em.fork(), clearinghouse));

  for (const target of TARGETS) {
    const params = { type: 'object', required: [target.param], properties: { [target.param]: { type: 'string' } } };
    app.put<{ Params: Record<string, string>; Body: { maxBatches: number; perMs: number } }>(target.path, {
      config: ADMINS,
      schema: { summary: `Sets ${target.what}; submit jobs use it from their next start`, tags, params, body: LIMIT_BODY, response: { 200: THROTTLE_CHANGE_SCHEMA } },
    }, async (request) => setThrottle(deps.orm, actor(request), { scope: target.scope, name: request.params[target.param] },
      { maxBatches: request.body.maxBatches, perMs: request.body.perMs }, clearinghouse, deps.clock.now()));

    app.delete<{ Params: Record<string, string> }>(target.path, {
      config: ADMINS,
      schema: { summary: `Removes the override of ${target.what}: the config/ limit applies again`, tags, params, response: { 200: THROTTLE_CHANGE_SCHEMA } },
    }, async (request) => removeThrottle(deps.orm, actor(request), { scope: target.scope, name: request.params[target.param] }, clearinghouse, deps.clock.now()));
  }

  app.get('/api/queues', {
    config: OPERATORS,
    schema: { summary: 'Each queue, running or paused (who paused it, when, why)', tags, response: { 200: { type: 'array', items: QUEUE_STATE_SCHEMA } } },
  }, async () => queueRunStates(sqlRunner(deps.orm.em.fork()), deps.queues));

  const QUEUE_PARAMS = { type: 'object', required: ['queue'], properties: { queue: { type: 'string', description: 'claims, posting, reconciliation, collections or tasks' } } };
  app.post<{ Params: { queue: string }; Body: { reason: string } }>('/api/queues/:queue/pause', {
    config: OPERATORS,
    schema: {
      summary: 'Pauses a queue: no worker takes its jobs until it is resumed (running jobs finish)', tags, params: QUEUE_PARAMS,
      body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', description: 'why (1-200 characters, no patient data)' } } },
      response: { 200: PAUSE_CHANGE_SCHEMA },
    },
  }, async (request) => pauseQueue(deps.orm, deps.queues, { queue: request.params.queue, actor: actor(request), reason: request.body.reason }, deps.clock.now()));

  app.post<{ Params: { queue: string } }>('/api/queues/:queue/resume', {
    config: OPERATORS,
    schema: { summary: 'Resumes a paused queue: its waiting jobs run', tags, params: QUEUE_PARAMS, response: { 200: PAUSE_CHANGE_SCHEMA } },
  }, async (request) => resumeQueue(deps.orm, deps.queues, { queue: request.params.queue, actor: actor(request) }, deps.clock.now()));

  app.get('/api/breakers', {
    config: OPERATORS,
    schema: { summary: "Each clearinghouse's circuit breaker", tags, response: { 200: { type: 'array', items: BREAKER_SCHEMA } } },
  }, async () => breakerStates(deps.queues.connection, deps.queues.prefix, clearinghouse));
}
