// The BullMQ Queue objects of one catalogue, sharing one producer connection, with each
// queue's default job options (attempts, backoff, retention) from src/queues/job-options.ts.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { defaultJobOptions } from './job-options.js';
import type { Catalog } from './registry.js';

export class QueueSet<C extends Catalog = Catalog> {
  private readonly queues = new Map<string, Queue>();

  constructor(
    readonly catalog: C,
    /** The producer connection the queues share; also what the rate limiter and breaker use. */
    readonly connection: Redis,
    readonly prefix: string,
    private readonly logger: Logger,
  ) {
    for (const name of Object.keys(catalog)) {
      const queue = new Queue(name, { connection, prefix, defaultJobOptions: defaultJobOptions(name) });
      queue.on('error', (error) => logger.error({ queue: name, errorClass: error.name }, 'queue connection error'));
      this.queues.set(name, queue);
    }
  }

  get(name: Extract<keyof C, string>): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`no queue "${name}" in this catalogue`);
    return queue;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}
