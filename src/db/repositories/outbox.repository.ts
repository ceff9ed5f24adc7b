// The transactional outbox's rows: jobs written in the caller's transaction, moved to BullMQ by
// the relay. Payloads arrive here already validated by the producer (src/queues/producer.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxMessage } from '../entities/index.js';
import { json, slices, sqlRunner } from '../sql.js';

export interface OutboxRow {
  queue: string;
  jobName: string;
  payload: Record<string, unknown>;
  delayMs: number;
}

export class OutboxRepository {
  constructor(private readonly em: EntityManager) {}

  /** One job, persisted with the caller's next flush. */
  add(row: OutboxRow): void {
    this.em.create(OutboxMessage, { queue: row.queue, jobName: row.jobName, payload: row.payload, delayMs: row.delayMs });
  }

  /** Many jobs of one kind in one statement per slice (a file's fan-out), written at once. */
  async addMany(queue: string, jobName: string, payloads: ReadonlyArray<Record<string, unknown>>, delayMs = 0): Promise<void> {
    const run = sqlRunner(this.em);
    for (const slice of slices(payloads, 10000)) {
      await run(
        `insert into outbox (queue, job_name, payload, delay_ms, created_at)
         select ?, ?, p, ?, now() from json_array_elements(?::json) as p`,
        [queue, jobName, delayMs, json(slice)],
      );
    }
  }
}
