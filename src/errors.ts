// Error classes the engine understands, and the one function that turns any error into
// something safe to store in Redis, the job record or a log line. No BullMQ import: the CLI
// loads this module and should not pay for the queue library to print an error.

/**
 * Our own errors: their messages are written by us from ids, codes and amounts, never from
 * patient data, so they may be shown and stored as they are.
 */
export class RcmError extends Error {
  override name = 'RcmError';
}

/** Bad input (a file, a payload): retrying cannot help, so the job fails at once. */
export class BadInputError extends RcmError {
  override name = 'BadInputError';
}

/**
 * Bad input whose task for a person is open already (a quarantined file has its
 * `quarantined-file` task): the engine keeps the dead letter but opens no second task.
 */
export class BadInputWithTaskError extends BadInputError {
  readonly taskOpened = true;
}

/**
 * A fault outside the job that another attempt may not meet: a database or Redis connection
 * dropped, a clearinghouse timeout, a 429. Retried by the job's retry policy.
 */
export class TransientError extends RcmError {
  override name = 'TransientError';
}

/**
 * The work could not start for a reason that is not the job's fault (a circuit breaker is open,
 * a payer's rate limit is reached): try again after `retryAfterMs`, without counting an attempt.
 */
export class RetryLaterError extends RcmError {
  override name = 'RetryLaterError';
  constructor(message: string, readonly retryAfterMs: number) {
    super(message);
  }
}

export interface SafeErrorDescription {
  errorClass: string;
  /** Present only for errors whose text we wrote; other libraries may echo values (PHI). */
  message?: string;
  code?: string;
}

export function describeError(error: unknown): SafeErrorDescription {
  if (!(error instanceof Error)) return { errorClass: typeof error };
  const code = (error as { code?: unknown }).code;
  const description: SafeErrorDescription = { errorClass: error.name || error.constructor.name };
  if (typeof code === 'string' || typeof code === 'number') description.code = String(code);
  if (isSafeMessage(error)) description.message = error.message;
  return description;
}

function isSafeMessage(error: Error): boolean {
  // BullMQ's UnrecoverableError (named after its class) with our prefix: the worker adapter wrote it.
  return error instanceof RcmError || (error.name === 'UnrecoverableError' && error.message.startsWith('[rcm] '));
}

/** The text stored as BullMQ's failedReason: class and code, plus our own message if safe. */
export function safeErrorText(error: unknown): string {
  const d = describeError(error);
  const head = d.code ? `${d.errorClass} (${d.code})` : d.errorClass;
  return d.message ? `${head}: ${d.message}` : `${head}: details withheld (may contain patient data); see job id in logs`;
}

/**
 * A request refused for what it asked, answered with `statusCode` and this message (written by us,
 * from ids and codes). `detail` adds fields to the JSON answer, e.g. the allowed outcomes.
 */
export class RequestRefused extends RcmError {
  override name = 'RequestRefused';
  constructor(readonly statusCode: 401 | 403 | 404 | 409 | 422, message: string, readonly detail: Record<string, unknown> = {}) {
    super(message);
  }
}

/** 404: no such thing, or one the caller may not see (a specialist asking for another's task). */
export function notFound(message: string): RequestRefused {
  return new RequestRefused(404, message);
}
