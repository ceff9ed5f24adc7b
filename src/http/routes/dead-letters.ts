// Dead letters for operations: the list (operators and admins) and replay (the same; each replay
// audited under the signed-in login). An unknown job answers 404; a job that is not failed now
// (waiting, running, already replayed) 409, and nothing changes.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sqlRunner } from '../../db/sql.js';
import { RequestRefused } from '../../errors.js';
import { listDeadLetters, replayJob, replaySince, type ReplayDeps } from '../../services/operations/dead-letters.service.js';
import { signedIn } from '../auth.js';
import { BULK_REPLAY_SCHEMA, DEAD_LETTER_SCHEMA, REPLAY_RESULT_SCHEMA } from '../schemas/operations.schemas.js';
import type { RouteDeps } from './index.js';

const OPERATIONS = { roles: ['operator', 'admin'] } as const;
const tags = ['operations'];

export async function deadLetterRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const replayDeps = (): ReplayDeps => ({ orm: deps.orm, queue: (name) => deps.queues.get(name as never), now: () => deps.clock.now() });
  const actor = (request: FastifyRequest) => signedIn(request).login;

  app.get<{ Querystring: { queue?: string; since?: string; status?: 'open' | 'replayed' | 'all'; limit?: number } }>('/api/dead-letters', {
    config: OPERATIONS,
    schema: {
      summary: 'Jobs that failed for good, newest first (open ones unless status says otherwise)', tags,
      querystring: {
        type: 'object',
        properties: {
          queue: { type: 'string' }, since: { type: 'string', format: 'date-time' },
          status: { type: 'string', enum: ['open', 'replayed', 'all'] }, limit: { type: 'integer', minimum: 1, maximum: 5000 },
        },
      },
      response: { 200: { type: 'array', items: DEAD_LETTER_SCHEMA } },
    },
  }, async (request) => listDeadLetters(sqlRunner(deps.orm.em.fork()), { ...request.query, since: sinceOf(request.query.since) }));

  app.post<{ Params: { jobId: string }; Querystring: { queue?: string } }>('/api/dead-letters/:jobId/replay', {
    config: OPERATIONS,
    schema: {
      summary: "Replays one job's dead letter: the job runs again once, its task is closed (retried)", tags,
      params: { type: 'object', required: ['jobId'], properties: { jobId: { type: 'string' } } },
      querystring: { type: 'object', properties: { queue: { type: 'string', description: 'needed only if two queues hold the job id' } } },
      response: { 200: REPLAY_RESULT_SCHEMA },
    },
  }, async (request) => replayJob(replayDeps(), actor(request), request.params.jobId, request.query.queue));

  app.post<{ Body: { queue: string; since: string } }>('/api/dead-letters/replay', {
    config: OPERATIONS,
    schema: {
      summary: "Replays a queue's open dead letters that failed since a time; jobs not failed now are listed as refused", tags,
      body: {
        type: 'object', required: ['queue', 'since'], additionalProperties: false,
        properties: { queue: { type: 'string' }, since: { type: 'string', format: 'date-time' } },
      },
      response: { 200: BULK_REPLAY_SCHEMA },
    },
  }, async (request) => {
    if (!deps.queues.catalog[request.body.queue]) throw new RequestRefused(404, `unknown queue "${request.body.queue}"; nothing replayed`);
    return replaySince(replayDeps(), actor(request), request.body.queue, sinceOf(request.body.since)!);
  });
}

function sinceOf(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new RequestRefused(422, `since "${text}" is not a time`);
  return at;
}
