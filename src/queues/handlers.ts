// Which code runs each job. Workers register their handlers here; a name that is not in the
// catalogue, or a second handler for the same job, stops start-up with a clear message.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../domain/clock.js';
import type { Catalog, JobName, PayloadOf } from './registry.js';
import type { QueueSet } from './queue-set.js';

export interface JobContext {
  /** A fresh EntityManager fork for this job alone. */
  em: EntityManager;
  log: Logger;
  config: AppConfig;
  /** "Now" for this job: the system clock in production, a controllable one in tests. */
  clock: Clock;
  jobId: string;
  attempt: number;
  /** The engine's queues, for what the outbox cannot express (BullMQ flows, job progress). */
  queues: QueueSet;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>;

export type QueueHandlers<C extends Catalog, Q extends Extract<keyof C, string>> = {
  [J in JobName<C, Q>]?: JobHandler<PayloadOf<C, Q, J>>;
};

export class HandlerRegistryError extends Error {
  override name = 'HandlerRegistryError';
}

export class HandlerRegistry<C extends Catalog> {
  private readonly handlers = new Map<string, JobHandler<any>>();

  constructor(readonly catalog: C) {}

  register<Q extends Extract<keyof C, string>>(queue: Q, handlers: QueueHandlers<C, Q>): this {
    for (const [job, handler] of Object.entries(handlers)) {
      if (!handler) continue;
      if (!this.catalog[queue]?.[job]) {
        throw new HandlerRegistryError(`handler for unknown job ${queue}.${job}: declare it in src/queues/registry.ts`);
      }
      const key = `${queue}.${job}`;
      if (this.handlers.has(key)) throw new HandlerRegistryError(`two handlers for ${key}`);
      this.handlers.set(key, handler as JobHandler<any>);
    }
    return this;
  }

  get(queue: string, job: string): JobHandler<any> | undefined {
    return this.handlers.get(`${queue}.${job}`);
  }

  /** Jobs the catalogue declares that no handler serves yet (later issues add them). */
  missing(queue: Extract<keyof C, string>): string[] {
    return Object.keys(this.catalog[queue] ?? {}).filter((job) => !this.handlers.has(`${queue}.${job}`));
  }
}
