// Operations records: retry policy versions set by admins, and dead letters (jobs that used up
// their retry policy) waiting for operations. SQL on them: src/db/repositories/retry-policies
// and dead-letters repositories.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

/** One admin change of a queue's (jobName '') or a job's retry policy; the highest version is in force. */
export const RetryPolicyVersion = defineEntity({
  name: 'RetryPolicyVersion',
  tableName: 'retry_policy_version',
  uniques: [{ properties: ['queue', 'jobName', 'version'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    queue: p.string().length(40),
    jobName: p.string().length(40).default(''),
    version: p.integer(),
    policy: p.json<Record<string, unknown>>(),
    reason: p.text(),
    changedBy: p.string().length(80),
    changedAt: p.datetime(),
  },
});

export const DEAD_LETTER_STATUSES = ['open', 'replayed'] as const;

/** A job that failed for good: its ids-only payload, why, and whether it was replayed. */
export const DeadLetter = defineEntity({
  name: 'DeadLetter',
  tableName: 'dead_letter',
  properties: {
    id: p.integer().primary().autoincrement(),
    queue: p.string().length(40),
    jobId: p.string().length(200),
    jobName: p.string().length(40),
    payload: p.json<Record<string, unknown>>(),
    attempts: p.integer(),
    errorClass: p.string().length(80),
    errorMessage: p.text(),
    reason: p.string().length(40),
    firstQueuedAt: p.datetime(),
    failedAt: p.datetime(),
    status: p.enum([...DEAD_LETTER_STATUSES]).default('open'),
    taskId: p.integer().nullable(),
    replayedBy: p.string().length(80).nullable(),
    replayedAt: p.datetime().nullable(),
  },
});
