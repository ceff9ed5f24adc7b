// Pull and leases (README "Tasks: assignment, pull and leases"): `POST /api/tasks/next` gives the
// signed-in person their next task with a lease; `POST /api/tasks/:id/lease` renews it. The work
// is in src/services/tasks/task-pull.service.ts; the token says who is asking.
import type { FastifyInstance } from 'fastify';
import { taskRoutingRules } from '../../../config/task-routing.js';
import type { PersonRole } from '../../domain/people/person.js';
import { pullNextTask, renewTaskLease } from '../../services/tasks/task-pull.service.js';
import { TASK_JSON_SCHEMA } from '../../services/tasks/task-json.js';
import { signedIn } from '../auth.js';
import type { RouteDeps } from './index.js';

/** People who work tasks themselves (config/task-routing.ts). */
const PULLERS = { roles: taskRoutingRules.pullingRoles as readonly PersonRole[] };

const ERROR_SCHEMA = { type: 'object', required: ['error'], properties: { error: { type: 'string' } }, additionalProperties: true } as const;
/** No body, or an empty JSON object. */
const NO_BODY = { type: ['object', 'null'], additionalProperties: false } as const;

export async function taskPullRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const lease = () => ({ now: deps.clock.now(), leaseMinutes: deps.config.tasks.leaseMinutes });

  app.post('/api/tasks/next', {
    config: PULLERS,
    schema: {
      summary: 'Your next task, leased to you: your leased task again, else your highest-priority assigned one, else the best open one you may take',
      body: NO_BODY,
      response: {
        200: { type: 'object', required: ['task'], properties: { task: { anyOf: [TASK_JSON_SCHEMA, { type: 'null' }] } } },
        403: ERROR_SCHEMA,
      },
    },
  }, async (request) => ({ task: await pullNextTask(deps.orm.em.fork(), signedIn(request), lease()) }));

  app.post('/api/tasks/:id/lease', {
    config: PULLERS,
    schema: {
      summary: 'Renew the lease on a task you hold (404: not yours; 409: no live lease, pull again)',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } } },
      body: NO_BODY,
      response: { 200: { type: 'object', required: ['task'], properties: { task: TASK_JSON_SCHEMA } }, 404: ERROR_SCHEMA, 409: ERROR_SCHEMA },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    return { task: await renewTaskLease(deps.orm.em.fork(), signedIn(request), id, lease()) };
  });
}
