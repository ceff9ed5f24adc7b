// Engine bookkeeping: the installation's identity, the transactional outbox and the durable
// record of every finished job.
import { randomUUID } from 'node:crypto';
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

/** A job caused by a write, committed in the same transaction; the relay moves it to Redis. */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    queue: p.string().length(40),
    jobName: p.string().length(40),
    payload: p.json<Record<string, unknown>>(),
    delayMs: p.integer().default(0),
    /** Names the row's BullMQ job (`ob-<key>`): random, so a recreated or restored database never repeats one. */
    jobKey: p.uuid().onCreate(() => randomUUID()),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
    /** Set when the relay cannot deliver the row (unknown queue or job, invalid payload); never retried. */
    setAsideAt: p.datetime().nullable(),
    setAsideReason: p.string().length(300).nullable(),
  },
});

/** This database's identity, made when it is first migrated; the queue prefix is bound to it in Redis. */
export const Installation = defineEntity({
  name: 'Installation',
  tableName: 'installation',
  properties: {
    id: p.uuid().primary(),
    oneRow: p.boolean().default(true).unique(),
    createdAt: p.datetime(),
  },
});

export const JOB_OUTCOMES = ['completed', 'retrying', 'failed'] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/** One row per finished attempt, so job history outlives Redis retention. */
export const JobRecord = defineEntity({
  name: 'JobRecord',
  tableName: 'job_record',
  uniques: [{ properties: ['queue', 'jobId', 'attempt'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    queue: p.string().length(40),
    jobId: p.string().length(80),
    name: p.string().length(40),
    attempt: p.integer(),
    outcome: p.enum([...JOB_OUTCOMES]),
    errorClass: p.string().length(80).nullable(),
    errorMessage: p.text().nullable(), // only messages we wrote ourselves, which carry no PHI
    queuedAt: p.datetime(),
    startedAt: p.datetime(),
    finishedAt: p.datetime(),
    waitMs: p.integer(),
    runMs: p.integer(),
  },
});
