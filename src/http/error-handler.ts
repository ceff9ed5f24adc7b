// One way every route answers a failed request, installed once on the app so routes added later
// get it too: a JSON body `{ error, requestId? }` with the right status, never a stack trace or a
// bare error class. Bad bodies are 400/413/415 and say what is wrong; an outage (Postgres or
// Redis unreachable) is 503 with Retry-After; anything else is 500 with a request id, and the
// log line under that id has the error's class, code and stack frames (no message, no body:
// either may hold patient data).
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadInputError, describeError, RequestRefused } from '../errors.js';
import { InputError } from '../domain/input-error.js';
import { PersonRefused } from '../domain/people/person.js';
import { isOutage } from '../util/outage.js';
import { describeSize, UploadError } from './upload.js';

/** Seconds a client is asked to wait while the database (or Redis) is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

export interface ErrorAnswer {
  status: number;
  body: { error: string; requestId?: string; [field: string]: unknown };
  headers: Record<string, string>;
  /** What the log gets: nothing (the client's mistake), a warning (outage) or an error with detail. */
  log: 'none' | 'warn' | 'error';
}

/** A JSON body that does not parse: its reason without the echo of the body V8 puts in some messages. */
export class JsonBodyError extends BadInputError {
  override name = 'JsonBodyError';
}

export interface AnswerContext {
  requestId: string;
  bodyLimitBytes: number;
  contentType?: string;
}

/** How a request that failed with `error` is answered (pure, so each case is tested on its own). */
export function answerFor(error: unknown, context: AnswerContext): ErrorAnswer {
  const refuse = (status: number, message: string): ErrorAnswer => ({
    status, body: { error: message }, headers: status === 413 ? { connection: 'close' } : {}, log: 'none',
  });
  if (error instanceof UploadError) return refuse(error.statusCode, error.message);
  if (error instanceof RequestRefused) {
    const refused = refuse(error.statusCode, error.message);
    if (error.statusCode === 401) refused.headers['www-authenticate'] = 'Bearer realm="rcm"';
    return { ...refused, body: { ...error.detail, error: error.message } };
  }
  if (error instanceof PersonRefused && error.unknown) return refuse(404, error.message);
  if (error instanceof BadInputError || error instanceof InputError || error instanceof PersonRefused) return refuse(400, error.message);
  // The client went away mid-upload: nobody reads the answer, and it is no outage of ours.
  if (isClientAbort(error)) return refuse(400, 'the request was cut off before its body arrived');
  if (isOutage(error)) {
    return {
      status: 503,
      body: { error: 'service unavailable: the database or the queue store cannot be reached; try again shortly', requestId: context.requestId },
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      log: 'warn',
    };
  }
  const fastify = error as Partial<FastifyError>;
  switch (fastify.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return refuse(413, `request body is larger than the limit of ${describeSize(context.bodyLimitBytes)}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return refuse(415, `unsupported media type ${mediaType(context.contentType)} for this route`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return refuse(400, 'request body is empty but its content type is application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return refuse(400, 'request body size did not match its Content-Length');
  }
  const status = typeof fastify.statusCode === 'number' ? fastify.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own texts (schema validation and the like) name the rule, not the value.
    const text = fastify.code?.startsWith('FST_') && fastify.message ? fastify.message : STATUS_CODES[status] ?? 'bad request';
    return refuse(status, text);
  }
  return {
    status: 500,
    body: { error: 'internal error; the log has its details under this request id', requestId: context.requestId },
    headers: {},
    log: 'error',
  };
}

/**
 * Installs the answers on the app (before any route or plugin, so every scope inherits them):
 * the JSON body parser that names a parse error, the error handler, a JSON 404 and the
 * `x-request-id` header on every reply.
 */
export function installErrorHandling(app: FastifyInstance, options: { bodyLimitBytes: number }): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: options.bodyLimitBytes }, (request, body, done) => {
    const text = body.toString();
    parseJson(request, text, (error: Error | null, value?: unknown) => {
      if (!error || (error as FastifyError).code !== 'FST_ERR_CTP_INVALID_JSON_BODY') return done(error, value);
      done(new JsonBodyError(`request body is not valid JSON: ${jsonProblem(text)}`), undefined);
    });
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler((error, request, reply) => {
    const answer = answerFor(error, {
      requestId: request.id,
      bodyLimitBytes: options.bodyLimitBytes,
      contentType: request.headers['content-type'],
    });
    const where = { method: request.method, route: request.routeOptions.url };
    if (answer.log === 'warn') request.log.warn({ ...where, ...describeError(error) }, 'request refused: database or queue store unreachable');
    if (answer.log === 'error') request.log.error({ ...where, ...describeError(error), stack: stackFrames(error) }, 'request failed');
    if (!request.raw.complete) {
      // A body over the limit is not read on: the connection closes after the answer. Any other
      // body we stopped reading (an upload cut off by an outage) is read and thrown away while the
      // answer goes out, and the connection closed a little later: closing a socket with unread
      // data sends a reset, which can destroy the answer before the client has read it.
      if (answer.status === 413) reply.header('connection', 'close');
      else discardRestOfBody(request.raw, reply.raw);
    }
    return sendAnswer(reply, answer);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0].slice(0, 200);
    return reply.code(404).send({ error: `no route ${request.method} ${path}` });
  });
}

/** How long a connection whose body we stopped reading stays open after the answer (see above). */
const LINGER_AFTER_ANSWER_MS = 5000;

function discardRestOfBody(request: IncomingMessage, response: ServerResponse): void {
  request.unpipe();
  request.removeAllListeners('data');
  request.resume();
  const socket = request.socket ?? response.socket;
  if (!socket || typeof socket.destroy !== 'function') return;
  response.once('finish', () => {
    const timer = setTimeout(() => socket.destroy(), LINGER_AFTER_ANSWER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}

function sendAnswer(reply: FastifyReply, answer: ErrorAnswer): FastifyReply {
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  return reply.code(answer.status).send(answer.body);
}

/**
 * V8's reason a text is not JSON, without the part of the text some of its messages quote
 * (`Unexpected token 'o', "not json" is not valid JSON`): a body can hold patient data.
 */
export function jsonProblem(text: string): string {
  try {
    JSON.parse(text);
    // JSON.parse takes it; secure-json-parse refused it for prototype poisoning.
    return 'a "__proto__" or "constructor.prototype" key is not allowed';
  } catch (error) {
    return String((error as Error).message).replace(/, (\.\.\.)?".*$/s, '').trim();
  }
}

/** Node's error on a request stream whose client closed the connection before the body ended. */
function isClientAbort(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'ECONNRESET' && error.message === 'aborted';
}

/** The media type alone, as safe characters, for a 415's message. */
function mediaType(header: string | undefined): string {
  const type = (header ?? '').split(';', 1)[0].trim().toLowerCase().replace(/[^a-z0-9.+/-]/g, '').slice(0, 80);
  return type ? `"${type}"` : '(none given)';
}

/** Where an error was thrown: the stack without its first line, which repeats the message. */
function stackFrames(error: unknown): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  return stack?.split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 15).join('\n');
}

/** The request as logged: no query string, which may carry a sender's file name. */
export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: request.url.split('?', 1)[0], remoteAddress: request.ip };
}
