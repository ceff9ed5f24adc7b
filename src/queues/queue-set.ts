// The BullMQ Queue objects of one catalogue, sharing one producer connection, with each
// queue's default job options (attempts, backoff, retention) taken from config/queues.ts.
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobRetention, queueSettings, type QueueSettings } from '../../config/queues.js';
import type { Logger } from '../logger.js';
import type { Catalog } from './registry.js';

const fallbackSettings: QueueSettings = {
  concurrency: 10,
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 1000 },
  lockDurationMs: 30000,
};

export function settingsFor(queue: string): QueueSettings {
  return (queueSettings as Record<string, QueueSettings>)[queue] ?? fallbackSettings;
}

export function defaultJobOptions(queue: string): JobsOptions {
  const s = settingsFor(queue);
  return {
    attempts: s.attempts,
    backoff: { type: s.backoff.type, delay: s.backoff.delayMs },
    removeOnComplete: jobRetention.removeOnComplete,
    removeOnFail: jobRetention.removeOnFail,
  };
}

export class QueueSet<C extends Catalog = Catalog> {
  private readonly queues = new Map<string, Queue>();

  constructor(
    readonly catalog: C,
    private readonly connection: Redis,
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
