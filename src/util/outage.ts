// Is this error an outage (PostgreSQL or Redis cannot be reached, or is restarting), so that the
// same work tried again later can succeed? The inbox keeps a file in place and the API answers
// 503 for these; anything else is about the request or the file itself.

/** Socket-level failures: the server refused, reset or did not answer. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN',
  'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENETRESET', 'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs that say "the server, not your statement": 57P01-57P03 (shut down or
 * starting up), 53xxx (out of connections, memory or disk), 58xxx (server I/O), 40001/40P01
 * (serialization failure, deadlock: the same transaction again succeeds), 55P03 (lock wait).
 * Class 08 (connection exception) is matched as a class below.
 */
const POSTGRES_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '57P05', '40001', '40P01', '55P03', '58000', '58030']);
const POSTGRES_UNAVAILABLE_CLASSES = ['08', '53'];

/**
 * Errors the drivers raise without a code when a connection died or never came: node-postgres,
 * the knex pool under MikroORM, ioredis (a fail-fast producer while Redis is down), BullMQ.
 */
const DRIVER_MESSAGES = [
  /Connection terminated/i, // pg: "Connection terminated unexpectedly" / "... due to connection timeout"
  /timeout exceeded when trying to connect/i, // pg-pool
  /Client (has encountered a connection error|was closed) and is not queryable/i, // pg
  /Timeout acquiring a connection/i, // knex pool
  /Stream isn't writeable and enableOfflineQueue options is false/i, // ioredis fail-fast
  /^Connection is closed\.?$/i, // ioredis
  /max retries per request limit/i, // ioredis MaxRetriesPerRequestError
];

const OUTAGE_NAMES = new Set(['ConnectionException', 'KnexTimeoutError', 'MaxRetriesPerRequestError']);

/** True when `error` (or what it wraps) says a database or queue server could not be reached. */
export function isOutage(error: unknown): boolean {
  return someCause(error, (e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && POSTGRES_UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) return true;
    if (OUTAGE_NAMES.has(e.name)) return true;
    // A message is only looked at for the drivers' own texts, and only its first line.
    const message = String(e.message ?? '').split('\n', 1)[0];
    return DRIVER_MESSAGES.some((pattern) => pattern.test(message));
  });
}

/** Walks `cause` and AggregateError members a few levels deep (drivers wrap each other). */
function someCause(error: unknown, test: (e: Error & { code?: unknown }) => boolean, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  if (test(error)) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => someCause(inner, test, depth + 1))) return true;
  return someCause(error.cause, test, depth + 1);
}
