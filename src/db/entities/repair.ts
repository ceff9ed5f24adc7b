// The repair sweep's own records: each sweep, each repair it made (kind and ids, never PHI), and
// the job schedules that live only in Redis otherwise, so a lost scheduler can be put back.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

export const REPAIR_KINDS = ['file', 'remittance', 'draft-claims', 'outbox', 'scheduler', 'overdue-task'] as const;
export type RepairKind = (typeof REPAIR_KINDS)[number];

/** One pass of the repair sweep: what started it and how many repairs it made. */
export const RepairSweep = defineEntity({
  name: 'RepairSweep',
  tableName: 'repair_sweep',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    trigger: p.string().length(20), // start, interval, redis-back, cli
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    repaired: p.integer().default(0),
  },
});

/** One repair: work Postgres holds in flight that had no live job, and the job given to it. */
export const RepairEvent = defineEntity({
  name: 'RepairEvent',
  tableName: 'repair_event',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    sweepId: p.bigint('number').index(),
    kind: p.enum([...REPAIR_KINDS]),
    /** What was in flight, by id only: `file 12`, `remittance 4`, `claims 10-20 of file 3`, `outbox 77`. */
    subject: p.string().length(120),
    /** The BullMQ job (or scheduler) it now has, or the outbox row that will carry it. */
    jobId: p.string().length(120),
    at: p.datetime(),
  },
});

/** A job scheduler as it was asked for (e.g. `rcm claims schedule`): Redis holds it, this row rebuilds it. */
export const JobSchedule = defineEntity({
  name: 'JobSchedule',
  tableName: 'job_schedule',
  properties: {
    schedulerId: p.string().length(80).primary(),
    queue: p.string().length(40),
    jobName: p.string().length(40),
    payload: p.json<Record<string, unknown>>(),
    everyMs: p.integer().nullable(),
    /** A cron pattern in zone `tz` instead of an interval (daily jobs at a time of day). */
    pattern: p.string().length(40).nullable(),
    tz: p.string().length(64).nullable(),
    updatedAt: p.datetime(),
  },
});
