// JSON Schemas of the operations API: retry policies (src/http/routes/retry-policies.ts) and dead
// letters (src/http/routes/dead-letters.ts). Range checks are the services' (their messages reach
// the client as 422); these give types and shapes.

export const RETRY_POLICY_SCHEMA = {
  type: 'object',
  required: ['attempts', 'backoff', 'deadlineMinutes', 'neverRetry'],
  properties: {
    attempts: { type: 'integer', description: 'attempts including the first' },
    backoff: {
      type: 'object',
      required: ['type', 'delayMs', 'maxDelayMs', 'jitter'],
      properties: {
        type: { type: 'string', enum: ['fixed', 'exponential'] },
        delayMs: { type: 'integer' },
        maxDelayMs: { type: ['integer', 'null'] },
        jitter: { type: 'number', description: '0..1' },
      },
    },
    deadlineMinutes: { type: ['integer', 'null'], description: 'no retry starts later than this after the job was first queued' },
    neverRetry: { type: 'array', items: { type: 'string' }, description: 'error classes never retried' },
  },
} as const;

export const POLICY_VIEW_SCHEMA = {
  type: 'object',
  required: ['target', 'policy', 'source'],
  properties: {
    target: { type: 'string', description: 'queue, or queue.job' },
    policy: RETRY_POLICY_SCHEMA,
    source: { type: 'string', description: '"config", or the version in force, e.g. "claims v2"' },
    versions: { type: 'integer', description: 'versions set by admins for this target' },
  },
} as const;

export const POLICY_VERSION_SCHEMA = {
  type: 'object',
  required: ['queue', 'version', 'policy', 'reason', 'changedBy', 'changedAt'],
  properties: {
    queue: { type: 'string' }, job: { type: 'string' }, version: { type: 'integer' }, policy: RETRY_POLICY_SCHEMA,
    reason: { type: 'string' }, changedBy: { type: 'string' }, changedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const COUNTS_SCHEMA = {
  type: ['object', 'null'],
  properties: { waiting: { type: 'integer' }, delayed: { type: 'integer' }, retrying: { type: 'integer' }, total: { type: 'integer' } },
} as const;

export const POLICY_CHANGE_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    attempts: { type: 'integer' },
    backoff: { type: 'string', description: 'fixed or exponential' },
    delayMs: { type: 'integer' },
    maxDelayMs: { type: ['integer', 'null'], description: 'null: no cap' },
    jitter: { type: 'number' },
    deadlineMinutes: { type: ['integer', 'null'], description: 'null: no deadline' },
    neverRetry: { type: 'array', items: { type: 'string' } },
    reason: { type: 'string', description: 'why (required unless dryRun)' },
    dryRun: { type: 'boolean', description: 'count the queued jobs the change would reach; change nothing' },
  },
} as const;

export const POLICY_CHANGE_SCHEMA = {
  type: 'object',
  required: ['target', 'dryRun', 'before', 'after', 'affected'],
  properties: {
    target: { type: 'string' }, dryRun: { type: 'boolean' }, version: { type: 'integer' },
    before: RETRY_POLICY_SCHEMA, after: RETRY_POLICY_SCHEMA, affected: COUNTS_SCHEMA,
    retimed: { type: ['object', 'null'], properties: { jobs: { type: 'integer' }, skipped: { type: 'integer' }, ms: { type: 'integer' } } },
    notice: { type: 'string' },
  },
} as const;

export const DEAD_LETTER_SCHEMA = {
  type: 'object',
  required: ['id', 'queue', 'jobId', 'jobName', 'payload', 'attempts', 'errorClass', 'errorMessage', 'reason', 'firstQueuedAt', 'failedAt', 'status'],
  properties: {
    id: { type: 'integer' }, queue: { type: 'string' }, jobId: { type: 'string' }, jobName: { type: 'string' },
    payload: { type: 'object', additionalProperties: true, description: 'ids and dates only' },
    attempts: { type: 'integer' }, errorClass: { type: 'string' }, errorMessage: { type: 'string', description: "the engine's own PHI-free text" },
    reason: { type: 'string', description: 'attempts-used, bad-input, never-retry, deadline or filing-deadline' },
    firstQueuedAt: { type: 'string', format: 'date-time' }, failedAt: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['open', 'replayed'] }, taskId: { type: ['integer', 'null'] },
    replayedBy: { type: ['string', 'null'] }, replayedAt: { type: ['string', 'null'] },
  },
} as const;

const REPLAY_SCHEMA = {
  type: 'object',
  required: ['deadLetterId', 'queue', 'jobId', 'how', 'taskClosed'],
  properties: {
    deadLetterId: { type: 'integer' }, queue: { type: 'string' }, jobId: { type: 'string' },
    how: { type: 'string', enum: ['retried', 're-added'] }, taskClosed: { type: 'boolean' },
  },
} as const;

export const REPLAY_RESULT_SCHEMA = REPLAY_SCHEMA;

export const BULK_REPLAY_SCHEMA = {
  type: 'object',
  required: ['replayed', 'refused'],
  properties: {
    replayed: { type: 'array', items: REPLAY_SCHEMA },
    refused: { type: 'array', items: { type: 'object', required: ['jobId', 'reason'], properties: { jobId: { type: 'string' }, reason: { type: 'string' } } } },
  },
} as const;
