// Health for load balancers, orchestrators and operators, all open (no token): GET /health (Redis
// and Postgres, and the clearinghouse breakers), GET /health/live (the process answers) and
// GET /health/ready (can this process do its work now: names what is down or lagging).
import type { FastifyInstance } from 'fastify';
import { checkHealth, checkReadiness, type HealthDeps } from '../services/health.service.js';

/** config/defaults.ts READY_OUTBOX_LAG_SECONDS, for the health-only app that has no configuration. */
const DEFAULT_OUTBOX_LAG_SECONDS = 60;

const UP_DOWN = { type: 'string', enum: ['up', 'down'] } as const;
const NAMES = { type: 'array', items: { type: 'string' } } as const;

const BREAKER_SCHEMA = {
  type: 'object',
  required: ['clearinghouse', 'state', 'failures', 'openedAt', 'retryAt'],
  properties: {
    clearinghouse: { type: 'string' },
    state: { type: 'string', enum: ['closed', 'open', 'half-open'] },
    failures: { type: 'integer', description: 'sends failed in a row' },
    openedAt: { type: ['string', 'null'], format: 'date-time' },
    retryAt: { type: ['string', 'null'], format: 'date-time', description: 'when an open breaker lets one send try' },
  },
} as const;

const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status', 'redis', 'postgres', 'down', 'breakers'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    redis: UP_DOWN,
    postgres: UP_DOWN,
    down: { ...NAMES, description: 'what cannot be reached' },
    breakers: { type: 'array', items: BREAKER_SCHEMA, description: "each clearinghouse's circuit breaker (empty while Redis is down)" },
  },
} as const;

const READY_SCHEMA = {
  type: 'object',
  required: ['status', 'redis', 'postgres', 'outbox', 'queues', 'breakers', 'down', 'lagging', 'paused', 'breakersOpen'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not-ready'] },
    redis: UP_DOWN,
    postgres: UP_DOWN,
    outbox: {
      type: 'object', required: ['state', 'oldestWaitingSeconds', 'thresholdSeconds'],
      properties: {
        state: { type: 'string', enum: ['ok', 'lagging', 'unknown'] },
        oldestWaitingSeconds: { type: ['integer', 'null'], description: 'age of the oldest job waiting for the relay' },
        thresholdSeconds: { type: 'integer', description: 'READY_OUTBOX_LAG_SECONDS' },
      },
    },
    queues: {
      type: 'array',
      items: { type: 'object', required: ['queue', 'state'], properties: { queue: { type: 'string' }, state: { type: 'string', enum: ['running', 'paused', 'unknown'] } } },
    },
    breakers: { type: 'array', items: BREAKER_SCHEMA },
    down: { ...NAMES, description: 'what cannot be reached (makes it not ready)' },
    lagging: { ...NAMES, description: 'what is behind (makes it not ready)' },
    paused: { ...NAMES, description: 'queues an operator paused (shown, still ready)' },
    breakersOpen: { ...NAMES, description: 'clearinghouses whose breaker is open or half-open (shown, still ready)' },
  },
} as const;

export function healthRoutes(app: FastifyInstance, deps: HealthDeps & { outboxLagSeconds?: number }): void {
  const tags = ['operations'];
  app.get('/health', {
    config: { roles: 'public' },
    schema: {
      summary: 'Whether the engine can work: Redis and Postgres reachable (503 naming what is down), and the clearinghouse breakers',
      tags, response: { 200: HEALTH_SCHEMA, 503: HEALTH_SCHEMA },
    },
  }, async (_request, reply) => {
    const report = await checkHealth(deps);
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  app.get('/health/live', {
    config: { roles: 'public' },
    schema: {
      summary: 'Liveness: 200 while the process answers (it checks nothing else, so a database outage never gets the process restarted)',
      tags, response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['alive'] } } } },
    },
  }, async () => ({ status: 'alive' }));

  app.get('/health/ready', {
    config: { roles: 'public' },
    schema: {
      summary: 'Readiness: Redis and Postgres reachable and the outbox not lagging (503 naming what is down or lagging); paused queues and open breakers shown',
      tags, response: { 200: READY_SCHEMA, 503: READY_SCHEMA },
    },
  }, async (_request, reply) => {
    const report = await checkReadiness({ ...deps, outboxLagSeconds: deps.outboxLagSeconds ?? DEFAULT_OUTBOX_LAG_SECONDS });
    return reply.code(report.status === 'ready' ? 200 : 503).send(report);
  });
}
