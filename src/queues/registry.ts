// The one place that names every queue, every job and each job's payload. Producers, the
// outbox relay and workers all go through it, so `enqueue('posting', 'era', {fileId})` is
// type-checked end to end and validated when enqueued and again when processed.
import type { z } from 'zod';
import { field, payload } from './payload-fields.js';

export const catalog = {
  claims: {
    import: payload({ fileId: field.id() }),
    scrub: payload({ claimId: field.id() }),
    /** The drafts among an import's claims fromClaimId..toClaimId of file fileId. */
    'scrub-batch': payload({ fileId: field.id(), fromClaimId: field.id(), toClaimId: field.id() }),
    submit: payload({ payerId: field.id() }),
    ack: payload({ fileId: field.id() }),
  },
  posting: {
    era: payload({ fileId: field.id() }),
    chunk: payload({ remittanceId: field.id(), from: field.integer(), to: field.integer() }),
    finalize: payload({ remittanceId: field.id() }),
  },
  // Scheduled daily. `asOf` is the office's date the run is for: left out by the job scheduler
  // (the run is for today, asOfDate in src/domain/as-of.ts), given when run on demand for another day.
  reconciliation: {
    deposits: payload({ asOf: field.optional(field.date()) }),
    accounts: payload({ asOf: field.optional(field.date()) }),
    aging: payload({ asOf: field.optional(field.date()) }),
    /** The day's KPI snapshot (src/services/kpis/kpi-snapshot.service.ts). Left out, asOf is yesterday: the last whole day. */
    'kpi-snapshot': payload({ asOf: field.optional(field.date()) }),
  },
  collections: {
    dunning: payload({ asOf: field.optional(field.date()) }),
    plans: payload({ asOf: field.optional(field.date()) }),
    'follow-up': payload({ asOf: field.optional(field.date()) }),
  },
  tasks: {
    /** Offers one open task to people (task-assignment.service.ts). */
    assign: payload({ taskId: field.id() }),
    /** Offers the open tasks fromTaskId..toTaskId to people: one per creation, however many it opened. */
    'assign-batch': payload({ fromTaskId: field.id(), toTaskId: field.id() }),
    /** Expired leases back to the pool, then every unassigned task offered again (on an interval). */
    rebalance: payload({}),
    sla: payload({ taskId: field.id() }),
    /** Scores every open task again against today (daily, src/services/task-schedule.service.ts). */
    reprioritize: payload({}),
    /** An appeal's follow-up, delayed until the payer should have answered (src/services/tasks/appeal-follow-up.service.ts). */
    'appeal-follow-up': payload({ taskId: field.id() }),
  },
} as const;

/** The shape of any catalogue: tests and benchmarks declare their own queues with it. */
export type Catalog = Record<string, Record<string, z.ZodType<Record<string, unknown>>>>;

export type QueueName = keyof typeof catalog;
export const queueNames = Object.keys(catalog) as QueueName[];

export type JobName<C extends Catalog, Q extends keyof C> = Extract<keyof C[Q], string>;
export type PayloadOf<C extends Catalog, Q extends keyof C, J extends keyof C[Q]> = z.infer<C[Q][J]>;

export class UnknownJobError extends Error {
  override name = 'UnknownJobError';
}

export class PayloadError extends Error {
  override name = 'PayloadError';
}

/** Validates a payload against its schema; the error names the job and the keys, never values. */
export function validatePayload<C extends Catalog, Q extends Extract<keyof C, string>, J extends JobName<C, Q>>(
  cat: C,
  queue: Q,
  job: J,
  data: unknown,
): PayloadOf<C, Q, J> {
  const schema = cat[queue]?.[job];
  if (!schema) throw new UnknownJobError(`no job "${job}" on queue "${queue}"`);
  const result = schema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const where = i.path.length ? i.path.join('.') : 'payload';
      // zod's own messages for unrecognized keys name the keys only; values are never echoed.
      return `${where}: ${i.message}`;
    });
    throw new PayloadError(`invalid payload for ${queue}.${job}: ${problems.join('; ')}`);
  }
  return result.data as PayloadOf<C, Q, J>;
}
