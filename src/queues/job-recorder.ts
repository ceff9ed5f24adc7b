// Writes one job_record row per finished attempt, with group commit: a job waits for the
// batch that holds its record, so the history is durable before BullMQ marks the job done, at
// one INSERT per batch instead of one per job.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { JobOutcome } from '../db/entities/engine.js';

export interface JobRecordRow {
  queue: string;
  jobId: string;
  name: string;
  attempt: number;
  outcome: JobOutcome;
  errorClass: string | null;
  errorMessage: string | null;
  queuedAt: number; // epoch ms
  startedAt: number;
  finishedAt: number;
}

interface Pending {
  rows: JobRecordRow[];
  waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>;
}

export class JobRecorder {
  private next: Pending = { rows: [], waiters: [] };
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly orm: MikroORM,
    private readonly maxBatch = 2000,
    private readonly lingerMs = 25,
  ) {}

  /**
   * Queues a record without waiting for it: written with others within `lingerMs`, or as
   * soon as a batch is full. Larger batches cost Postgres less per row.
   */
  recordSoon(row: JobRecordRow, onError: (error: unknown) => void): void {
    this.next.rows.push(row);
    this.next.waiters.push({ resolve: () => undefined, reject: onError });
    if (this.next.rows.length >= this.maxBatch) this.writeNext();
    else this.timer ??= setTimeout(() => this.writeNext(), this.lingerMs);
  }

  record(row: JobRecordRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.next.rows.push(row);
      this.next.waiters.push({ resolve, reject });
      if (this.next.rows.length >= this.maxBatch) this.writeNext();
      else if (!this.scheduled) {
        // Jobs finishing in the same turn of the event loop share one INSERT. Batches do not
        // wait for each other: several can be in flight on the pool's connections.
        this.scheduled = true;
        setImmediate(() => this.writeNext());
      }
    });
  }

  /** Resolves when everything recorded so far is written (used at shutdown). */
  async flush(): Promise<void> {
    this.writeNext();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private writeNext(): void {
    this.scheduled = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.next;
    if (batch.rows.length === 0) return;
    this.next = { rows: [], waiters: [] };
    const write = this.insert(batch.rows).then(
      () => batch.waiters.forEach((w) => w.resolve()),
      (error) => batch.waiters.forEach((w) => w.reject(error)),
    );
    this.inFlight.add(write);
    void write.finally(() => this.inFlight.delete(write));
  }

  private async insert(rows: JobRecordRow[]): Promise<void> {
    const records = rows.map((r) => ({
      q: r.queue, j: r.jobId, n: r.name, a: r.attempt, o: r.outcome, ec: r.errorClass, em: r.errorMessage,
      qa: new Date(r.queuedAt).toISOString(), sa: new Date(r.startedAt).toISOString(), fa: new Date(r.finishedAt).toISOString(),
    }));
    // One statement with one JSON parameter, however many rows.
    // Through knex with a bound parameter: MikroORM's execute() would inline the JSON into the
    // statement text, which costs more than the insert.
    await this.orm.em.getConnection().getKnex().raw(
      `insert into job_record (queue, job_id, name, attempt, outcome, error_class, error_message,
         queued_at, started_at, finished_at, wait_ms, run_ms)
       select q, j, n, a, o, ec, em, qa, sa, fa,
              greatest(0, round(extract(epoch from (sa - qa)) * 1000))::int,
              greatest(0, round(extract(epoch from (fa - sa)) * 1000))::int
       from json_to_recordset(?::json)
         as t(q text, j text, n text, a int, o text, ec text, em text, qa timestamptz, sa timestamptz, fa timestamptz)
       on conflict (queue, job_id, attempt) do nothing`,
      [JSON.stringify(records)],
    );
  }
}
