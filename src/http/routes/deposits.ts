// Deposits over HTTP: POST /api/deposits takes a bank file (BAI2 or the documented CSV, the raw
// body), reads it whole or refuses it whole (422, the file kept quarantined); GET /api/deposits
// lists the newest deposits and what matching made of them.
import type { FastifyInstance } from 'fastify';
import { DepositsRepository } from '../../db/repositories/deposits.repository.js';
import { DepositFileRefused, importDepositFile } from '../../services/deposits/deposit-import.service.js';
import { signedIn } from '../auth.js';
import { acceptRawUploads, uploadedFile, X12_CONTENT_TYPES } from '../upload.js';
import { FILE_NAME_QUERY } from '../schemas/claims.schemas.js';
import { DEPOSIT_FILE_IMPORTED_SCHEMA, DEPOSIT_FILE_REFUSED_SCHEMA, DEPOSIT_LIST_QUERY, DEPOSIT_LIST_SCHEMA } from '../schemas/deposits.schemas.js';
import type { RouteDeps } from './index.js';

const BANK_FILE_TYPES = [...X12_CONTENT_TYPES, 'text/csv'];

export async function depositRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  await app.register(async (scope) => {
    acceptRawUploads(scope);
    scope.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));
    scope.post<{ Querystring: { fileName?: string } }>('/api/deposits', {
      config: { roles: ['operator', 'admin'] },
      schema: {
        summary: 'Takes a bank deposit file (BAI2, or the CSV of docs/deposits.md) as the raw body: every credit becomes a deposit, or the file is refused whole',
        tags: ['reconciliation'], consumes: BANK_FILE_TYPES, querystring: FILE_NAME_QUERY,
        response: { 200: DEPOSIT_FILE_IMPORTED_SCHEMA, 201: DEPOSIT_FILE_IMPORTED_SCHEMA, 422: DEPOSIT_FILE_REFUSED_SCHEMA },
      },
    }, async (request, reply) => {
      const content = uploadedFile(request, `send the bank file as the request body (${BANK_FILE_TYPES.join(', ')})`, deps.config.http.uploadLimitBytes);
      const fileName = (request.query.fileName ?? String(request.headers['x-file-name'] ?? '')).trim() || `api-${Date.now()}.deposits`;
      try {
        const result = await importDepositFile(deps.orm.em.fork(), { fileName, content }, {
          timezone: deps.config.timezone, actor: signedIn(request).login, clock: deps.clock,
        });
        return reply.code(result.status === 'duplicate' ? 200 : 201).send(result);
      } catch (error) {
        if (!(error instanceof DepositFileRefused)) throw error;
        return reply.code(422).send({ error: error.message, fileId: error.fileId });
      }
    });
  });

  app.get<{ Querystring: { status?: string; limit?: number } }>('/api/deposits', {
    config: { roles: ['operator', 'supervisor', 'director', 'admin'] },
    schema: { summary: 'The newest deposits and what matching made of each', tags: ['reconciliation'], querystring: DEPOSIT_LIST_QUERY, response: { 200: DEPOSIT_LIST_SCHEMA } },
  }, async (request) => new DepositsRepository(deps.orm.em.fork()).list({ status: request.query.status, limit: request.query.limit ?? 100 }));
}
