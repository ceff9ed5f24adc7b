// Claims API: producers post claims (JSON or an 837P body) and acknowledgments; readers get a
// claim or a list. Writes store the file and commit its job together, then kick the relay; an
// 837P or acknowledgment body is stored while it arrives (src/http/upload.ts). Errors are
// answered by the app's handler (src/http/error-handler.ts).
import type { FastifyInstance } from 'fastify';
import { BadInputError, notFound } from '../../errors.js';
import { getClaim, listClaims } from '../../services/claims/claim-queries.service.js';
import { requestSubmission } from '../../services/claims/claim-submit.service.js';
import { receiveAckFile, receiveClaimFile, type FileBytes } from '../../services/intake.service.js';
import { acceptRawUploads, uploadedFile } from '../upload.js';
import {
  CLAIM_LIST_QUERY, CLAIM_SUMMARY_SCHEMA, CLAIM_VIEW_SCHEMA, CLAIMS_DOCUMENT_SCHEMA, FILE_NAME_QUERY, RECEIVED_FILE_SCHEMA, SUBMIT_BODY_SCHEMA, SUBMITTED_SCHEMA,
} from '../schemas/claims.schemas.js';
import type { RouteDeps } from './index.js';

const tags = ['claims'];

/** Producers (an integration signed in as an operator) and admins send work in. */
const SENDERS = { roles: ['operator', 'admin'] } as const;
/** Claims carry patient data: people who oversee the work read them; specialists see a claim through their task. */
const CLAIM_READERS = { roles: ['supervisor', 'director', 'admin'] } as const;

export async function claimsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const store = async (fileName: string, content: FileBytes, kind: 'claims' | 'ack') => {
    const received = await deps.orm.em.fork().transactional((em) => kind === 'claims'
      ? receiveClaimFile(em, { fileName, content })
      : receiveAckFile(em, { fileName, content }));
    deps.relay.kick();
    return { fileId: received.fileId, duplicate: received.duplicate, status: 'queued' };
  };
  const nameOf = (query: unknown, fallback: string) => String((query as { fileName?: string }).fileName ?? fallback).slice(0, 200);
  const uploadLimit = deps.config.http.uploadLimitBytes;

  // Encapsulated, so the raw-body parsers apply to the upload routes only.
  await app.register(async (scope) => {
    acceptRawUploads(scope);
    scope.post('/api/claims/import', {
      config: SENDERS,
      schema: { summary: 'Takes an 837P file (the raw X12 body): stored while it arrives, then read by a claims job', tags, querystring: FILE_NAME_QUERY, response: { 202: RECEIVED_FILE_SCHEMA } },
    }, async (request, reply) => {
      const content = uploadedFile(request, 'expected an 837P file as the request body', uploadLimit);
      return reply.code(202).send(await store(nameOf(request.query, 'api-upload.837'), content, 'claims'));
    });
    scope.post('/api/acks', {
      config: SENDERS,
      schema: { summary: 'Takes a TA1, 999 or 277CA acknowledgment file (the raw X12 body)', tags, querystring: FILE_NAME_QUERY, response: { 202: RECEIVED_FILE_SCHEMA } },
    }, async (request, reply) => {
      const content = uploadedFile(request, 'expected a TA1, 999 or 277CA file as the request body', uploadLimit);
      return reply.code(202).send(await store(nameOf(request.query, 'api-ack.x12'), content, 'ack'));
    });
  });

  // The documented JSON format (docs/claims.md): stored as a claims-json file like any upload.
  app.post('/api/claims', {
    config: SENDERS,
    schema: { summary: 'Takes claims in the JSON format (docs/claims.md), stored as a file like any upload', tags, querystring: FILE_NAME_QUERY, body: CLAIMS_DOCUMENT_SCHEMA, response: { 202: RECEIVED_FILE_SCHEMA } },
  }, async (request, reply) => {
    if (!isJsonObject(request.body)) throw new BadInputError('expected a JSON claims document');
    return reply.code(202).send(await store(nameOf(request.query, 'api-claims.json'), Buffer.from(JSON.stringify(request.body)), 'claims'));
  });
  app.post('/api/claims/submit', {
    config: SENDERS,
    schema: { summary: 'Queues the submission of ready claims to the clearinghouse, for every payer or one', tags, body: SUBMIT_BODY_SCHEMA, response: { 202: SUBMITTED_SCHEMA } },
  }, async (request, reply) => {
    if (request.body !== undefined && !isJsonObject(request.body)) throw new BadInputError('expected no body or a JSON object such as {"payerId": "..."}');
    const payer = (request.body as { payerId?: string } | undefined)?.payerId;
    const payers = await deps.orm.em.fork().transactional((em) => requestSubmission(em, payer));
    deps.relay.kick();
    return reply.code(202).send({ payers: payers.map((p) => p.payerId) });
  });
  app.get('/api/claims/:controlNumber', {
    config: CLAIM_READERS,
    schema: {
      summary: 'A claim with its lines and their money, its edits and its status history', tags,
      params: { type: 'object', required: ['controlNumber'], properties: { controlNumber: { type: 'string' } } },
      response: { 200: CLAIM_VIEW_SCHEMA },
    },
  }, async (request) => {
    const claim = await getClaim(deps.orm.em.fork(), (request.params as { controlNumber: string }).controlNumber);
    if (!claim) throw notFound('no such claim');
    return claim;
  });
  app.get('/api/claims', {
    config: CLAIM_READERS,
    schema: { summary: 'Lists claims, by status and payer', tags, querystring: CLAIM_LIST_QUERY, response: { 200: { type: 'array', items: CLAIM_SUMMARY_SCHEMA } } },
  }, async (request) => {
    const q = request.query as { status?: string; payer?: string; limit?: string };
    return listClaims(deps.orm.em.fork(), { status: q.status, payerId: q.payer, limit: q.limit ? Number(q.limit) : undefined });
  });
}

function isJsonObject(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body);
}
