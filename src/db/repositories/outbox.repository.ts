// The transactional outbox's rows: jobs written in the caller's transaction, moved to BullMQ by
// the relay. Payloads arrive here already validated by the producer (src/queues/producer.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxMessage } from '../entities/index.js';
import { json, slices, sqlRunner, type Run } from '../sql.js';

export interface OutboxRow {
  queue: string;
  jobName: string;
  payload: Record<string, unknown>;
  delayMs: number;
}

/** A row the relay cannot deliver, with why (never the payload: it is not looked at again). */
export interface SetAsideRow {
  id: number;
  reason: string;
}

/** The outbox at a glance (`rcm queues outbox`). */
export interface OutboxSummary {
  /** Rows the relay has yet to deliver. */
  waiting: number;
  /** Seconds the oldest waiting row has waited; null when none waits. */
  oldestWaitingSeconds: number | null;
  /** Rows the relay set aside: they need a person (and a version that knows their job). */
  setAside: number;
  /** Delivered rows still kept (deleted after OUTBOX_RETENTION_HOURS). */
  sentKept: number;
}

export interface SetAsideView {
  id: number;
  queue: string;
  jobName: string;
  reason: string;
  setAsideAt: Date;
  createdAt: Date;
}

/** A row waiting for the relay, as it is locked for delivery. */
export interface PendingOutboxRow extends OutboxRow {
  id: number;
  /** Names the row's job in BullMQ (job-options.ts `jobIds.outbox`). */
  jobKey: string;
}

/**
 * SQL: the job of outbox row `alias` has a final outcome (completed, or failed for good) in
 * job_record. Its id is `ob-<job key>`, as src/queues/job-options.ts `jobIds.outbox` builds it.
 */
export function outboxJobFinished(alias: string): string {
  return `exists (select 1 from job_record j where j.queue = ${alias}.queue and j.job_id = 'ob-' || ${alias}.job_key::text
                  and j.outcome in ('completed', 'failed'))`;
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
      `select id, job_key, queue, job_name, payload, delay_ms from outbox where sent_at is null and set_aside_at is null
       order by id limit ? for update skip locked`,
      [limit],
    );
    return rows.map((r) => ({ id: Number(r.id), jobKey: r.job_key, queue: r.queue, jobName: r.job_name, payload: r.payload, delayMs: r.delay_ms }));
  }

  async markDelivered(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await sqlRunner(this.em)('update outbox set sent_at = now() where id = any(?::bigint[])', [ids]);
  }

  /** Rows the relay will not try again, each with its reason (cut to the column's 300 characters). */
  async setAside(rows: readonly SetAsideRow[]): Promise<void> {
    if (rows.length === 0) return;
    await sqlRunner(this.em)(
      `update outbox o set set_aside_at = now(), set_aside_reason = left(r.reason, 300)
       from json_to_recordset(?::json) as r(id bigint, reason text) where o.id = r.id`,
      [json(rows)],
    );
  }

  /**
   * Deletes up to `limit` rows sent more than `hours` ago whose job has finished (completed, or
   * failed for good, in job_record), oldest first, through the partial index on sent_at; rows
   * another relay is deleting are skipped. A row whose job has not finished stays however old it
   * is (its queue's workers down for a week, a long delay): it is what the repair sweep rebuilds
   * the job from if Redis loses it. Returns how many went.
   */
  async deleteSentBefore(hours: number, limit: number): Promise<number> {
    const rows = await sqlRunner(this.em)<{ id: string }>(
      // any(array(...)), not in (...): the planner then deletes by primary key instead of
      // hash-joining against a scan of the whole table (checked with EXPLAIN on 200,000 rows).
      `delete from outbox where id = any(array(
         select o.id from outbox o where o.sent_at is not null and o.sent_at < now() - make_interval(hours => ?)
           and ${outboxJobFinished('o')}
         order by o.sent_at limit ? for update of o skip locked))
       returning id`,
      [hours, limit],
    );
    return rows.length;
  }

  /** How many jobs are still waiting for the relay (demo and CLI waits); set-aside rows never will. */
  async countUndelivered(): Promise<number> {
    const [row] = await sqlRunner(this.em)<{ n: number }>('select count(*)::int as n from outbox where sent_at is null and set_aside_at is null');
    return row.n;
  }
}

/** Counts for `rcm queues outbox`, on a bare `Run` so the CLI needs no ORM. */
export async function outboxSummary(run: Run): Promise<OutboxSummary> {
  const [waiting] = await run<{ n: number; oldest: number | null }>(
    `select count(*)::int as n, extract(epoch from now() - min(created_at))::int as oldest
     from outbox where sent_at is null and set_aside_at is null`,
  );
  const [setAside] = await run<{ n: number }>('select count(*)::int as n from outbox where set_aside_at is not null');
  const [sent] = await run<{ n: number }>('select count(*)::int as n from outbox where sent_at is not null');
  return { waiting: waiting.n, oldestWaitingSeconds: waiting.oldest, setAside: setAside.n, sentKept: sent.n };
}

/** Seconds the oldest row waiting for the relay has waited (null: none waiting); readiness reads it. */
export async function oldestWaitingSeconds(run: Run): Promise<number | null> {
  const [row] = await run<{ oldest: number | null }>(
    `select extract(epoch from now() - min(created_at))::int as oldest from outbox where sent_at is null and set_aside_at is null`,
  );
  return row?.oldest ?? null;
}

/**
 * Puts set-aside rows back in the relay's way (after a deploy that knows their job, say); a row
 * that still cannot be delivered is set aside again with its reason. Returns the ids released.
 */
export async function releaseSetAside(run: Run, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await run<{ id: string }>(
    `update outbox set set_aside_at = null, set_aside_reason = null
     where id = any(?::bigint[]) and set_aside_at is not null returning id`,
    [ids],
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** The rows the relay set aside, newest first. */
export async function setAsideRows(run: Run, limit: number): Promise<SetAsideView[]> {
  const rows = await run<{ id: string; queue: string; job_name: string; set_aside_reason: string; set_aside_at: Date; created_at: Date }>(
    `select id, queue, job_name, set_aside_reason, set_aside_at, created_at from outbox
     where set_aside_at is not null order by id desc limit ?`,
    [limit],
  );
  return rows.map((r) => ({ id: Number(r.id), queue: r.queue, jobName: r.job_name, reason: r.set_aside_reason, setAsideAt: r.set_aside_at, createdAt: r.created_at }));
}
