// Posting over HTTP: POST /api/remittances takes an 835 body (stored while it arrives and
// enqueued, in one transaction), GET /api/remittances/files/:fileId tells what became of it.
// Responses carry ids, codes and amounts only. (The task list lives in task-views.ts.)
import type { FastifyInstance } from 'fastify';
import { FilesRepository } from '../../db/repositories/files.repository.js';
import { receiveEra } from '../../services/intake.service.js';
import { eraFileSummary } from '../../services/posting/posting-queries.service.js';
import { acceptRawUploads, uploadedFile, X12_CONTENT_TYPES } from '../upload.js';
import { ERA_FILE_SUMMARY_SCHEMA, ERA_RECEIVED_SCHEMA } from '../schemas/remittances.schemas.js';
import { FILE_NAME_QUERY } from '../schemas/claims.schemas.js';
import type { RouteDeps } from './index.js';

export async function remittanceRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  // Raw bodies only inside this plugin, so other routes keep Fastify's usual parsers.
  await app.register(async (scope) => {
    acceptRawUploads(scope);
    scope.post<{ Querystring: { fileName?: string } }>('/api/remittances', {
      config: { roles: ['operator', 'admin'] },
      schema: {
        summary: 'Takes an 835 remittance file (the raw X12 body; or name it with an X-File-Name header): stored while it arrives, then posted',
        tags: ['posting'], querystring: FILE_NAME_QUERY, response: { 200: ERA_RECEIVED_SCHEMA, 202: ERA_RECEIVED_SCHEMA },
      },
    }, async (request, reply) => {
      const content = uploadedFile(request, `send the 835 as the request body (${X12_CONTENT_TYPES.join(', ')})`, deps.config.http.uploadLimitBytes);
      const fileName = (request.query.fileName ?? String(request.headers['x-file-name'] ?? '')).trim() || `api-${Date.now()}.835`;
      const received = await deps.orm.em.fork().transactional((em) => receiveEra(em, { fileName, content }));
      deps.relay.kick();
      return reply.code(received.duplicate ? 200 : 202).send({ fileId: received.fileId, status: received.duplicate ? 'duplicate' : 'queued' });
    });
  });

  app.get<{ Params: { fileId: string } }>('/api/remittances/files/:fileId', {
    config: { roles: ['operator', 'supervisor', 'director', 'admin'] },
    schema: {
      summary: 'What became of an 835 file: what it posted, and each transaction', tags: ['posting'],
      params: { type: 'object', required: ['fileId'], properties: { fileId: { type: 'string', description: 'a positive whole number' } } },
      response: { 200: ERA_FILE_SUMMARY_SCHEMA },
    },
  }, async (request, reply) => {
    const fileId = Number(request.params.fileId);
    if (!Number.isSafeInteger(fileId) || fileId <= 0) return reply.code(400).send({ error: 'fileId must be a positive integer' });
    if (!(await new FilesRepository(deps.orm.em.fork()).isFileOfKind(fileId, '835'))) return reply.code(404).send({ error: `no 835 file ${fileId}` });
    return eraFileSummary(deps.orm.em.fork(), fileId);
  });
}
