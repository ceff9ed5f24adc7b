// Tasks as people see and route them: the list (GET /api/tasks) and one task's detail inside the
// caller's scope (a task outside it is 404), statistics (GET /api/tasks/stats), and a supervisor's
// reassign and return-to-pool. Thin: the services in src/services/tasks/ do the work.
import type { FastifyInstance } from 'fastify';
import { sqlRunner } from '../../db/sql.js';
import { TASK_STATUSES } from '../../db/entities/work.js';
import { TASK_TYPE_NAMES } from '../../../config/task-types.js';
import { taskScopeOf } from '../../services/tasks/task-scope.js';
import { TASK_JSON_SCHEMA } from '../../services/tasks/task-json.js';
import { listTasksFor, taskDetail } from '../../services/tasks/task-views.service.js';
import { reassignTask, returnTaskToPool, TASK_ROUTERS } from '../../services/tasks/task-reassign.service.js';
import { taskStats } from '../../services/tasks/task-stats.service.js';
import { ANY_ROLE, signedIn } from '../auth.js';
import type { RouteDeps } from './index.js';

// Route schemas carry an OpenAPI summary (published by /openapi.json).
declare module 'fastify' {
  interface FastifySchema {
    summary?: string;
  }
}

const TASK_ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const ERROR = { type: 'object', properties: { error: { type: 'string' } }, additionalProperties: true } as const;
const SECTION = { type: ['object', 'null'], additionalProperties: true } as const;
const ROWS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

const TASK_DETAIL_SCHEMA = {
  type: 'object',
  required: [...TASK_JSON_SCHEMA.required, 'subject', 'escalation', 'claim', 'lines', 'payer', 'remittances', 'edits', 'patients', 'events'],
  properties: {
    ...TASK_JSON_SCHEMA.properties,
    subject: { type: 'object', properties: { type: { type: 'string' }, id: { type: 'integer' } } },
    escalation: { type: 'object', properties: { level: { type: 'integer' }, to: { type: ['string', 'null'] }, at: { type: ['string', 'null'], format: 'date-time' } } },
    claim: SECTION, lines: ROWS, payer: SECTION, remittances: ROWS, remittanceClaim: SECTION, remittance: SECTION, edits: ROWS,
    conflict: SECTION, file: SECTION, account: SECTION,
    patients: { type: ['array', 'null'], items: { type: 'object', additionalProperties: true } },
    events: ROWS,
  },
} as const;

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;
const TASK_STATS_SCHEMA = {
  type: 'object',
  properties: {
    at: { type: 'string', format: 'date-time' },
    todayFrom: { type: 'string', format: 'date-time' },
    waiting: {
      type: 'object',
      properties: {
        total: { type: 'integer' }, byType: { type: 'object', additionalProperties: COUNTS },
        oldestTaskId: { type: ['integer', 'null'] }, oldestWaitingSeconds: { type: ['integer', 'null'] },
      },
    },
    people: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          login: { type: 'string' }, role: { type: 'string' }, open: { type: 'integer' }, doneToday: { type: 'integer' },
          averageHandleSeconds: { type: ['integer', 'null'] },
        },
      },
    },
    overdue: {
      type: 'object',
      properties: {
        teams: { type: 'array', items: { type: 'object', properties: { supervisor: { type: 'string' }, overdue: { type: 'integer' } } } },
        unassigned: { type: 'integer' },
      },
    },
  },
} as const;

export async function taskViewRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get<{ Querystring: { type?: string; status?: string; assignee?: string; limit?: number } }>('/api/tasks', {
    config: { roles: ANY_ROLE },
    schema: {
      summary: 'Tasks in the caller\'s scope, highest priority first (specialists: their own; supervisors and directors: theirs, their team\'s and the pool; admins: all)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          type: { type: 'string', enum: TASK_TYPE_NAMES }, status: { type: 'string', enum: [...TASK_STATUSES] },
          assignee: { type: 'string', minLength: 1, maxLength: 60, description: 'a login, or "none" for unassigned tasks' },
          limit: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 },
        },
      },
      response: { 200: { type: 'array', items: TASK_JSON_SCHEMA } },
    },
  }, async (request) => {
    const run = sqlRunner(deps.orm.em.fork());
    const { type, status, assignee, limit } = request.query;
    return listTasksFor(run, await taskScopeOf(run, signedIn(request)), { type, status, assignee: assignee === 'none' ? null : assignee, limit: limit ?? 1000 });
  });

  app.get('/api/tasks/stats', {
    config: { roles: TASK_ROUTERS },
    schema: {
      summary: 'Waiting work by type and priority band, the oldest waiting task, per person open / done today / average handle time, overdue per supervisor\'s team',
      response: { 200: TASK_STATS_SCHEMA },
    },
  }, async (request) => {
    const run = sqlRunner(deps.orm.em.fork());
    return taskStats(run, await taskScopeOf(run, signedIn(request)), deps.clock.now(), deps.config.timezone);
  });

  app.get<{ Params: { id: number } }>('/api/tasks/:id', {
    config: { roles: ANY_ROLE },
    schema: {
      summary: 'One task with what it takes to work it: the claim, lines and codes, money, payer, the remittance or edits behind it, its events (patient name and birth date only for patient work; audited)',
      params: TASK_ID_PARAMS,
      response: { 200: TASK_DETAIL_SCHEMA, 404: ERROR },
    },
  }, async (request) => deps.orm.em.fork().transactional((tx) => taskDetail(sqlRunner(tx), signedIn(request), request.params.id, deps.clock.now())));

  app.post<{ Params: { id: number }; Body: { to: string } }>('/api/tasks/:id/reassign', {
    config: { roles: TASK_ROUTERS },
    schema: {
      summary: 'Give a task of your team to another active person of your team (admins: anyone); routing eligibility is not checked',
      params: TASK_ID_PARAMS,
      body: { type: 'object', required: ['to'], additionalProperties: false, properties: { to: { type: 'string', minLength: 1, maxLength: 60 } } },
      response: { 200: TASK_JSON_SCHEMA, 404: ERROR, 409: ERROR, 422: ERROR },
    },
  }, async (request) => deps.orm.em.fork().transactional((tx) => reassignTask(sqlRunner(tx), signedIn(request), request.params.id, request.body.to, deps.clock.now())));

  app.post<{ Params: { id: number } }>('/api/tasks/:id/return', {
    config: { roles: TASK_ROUTERS },
    schema: {
      summary: 'Return a task of your team to the pool (open, no assignee, lease cleared)',
      params: TASK_ID_PARAMS,
      response: { 200: TASK_JSON_SCHEMA, 404: ERROR, 409: ERROR },
    },
  }, async (request) => deps.orm.em.fork().transactional((tx) => returnTaskToPool(sqlRunner(tx), signedIn(request), request.params.id, deps.clock.now())));
}
