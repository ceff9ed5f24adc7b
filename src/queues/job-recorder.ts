// Writes one job_record row per finished attempt, with group commit: a job waits for the
// batch that holds its record, so the history is durable before BullMQ marks the job done, at
// one INSERT per batch instead of one per job.
import type { MikroORM } from '@mikro-orm/postgresql';
import { JobRecordsRepository, type JobAttempt } from '../db/repositories/job-records.repository.js';

export type JobRecordRow = JobAttempt;

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
    // Outside any transaction: each batch commits on its own.
    await new JobRecordsRepository(this.orm.em.fork()).addMany(rows);
  }
}
