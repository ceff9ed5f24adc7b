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

/** A row waiting for the relay, as it is locked for delivery. */
export interface PendingOutboxRow extends OutboxRow {
  id: number;
  /** Names the row's job in BullMQ (job-options.ts `jobIds.outbox`). */
  jobKey: string;
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

  /**
   * The oldest undelivered rows, locked for this transaction; rows another relay holds are
   * skipped, so any number of relays share the work.
   */
  async lockUndelivered(limit: number): Promise<PendingOutboxRow[]> {
    const rows = await sqlRunner(this.em)<{ id: string; job_key: string; queue: string; job_name: string; payload: Record<string, unknown>; delay_ms: number }>(
      `select id, job_key, queue, job_name, payload, delay_ms from outbox where sent_at is null
       order by id limit ? for update skip locked`,
      [limit],
    );
    return rows.map((r) => ({ id: Number(r.id), jobKey: r.job_key, queue: r.queue, jobName: r.job_name, payload: r.payload, delayMs: r.delay_ms }));
  }

  async markDelivered(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await sqlRunner(this.em)('update outbox set sent_at = now() where id = any(?::bigint[])', [ids]);
  }

  /** How many jobs are still waiting for the relay (demo and CLI waits). */
  async countUndelivered(): Promise<number> {
    const [row] = await sqlRunner(this.em)<{ n: number }>('select count(*)::int as n from outbox where sent_at is null');
    return row.n;
  }
}
