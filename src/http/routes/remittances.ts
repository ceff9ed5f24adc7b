// Posting over HTTP: POST /api/remittances takes an 835 body (stored and enqueued in one
// transaction), GET /api/remittances/files/:fileId tells what became of it, GET /api/tasks lists
// follow-up work. Responses carry ids, codes and amounts only.
import type { FastifyInstance } from 'fastify';
import { receiveEra } from '../../services/posting/era-posting.service.js';
import { eraFileSummary, listTasks } from '../../services/posting/posting-queries.js';
import type { RouteDeps } from './index.js';

const ERA_BODY_LIMIT = 256 * 1024 * 1024;
const EDI_TYPES = ['application/edi-x12', 'application/octet-stream', 'text/plain'];

export async function remittanceRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  // Raw bodies only inside this plugin, so other routes keep Fastify's usual parsers.
  await app.register(async (scope) => {
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(EDI_TYPES, { parseAs: 'buffer', bodyLimit: ERA_BODY_LIMIT }, (_request, body, done) => done(null, body));

    scope.post<{ Querystring: { fileName?: string } }>('/api/remittances', async (request, reply) => {
      const content = request.body as Buffer | undefined;
      if (!Buffer.isBuffer(content) || content.length === 0) {
        return reply.code(400).send({ error: `send the 835 as the request body (${EDI_TYPES.join(', ')})` });
      }
      const fileName = (request.query.fileName ?? String(request.headers['x-file-name'] ?? '')).trim() || `api-${Date.now()}.835`;
      const received = await deps.orm.em.fork().transactional((em) => receiveEra(em, { fileName, content }));
      deps.relay.kick();
      return reply.code(received.duplicate ? 200 : 202).send({ fileId: received.fileId, status: received.duplicate ? 'duplicate' : 'queued' });
    });
  });

  app.get<{ Params: { fileId: string } }>('/api/remittances/files/:fileId', async (request, reply) => {
    const fileId = Number(request.params.fileId);
    if (!Number.isSafeInteger(fileId) || fileId <= 0) return reply.code(400).send({ error: 'fileId must be a positive integer' });
    const [file] = await deps.orm.em.fork().getConnection().execute('select id from edi_file where id = ? and kind = ?', [fileId, '835']);
    if (!file) return reply.code(404).send({ error: `no 835 file ${fileId}` });
    return eraFileSummary(deps.orm.em.fork(), fileId);
  });

  app.get<{ Querystring: { type?: string; status?: string; limit?: string } }>('/api/tasks', async (request) => {
    const limit = Math.min(5000, Math.max(1, Number(request.query.limit ?? 1000) || 1000));
    return listTasks(deps.orm.em.fork(), { type: request.query.type, status: request.query.status, limit });
  });
}
