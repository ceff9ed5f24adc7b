// Every action taken on the queue board (bull-board's PUT, POST and PATCH routes: retry, promote,
// clean, remove, pause, ...) is an audit event under the signed-in person's login, naming the queue
// and the job. Written before the action runs: an action the process dies in the middle of is still
// in the trail (with no outcome), and nothing reaches Redis unaudited. The request body is never
// copied into the event (the board's forms could carry anything).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Orm } from '../db/orm.js';
import { AuditRepository, type AuditEntry } from '../db/repositories/audit.repository.js';
import { sqlRunner } from '../db/sql.js';
import type { Clock } from '../domain/clock.js';
import { RequestRefused } from '../errors.js';
import { signedIn } from './auth.js';

export const BOARD_API_PATH = '/board/api';

/**
 * Board routes refused even to admins: they write job data straight to Redis, past the outbox and
 * the payload check that keeps patient data out (src/queues/payload-fields.ts).
 */
const DATA_WRITING_ROUTES = [`${BOARD_API_PATH}/queues/:queueName/add`, `${BOARD_API_PATH}/queues/:queueName/:jobId/update-data`];

/** The audit event for a board request, named from bull-board's route: `board.job.retry`, `board.queue.clean`, ... */
export function boardActionEvent(method: string, routeUrl: string, params: Record<string, string | undefined>, actor: string): AuditEntry {
  const rest = routeUrl.slice(`${BOARD_API_PATH}/queues`.length).split('/').filter(Boolean);
  const words = rest.filter((part) => !part.startsWith(':') && part !== 'job-schedulers');
  const verb = words.join('.') || method.toLowerCase();
  const queue = params.queueName;
  const detail: Record<string, unknown> = { method: method.toUpperCase(), route: routeUrl };
  if (queue !== undefined) detail.queue = queue;
  if (params.queueStatus !== undefined) detail.status = params.queueStatus;
  if (params.jobId !== undefined) {
    return { actor, action: `board.job.${verb}`, subjectType: 'job', subjectId: params.jobId, detail: { ...detail, jobId: params.jobId } };
  }
  if (params.schedulerId !== undefined) {
    return { actor, action: `board.job-scheduler.${verb}`, subjectType: 'job-scheduler', subjectId: params.schedulerId, detail };
  }
  if (queue !== undefined) return { actor, action: `board.queue.${verb}`, subjectType: 'queue', subjectId: queue, detail };
  return { actor, action: `board.queues.${verb}`, subjectType: 'queue', subjectId: '*', detail };
}

function isBoardAction(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return url !== undefined && url.startsWith(`${BOARD_API_PATH}/`) && request.method !== 'GET' && request.method !== 'HEAD';
}

/** Refuses the data-writing routes and audits every other board action. Call before the board is mounted. */
export function auditBoardActions(app: FastifyInstance, options: { orm: Orm; clock: Clock }): void {
  app.addHook('preHandler', async (request) => {
    if (!isBoardAction(request)) return;
    const url = request.routeOptions.url!;
    if (DATA_WRITING_ROUTES.includes(url)) {
      throw new RequestRefused(403, 'the board does not write job data: jobs are added by the engine through the outbox, with ids only');
    }
    const event = boardActionEvent(request.method, url, request.params as Record<string, string | undefined>, signedIn(request).login);
    await new AuditRepository(sqlRunner(options.orm.em.fork())).record(event, options.clock.now());
  });
}
