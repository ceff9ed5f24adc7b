// One repair sweep: compares what Postgres says is in flight with what Redis holds and gives a
// new job to whatever has none (issue #9: nothing silently lost). Six kinds of work, in an order
// that lets the later ones see the earlier repairs: relayed outbox rows first (their jobs come
// back under the same ids), then schedulers, files, staged remittances, draft claims and overdue
// tasks whose escalation was missed. All in one
// transaction, under an advisory lock so two processes never sweep one office at once; each repair
// is recorded in repair_event and, once committed, logged (kind and ids only). Handlers are
// idempotent, so a repair racing a job that was only slow posts nothing twice.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logger.js';
import type { QueueSet } from '../../queues/queue-set.js';
import { RepairRepository, type RepairRecord } from '../../db/repositories/repair.repository.js';
import type { RepairContext } from './repair-context.js';
import { repairRelayedRows } from './repair-outbox.js';
import { repairSchedulers } from './repair-schedulers.js';
import { repairFiles } from './repair-files.js';
import { repairRemittances } from './repair-remittances.js';
import { repairDrafts } from './repair-drafts.js';
import { repairOverdueTasks } from './repair-overdue-tasks.js';

export type SweepTrigger = 'start' | 'interval' | 'redis-back' | 'cli';

export interface SweepOptions {
  trigger: SweepTrigger;
  /** Work younger than this is left alone (its relay or job may simply not have run yet). */
  graceMs: number;
  /** Skip when another process finished a sweep less than this long ago (periodic sweeps). */
  skipIfSweptWithinMs?: number;
  pageSize?: number;
  redisTimeoutMs?: number;
}

export interface SweepResult {
  sweepId: number | null;
  /** Why nothing was done: another process is sweeping, or swept a moment ago. */
  skipped?: 'locked' | 'recent';
  repairs: RepairRecord[];
  /** How much work in flight each kind looked at. */
  checked: { outbox: number; schedulers: number; files: number; remittances: number; drafts: number; overdueTasks: number };
}

const NOTHING_CHECKED = { outbox: 0, schedulers: 0, files: 0, remittances: 0, drafts: 0, overdueTasks: 0 };

export async function runRepairSweep(orm: MikroORM, queues: QueueSet, prefix: string, options: SweepOptions, log: Logger): Promise<SweepResult> {
  const result = await sweepInTransaction(orm, queues, prefix, options);
  // Logged once committed, so a line never names a repair that rolled back.
  for (const repair of result.repairs) {
    log.warn({ sweepId: result.sweepId, kind: repair.kind, subject: repair.subject, jobId: repair.jobId }, 'repaired work that had no live job');
  }
  if (result.sweepId !== null) {
    log[result.repairs.length > 0 ? 'info' : 'debug']({ sweepId: result.sweepId, trigger: options.trigger, repaired: result.repairs.length, checked: result.checked }, 'repair sweep done');
  }
  return result;
}

function sweepInTransaction(orm: MikroORM, queues: QueueSet, prefix: string, options: SweepOptions): Promise<SweepResult> {
  return orm.em.fork().transactional(async (tx) => {
    const repo = new RepairRepository(tx);
    if (!(await repo.tryLockSweep())) return { sweepId: null, skipped: 'locked', repairs: [], checked: NOTHING_CHECKED };
    if (options.skipIfSweptWithinMs !== undefined) {
      const since = await repo.msSinceLastSweep();
      if (since !== undefined && since < options.skipIfSweptWithinMs) return { sweepId: null, skipped: 'recent', repairs: [], checked: NOTHING_CHECKED };
    }
    const sweepId = await repo.startSweep(options.trigger);
    const repairs: RepairRecord[] = [];
    const ctx: RepairContext = {
      tx, repo, queues, prefix, graceMs: options.graceMs, pageSize: options.pageSize ?? 1000, redisTimeoutMs: options.redisTimeoutMs ?? 5000,
      repaired: (repair) => repairs.push(repair),
    };
    const checked = {
      outbox: await repairRelayedRows(ctx),
      schedulers: await repairSchedulers(ctx),
      files: await repairFiles(ctx),
      remittances: await repairRemittances(ctx),
      drafts: await repairDrafts(ctx),
      overdueTasks: await repairOverdueTasks(ctx),
    };
    await repo.finishSweep(sweepId, repairs);
    return { sweepId, repairs, checked };
  });
}
