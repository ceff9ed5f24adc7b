// Moves committed outbox rows to BullMQ. Rows are locked with SKIP LOCKED so any number of
// relays (one per process) share the work, and each job's id is derived from the row's job key,
// so a relay that dies after adding but before marking the row adds nothing twice. A row it
// cannot deliver (outbox-checks.ts) is set aside with its reason and logged once; the rest of the
// batch goes on. Sent rows are deleted after the retention period, a bounded batch at a time.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import { describeError } from '../errors.js';
import { OutboxRepository, type PendingOutboxRow, type SetAsideRow } from '../db/repositories/outbox.repository.js';
import { undeliverableReason } from './outbox-checks.js';
import type { QueueSet } from './queue-set.js';
import { jobIds, jobOptions } from './job-options.js';
import { withTimeout } from '../util/time.js';

/** The BullMQ id of the job relayed from the outbox row with job key `jobKey`. */
export const outboxJobId = jobIds.outbox;

/** Deleting sent rows: how long they are kept, how often and how many at a time. */
export interface OutboxRetention {
  hours: number;
  everyMs?: number;
  batchSize?: number;
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private failures = 0;
  private nextCleanupAt = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly queues: QueueSet,
    private readonly logger: Logger,
    private readonly pollMs = 250,
    private readonly batchSize = 500,
    private readonly redisTimeoutMs = 3000,
    /** Without it (the CLI's one-off relay) sent rows are left to the engine to delete. */
    private readonly retention?: OutboxRetention,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Ask for a pass soon, e.g. right after a commit that wrote outbox rows. */
  kick(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: relays up to a batch; returns how many rows it took care of (delivered or set aside). */
  async relayOnce(): Promise<number> {
    const { handled, setAside } = await this.orm.em.fork().transactional(async (tx) => {
      const outbox = new OutboxRepository(tx);
      const rows = await outbox.lockUndelivered(this.batchSize);
      const byQueue = new Map<string, PendingOutboxRow[]>();
      const undeliverable: Array<SetAsideRow & { queue: string; jobName: string }> = [];
      for (const row of rows) {
        const reason = undeliverableReason(this.queues.catalog, row);
        if (reason) {
          undeliverable.push({ id: row.id, reason, queue: row.queue, jobName: row.jobName });
          continue;
        }
        const queued = byQueue.get(row.queue);
        if (queued) queued.push(row);
        else byQueue.set(row.queue, [row]);
      }
      for (const [queueName, queued] of byQueue) {
        const queue = this.queues.get(queueName);
        // BullMQ waits for a connection that is down; a bounded wait lets the transaction roll
        // back and release its row locks. If the add lands late, the job id makes a re-add a no-op.
        await withTimeout(queue.addBulk(
          queued.map((row) => ({ name: row.jobName, data: row.payload, opts: jobOptions(queueName, jobIds.outbox(row.jobKey), row.delayMs) })),
        ), this.redisTimeoutMs, 'adding jobs to Redis');
      }
      await outbox.setAside(undeliverable);
      await outbox.markDelivered([...byQueue.values()].flat().map((r) => r.id));
      return { handled: rows.length, setAside: undeliverable };
    });
    // Logged after the commit, so once: a set-aside row is never locked again. Ids and names, never the payload.
    for (const row of setAside) {
      this.logger.error({ outboxId: row.id, queue: row.queue, job: row.jobName, reason: row.reason }, 'outbox row set aside: it cannot be delivered');
    }
    return handled;
  }

  /**
   * Deletes one batch of rows sent longer ago than the retention period; returns how many.
   * Bounded, so a backlog (a first start after months) is worked off over several passes.
   */
  async deleteExpiredOnce(): Promise<number> {
    if (!this.retention) return 0;
    const outbox = new OutboxRepository(this.orm.em.fork());
    return outbox.deleteSentBefore(this.retention.hours, this.retention.batchSize ?? 1000);
  }

  private async cleanUp(): Promise<void> {
    const batchSize = this.retention?.batchSize ?? 1000;
    try {
      const deleted = await this.deleteExpiredOnce();
      if (deleted > 0) this.logger.debug({ deleted }, 'deleted sent outbox rows past their retention');
      // A full batch means more are due: the next pass takes another batch.
      this.nextCleanupAt = deleted === batchSize ? 0 : Date.now() + (this.retention?.everyMs ?? 60_000);
    } catch (error) {
      this.logger.warn({ ...describeError(error) }, 'could not delete sent outbox rows; will try again');
      this.nextCleanupAt = Date.now() + (this.retention?.everyMs ?? 60_000);
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pass(), delayMs);
  }

  private async pass(): Promise<void> {
    if (this.stopped || this.running) return;
    let delivered = 0;
    const run = this.relayOnce().then(
      (n) => {
        delivered = n;
        if (this.failures > 0) this.logger.info({ afterFailures: this.failures }, 'outbox relay recovered');
        this.failures = 0;
      },
      (error) => {
        this.failures += 1;
        // Redis or Postgres is down: rows stay in the outbox and are retried with backoff.
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn({ ...describeError(error), failures: this.failures }, 'outbox relay could not deliver; will retry');
        }
      },
    );
    this.running = run;
    await run;
    if (this.retention && !this.stopped && Date.now() >= this.nextCleanupAt) {
      const cleanup = this.cleanUp();
      this.running = cleanup;
      await cleanup;
    }
    this.running = undefined;
    if (this.stopped) return;
    const backoff = Math.min(5000, this.pollMs * 2 ** Math.min(this.failures, 5));
    this.schedule(delivered === this.batchSize ? 0 : this.failures ? backoff : this.pollMs);
  }
}
