// The one way jobs enter the queues, each validated against the catalogue. Plain jobs go
// through the transactional outbox: written as rows in the caller's transaction and moved to
// BullMQ by the relay, so a job is never lost after a commit and never exists for a rolled-back
// write. Flows (a parent that runs after its children) go to BullMQ directly, from a job that
// re-adds them on retry; their ids make a second add a no-op. Ids and options: job-options.ts.
import type { EntityManager } from '@mikro-orm/postgresql';
import { FlowProducer, type ConnectionOptions, type FlowJob, type JobsOptions } from 'bullmq';
import { OutboxRepository } from '../db/repositories/outbox.repository.js';
import { defaultJobOptions, jobOptions } from './job-options.js';
import { assertMayWrite } from './prefix-guards.js';
import { catalog as engineCatalog, validatePayload, type Catalog, type JobName, type PayloadOf } from './registry.js';

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds after the relay delivers it. */
  delayMs?: number;
}

declare const validated: unique symbol;

/** One job of a flow, validated against the catalogue; made only by `producer.flowJob`. */
export interface FlowStep {
  readonly queue: string;
  readonly job: string;
  readonly payload: Record<string, unknown>;
  readonly jobId: string;
  readonly [validated]: true;
}

export interface Flow {
  parent: FlowStep;
  children: readonly FlowStep[];
}

/** Where flows are added: a queue's Redis connection and the install's prefix. */
export interface FlowTarget {
  connection: ConnectionOptions;
  prefix: string;
}

/** A job template for a BullMQ job scheduler (repeatable jobs): validated name, data and options. */
export interface ScheduledJob {
  name: string;
  data: Record<string, unknown>;
  opts: JobsOptions;
}

type QueueOf<C extends Catalog> = Extract<keyof C, string>;

export interface Producer<C extends Catalog> {
  /** One job, persisted with the caller's next flush. */
  enqueue<Q extends QueueOf<C>, J extends JobName<C, Q>>(
    em: EntityManager, queue: Q, job: J, payload: PayloadOf<C, Q, J>, options?: EnqueueOptions,
  ): void;
  /** Many jobs of one kind (a file's fan-out), each validated, written at once in bulk. */
  enqueueMany<Q extends QueueOf<C>, J extends JobName<C, Q>>(
    em: EntityManager, queue: Q, job: J, payloads: ReadonlyArray<PayloadOf<C, Q, J>>, options?: EnqueueOptions,
  ): Promise<void>;
  /** A validated step of a flow, with its id from job-options.ts (`jobIds`). */
  flowJob<Q extends QueueOf<C>, J extends JobName<C, Q>>(queue: Q, job: J, payload: PayloadOf<C, Q, J>, jobId: string): FlowStep;
  /** Adds flows, each parent with its children, with the options of job-options.ts. */
  addFlows(target: FlowTarget, flows: readonly Flow[]): Promise<void>;
  /** The job a scheduler repeats (e.g. `claims.submit` per payer), validated now. */
  scheduledJob<Q extends QueueOf<C>, J extends JobName<C, Q>>(queue: Q, job: J, payload: PayloadOf<C, Q, J>): ScheduledJob;
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
    flowJob(queue, job, payload, jobId) {
      return { queue, job, payload: validatePayload(cat, queue, job, payload), jobId } as unknown as FlowStep;
    },
    async addFlows(target, flows) {
      if (flows.length === 0) return;
      const producer = new FlowProducer({ connection: target.connection, prefix: target.prefix });
      producer.on('error', () => undefined); // the add below rejects with the same error
      try {
        for (const { parent, children } of flows) {
          assertMayWrite(target.prefix); // a process that lost its prefix adds no flow under it
          // FlowProducer does not apply a queue's defaults: every step carries its options.
          await producer.add({ ...bullmqJob(parent), children: children.map(bullmqJob) });
        }
      } finally {
        await producer.close();
      }
    },
    scheduledJob(queue, job, payload) {
      return { name: job, data: validatePayload(cat, queue, job, payload), opts: defaultJobOptions(queue) };
    },
  };
}

function bullmqJob(step: FlowStep): FlowJob {
  return { name: step.job, queueName: step.queue, data: step.payload, opts: jobOptions(step.queue, step.jobId) };
}

/** The engine's producer: `enqueue(em, 'posting', 'era', { fileId })`, persisted on the next flush. */
export const producer = createProducer(engineCatalog);
export const enqueue = producer.enqueue;
export const enqueueMany = producer.enqueueMany;
