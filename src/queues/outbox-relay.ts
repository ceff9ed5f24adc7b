// Moves committed outbox rows to BullMQ. Rows are locked with SKIP LOCKED so any number of
// relays (one per process) share the work, and each job's id is derived from the row's job key,
// so a relay that dies after adding but before marking the row adds nothing twice.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import { describeError } from '../errors.js';
import { OutboxRepository, type PendingOutboxRow } from '../db/repositories/outbox.repository.js';
import type { QueueSet } from './queue-set.js';
import { jobIds, jobOptions } from './job-options.js';
import { withTimeout } from '../util/time.js';

/** The BullMQ id of the job relayed from the outbox row with job key `jobKey`. */
export const outboxJobId = jobIds.outbox;

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly queues: QueueSet,
    private readonly logger: Logger,
    private readonly pollMs = 250,
    private readonly batchSize = 500,
    private readonly redisTimeoutMs = 3000,
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

  /** One pass: relays up to a batch and returns how many jobs it delivered. */
  async relayOnce(): Promise<number> {
    return this.orm.em.fork().transactional(async (tx) => {
      const outbox = new OutboxRepository(tx);
      const rows = await outbox.lockUndelivered(this.batchSize);
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, PendingOutboxRow[]>();
      for (const row of rows) {
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
      await outbox.markDelivered(rows.map((r) => r.id));
      return rows.length;
    });
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
    this.running = undefined;
    if (this.stopped) return;
    const backoff = Math.min(5000, this.pollMs * 2 ** Math.min(this.failures, 5));
    this.schedule(delivered === this.batchSize ? 0 : this.failures ? backoff : this.pollMs);
  }
}
