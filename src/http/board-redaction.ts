// What the queue board may show of a job: its id, name, state and timings, and for a failure the
// engine's own PHI-free text. Never the values of its data or return value, a stack trace, job
// logs, or a failure reason the engine did not write (a library's message may echo data). Pure:
// the board's adapter (board.ts) applies it to every job it hands to bull-board.

/** The engine's record of a job's last failed attempt (job_record), written by the worker adapter. */
export interface RecordedFailure {
  errorClass: string;
  /** Present only for errors whose text the engine wrote (src/errors.ts describeError). */
  errorMessage: string | null;
}

export const HIDDEN = '(hidden)';
export const WITHHELD = 'failure text withheld: not written by the engine; see the job record (rcm jobs) and the logs by job id';

/** BullMQ's own failure reasons, which name no job data. */
const BULLMQ_OWN_REASONS = [
  /^job stalled more than allowable limit$/,
  /^Missing lock for job [\w:-]+\.?( \w+)*$/,
  /^Job [\w:-]+ is not in the (active|delayed|completed|failed|waiting) state\.?$/,
];

/** Job options the board may show: how the job runs, none of what it carries. */
const SHOWN_OPTIONS = ['attempts', 'backoff', 'delay', 'priority', 'jobId', 'lifo', 'removeOnComplete', 'removeOnFail', 'timestamp'] as const;

/** The failure text the board shows, or undefined when the job has not failed. */
export function boardFailureText(failedReason: string | undefined | null, recorded: RecordedFailure | undefined): string | undefined {
  if (recorded) return `${recorded.errorClass}: ${recorded.errorMessage ?? 'details withheld (may contain patient data); see the job id in the logs'}`;
  if (!failedReason) return undefined;
  return BULLMQ_OWN_REASONS.some((pattern) => pattern.test(failedReason)) ? failedReason : WITHHELD;
}

/** The data's field names with their values hidden: enough to tell a claim job from a file job. */
export function hiddenValues(data: unknown): Record<string, string> | string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data === undefined || data === null ? {} : HIDDEN;
  return Object.fromEntries(Object.keys(data).map((key) => [key, HIDDEN]));
}

/**
 * A job's JSON (BullMQ `Job#toJSON`) as the board may see it: every field not listed here is
 * dropped (new BullMQ fields stay hidden until someone decides they are safe).
 */
export function redactedJobJson(job: Record<string, any>, recorded: RecordedFailure | undefined): Record<string, unknown> {
  const opts = (job.opts ?? {}) as Record<string, unknown>;
  return dropUndefined({
    id: job.id,
    name: job.name,
    timestamp: job.timestamp,
    processedOn: job.processedOn,
    processedBy: job.processedBy,
    finishedOn: job.finishedOn,
    delay: job.delay,
    priority: job.priority,
    attemptsMade: job.attemptsMade,
    attemptsStarted: job.attemptsStarted,
    stalledCounter: job.stalledCounter,
    repeatJobKey: job.repeatJobKey,
    // Progress is a number when it says how far; an object may carry anything.
    progress: typeof job.progress === 'number' ? job.progress : 0,
    opts: Object.fromEntries(SHOWN_OPTIONS.filter((key) => opts[key] !== undefined).map((key) => [key, opts[key]])),
    data: hiddenValues(job.data),
    returnvalue: job.returnvalue === undefined || job.returnvalue === null ? job.returnvalue : HIDDEN,
    failedReason: boardFailureText(job.failedReason, recorded),
    stacktrace: [],
  });
}

function dropUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
