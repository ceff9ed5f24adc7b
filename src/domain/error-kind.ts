// Which kind of failure a job's error is: bad input (never retried), a transient fault (database
// or Redis connection, a clearinghouse timeout, HTTP 429/502/503/504: retried by policy), a
// "try later" that counts no attempt, or anything else (retried by policy too, since we cannot
// tell). Decided by class name, code and status only, never by reading a message we did not write.
import { isOutage } from '../util/outage.js';
import type { FailureKind } from './retry-policy.js';

const TRANSIENT_NAMES = new Set(['TransientError', 'TimeoutError', 'AbortError']);
const TRANSIENT_HTTP = new Set([408, 429, 502, 503, 504]);
const BAD_INPUT_NAMES = new Set(['BadInputError', 'InputError', 'PayloadError', 'UnknownJobError']);

export function failureKind(error: unknown): FailureKind {
  if (!(error instanceof Error)) return 'other';
  if (error.name === 'RetryLaterError') return 'retry-later';
  if (BAD_INPUT_NAMES.has(error.name) || hasBadInputAncestor(error)) return 'bad-input';
  if (TRANSIENT_NAMES.has(error.name) || isOutage(error)) return 'transient';
  const status = (error as { status?: unknown; statusCode?: unknown }).statusCode ?? (error as { status?: unknown }).status;
  if (typeof status === 'number' && TRANSIENT_HTTP.has(status)) return 'transient';
  return 'other';
}

/** Subclasses of BadInputError under their own names (JsonBodyError, ...) are bad input too. */
function hasBadInputAncestor(error: Error): boolean {
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === 'BadInputError') return true;
  }
  return false;
}
