// Uploaded EDI files reach their route as the raw request stream, so intake stores them in
// Postgres while they arrive: Fastify buffering a 44 MB 837P or a 100 MB 835 whole (and intake
// keeping a copy) is what once ran the engine out of heap.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadInputError } from '../errors.js';

export const X12_CONTENT_TYPES = ['application/edi-x12', 'application/x12', 'text/plain', 'application/octet-stream'];

/** An upload refused before or while it was read: the body's status code and its reason (src/http/error-handler.ts answers it). */
export class UploadError extends BadInputError {
  override name = 'UploadError';
  constructor(message: string, readonly statusCode: 400 | 413) {
    super(message);
  }
}

/** In this (encapsulated) scope, X12 bodies are handed to the route unread. */
export function acceptRawUploads(scope: FastifyInstance): void {
  scope.addContentTypeParser(X12_CONTENT_TYPES, (_request, payload, done) => done(null, payload));
}

/**
 * The request body as it arrives, for intake to store. Refuses a declared length over the limit
 * (`HTTP_UPLOAD_LIMIT_BYTES`, 256 MB: well above any one file a clearinghouse or practice system
 * sends; the bytes go to Postgres part by part, so the limit guards storage, not memory) at
 * once, and an undeclared (chunked) one once it passes the limit; an empty body is a 400 with
 * `expected` as its reason.
 */
export function uploadedFile(request: FastifyRequest, expected: string, limitBytes: number): AsyncIterable<Buffer> {
  const body = request.body as AsyncIterable<Buffer> | undefined;
  if (!body || typeof body !== 'object' || !(Symbol.asyncIterator in body)) throw new UploadError(expected, 400);
  if (Number(request.headers['content-length']) > limitBytes) throw tooLarge(limitBytes);
  return limited(body, expected, limitBytes);
}

async function* limited(body: AsyncIterable<Buffer>, expected: string, limitBytes: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > limitBytes) throw tooLarge(limitBytes);
    yield chunk;
  }
  if (bytes === 0) throw new UploadError(expected, 400);
}

function tooLarge(limitBytes: number): UploadError {
  return new UploadError(`the file is larger than the upload limit of ${describeSize(limitBytes)}`, 413);
}

/** A size for people: whole MB or KB when it is one, else bytes. */
export function describeSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
