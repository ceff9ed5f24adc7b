// Enqueueing through the transactional outbox: the job is written as an outbox row with the
// caller's data, in the caller's transaction. The relay later moves it to BullMQ, so a job is
// never lost after a commit and never exists for a rolled-back write.
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxRepository } from '../db/repositories/outbox.repository.js';
import { catalog as engineCatalog, validatePayload, type Catalog, type JobName, type PayloadOf } from './registry.js';

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds after the relay delivers it. */
  delayMs?: number;
}

export interface Producer<C extends Catalog> {
  /** One job, persisted with the caller's next flush. */
  enqueue<Q extends Extract<keyof C, string>, J extends JobName<C, Q>>(
    em: EntityManager,
    queue: Q,
    job: J,
    payload: PayloadOf<C, Q, J>,
    options?: EnqueueOptions,
  ): void;
  /** Many jobs of one kind (a file's fan-out), each validated, written at once in bulk. */
  enqueueMany<Q extends Extract<keyof C, string>, J extends JobName<C, Q>>(
    em: EntityManager,
    queue: Q,
    job: J,
    payloads: ReadonlyArray<PayloadOf<C, Q, J>>,
    options?: EnqueueOptions,
  ): Promise<void>;
}

export function createProducer<C extends Catalog>(cat: C): Producer<C> {
  return {
    enqueue(em, queue, job, payload, options = {}) {
      const valid = validatePayload(cat, queue, job, payload);
      new OutboxRepository(em).add({ queue, jobName: job, payload: valid, delayMs: options.delayMs ?? 0 });
    },
    async enqueueMany(em, queue, job, payloads, options = {}) {
      const valid = payloads.map((payload) => validatePayload(cat, queue, job, payload));
      await new OutboxRepository(em).addMany(queue, job, valid, options.delayMs ?? 0);
    },
  };
}

/** The engine's producer: `enqueue(em, 'posting', 'era', { fileId })`, persisted on the next flush. */
export const producer = createProducer(engineCatalog);
export const enqueue = producer.enqueue;
export const enqueueMany = producer.enqueueMany;
