// Finishing tasks over the API: `POST /api/tasks/:id/outcome` records how a task ended (the
// token says who) and `POST /api/tasks/:id/approve` decides a write-off waiting for approval.
// The services do the work in one transaction; the relay is kicked after commit so the jobs an
// outcome caused reach Redis at once. Request bodies (notes) are never logged.
import type { FastifyInstance } from 'fastify';
import { ANY_ROLE, signedIn } from '../auth.js';
import { NOTE_MAX_LENGTH, recordOutcome } from '../../services/tasks/record-outcome.service.js';
import { decideWriteOff, type WriteOffDecision } from '../../services/tasks/write-off-approval.service.js';
import { TASK_JSON_SCHEMA } from '../../services/tasks/task-json.js';
import type { RouteDeps } from './index.js';

const TASK_ID_PARAMS = {
  type: 'object', required: ['id'], additionalProperties: false,
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

const OUTCOME_ANSWER = {
  type: 'object',
  required: ['task', 'outcome', 'followUp', 'state', 'repeated'],
  properties: {
    task: TASK_JSON_SCHEMA,
    outcome: { type: 'string' },
    followUp: { type: 'string', enum: ['replacement', 'correction', 'override', 'resubmission', 'appeal', 'secondary', 'transfer', 'write-off', 'close'] },
    state: { type: 'string', enum: ['applied', 'pending-approval'] },
    repeated: { type: 'boolean' },
    amountCents: { type: 'integer' },
    newClaimId: { type: 'integer' },
  },
} as const;

export async function taskOutcomeRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.post('/api/tasks/:id/outcome', {
    // Anyone signed in may try; the service answers 404 for a task that is not theirs (or their team's).
    config: { roles: ANY_ROLE },
    schema: {
      summary: 'Record how a task ended: closes it and enqueues the work the outcome causes',
      params: TASK_ID_PARAMS,
      body: {
        type: 'object', required: ['outcome'], additionalProperties: false,
        properties: { outcome: { type: 'string', minLength: 1, maxLength: 40 }, note: { type: 'string', maxLength: NOTE_MAX_LENGTH } },
      },
      response: { 200: OUTCOME_ANSWER },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const body = request.body as { outcome: string; note?: string };
    const options = { clock: deps.clock, timezone: deps.config.timezone, writeOffApprovalCents: deps.config.outcomes.writeOffApprovalCents };
    const recorded = await deps.orm.em.fork().transactional((em) => recordOutcome(em, signedIn(request), { taskId: id, outcome: body.outcome, note: body.note }, options));
    deps.relay.kick();
    return recorded;
  });

  app.post('/api/tasks/:id/approve', {
    config: { roles: ['supervisor', 'director', 'admin'] },
    schema: {
      summary: "Approve (or reject) a write-off waiting for a supervisor's approval",
      params: TASK_ID_PARAMS,
      body: {
        type: 'object', additionalProperties: false,
        properties: { decision: { type: 'string', enum: ['approved', 'rejected'], default: 'approved' } },
      },
      response: {
        200: {
          type: 'object', required: ['task', 'decision', 'amountCents', 'repeated'],
          properties: { task: TASK_JSON_SCHEMA, decision: { type: 'string', enum: ['approved', 'rejected'] }, amountCents: { type: 'integer' }, repeated: { type: 'boolean' } },
        },
      },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const decision = ((request.body ?? {}) as { decision?: WriteOffDecision }).decision ?? 'approved';
    return deps.orm.em.fork().transactional((em) => decideWriteOff(em, signedIn(request), id, decision, { clock: deps.clock, timezone: deps.config.timezone }));
  });
}
