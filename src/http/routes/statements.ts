// A patient statement's PDF (GET /api/statements/:id/pdf): what the patient was sent, for the person
// on the phone with them. Rendered and kept on first request; every read is audited as a read of
// patient data (src/services/collections/statement-pdf.service.ts).
import type { FastifyInstance } from 'fastify';
import { STATEMENT_READER_ROLES, statementPdfFor } from '../../services/collections/statement-pdf.service.js';
import { signedIn } from '../auth.js';
import type { RouteDeps } from './index.js';

const STATEMENT_READERS = { roles: STATEMENT_READER_ROLES };

const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const ERROR = { type: 'object', properties: { error: { type: 'string' } }, additionalProperties: true } as const;

export async function statementRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get<{ Params: { id: number } }>('/api/statements/:id/pdf', {
    config: STATEMENT_READERS,
    schema: {
      summary: "A patient statement as the PDF the patient was sent (audited: it shows the guarantor's name, address and visits)",
      tags: ['collections'], params: ID_PARAMS,
      response: { 200: { description: 'application/pdf', type: 'string', format: 'binary' }, 404: ERROR },
    },
  }, async (request, reply) => {
    const reader = signedIn(request);
    const { statement, pdf } = await deps.orm.em.fork().transactional((em) => statementPdfFor(em, request.params.id, reader.login, deps.clock.now()));
    return reply.type('application/pdf').header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="statement-${statement.id}.pdf"`).send(pdf);
  });
}
