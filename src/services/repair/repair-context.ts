// What every kind of repair is handed: the sweep's transaction, its questions to Postgres, the
// queues, and where to report each repair. Also the one way a repair enqueues: through the outbox.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueueSet } from '../../queues/queue-set.js';
import { jobIds } from '../../queues/job-options.js';
import { catalog, validatePayload, type QueueName } from '../../queues/registry.js';
import { RepairRepository, type RepairRecord } from '../../db/repositories/repair.repository.js';
import { withTimeout } from '../../util/time.js';

export interface RepairContext {
  tx: EntityManager;
  repo: RepairRepository;
  queues: QueueSet;
  /** The installation's queue prefix (flows are added under it). */
  prefix: string;
  /** Work younger than this is not looked at. */
  graceMs: number;
  /** Rows per page of each question. */
  pageSize: number;
  repaired(repair: RepairRecord): void;
  /** The longest one Redis step may take (BullMQ waits for a connection that is down). */
  redisTimeoutMs: number;
}

/**
 * A Redis step with a bounded wait, so a sweep started while Redis is down fails (and is tried
 * again later) instead of holding its transaction and the sweep lock, or a shutdown, for good.
 */
export function inRedis<T>(ctx: RepairContext, what: string, step: Promise<T>): Promise<T> {
  return withTimeout(step, ctx.redisTimeoutMs, what);
}

/** A new job through the outbox, in the sweep's transaction: the relay delivers it after the commit. */
export async function enqueueRepair(ctx: RepairContext, queue: QueueName, job: string, payload: Record<string, unknown>): Promise<string> {
  const valid = validatePayload(catalog, queue, job as never, payload);
  return jobIds.outbox(await ctx.repo.addOutboxRow(queue, job, valid));
}
