// Writes one job_record row per finished attempt, with group commit: a job waits for the
// batch that holds its record, and records arriving while a batch is being written form the
// next batch. So the history is durable before BullMQ marks the job done, at one INSERT per
// batch instead of one per job.
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
  private writing: Promise<void> | undefined;

  constructor(private readonly orm: MikroORM, private readonly maxBatch = 1000) {}

  record(row: JobRecordRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.next.rows.push(row);
      this.next.waiters.push({ resolve, reject });
      if (!this.writing) this.writing = this.drain();
    });
  }

  /** Resolves when everything recorded so far is written (used at shutdown). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    // Yield once so that jobs finishing in the same tick share the first batch.
    await new Promise<void>((r) => setImmediate(r));
    while (this.next.rows.length > 0) {
      const batch = this.next;
      this.next = { rows: [], waiters: [] };
      for (let i = 0; i < batch.rows.length; i += this.maxBatch) {
        const slice = batch.rows.slice(i, i + this.maxBatch);
        const waiters = batch.waiters.slice(i, i + this.maxBatch);
        try {
          await this.insert(slice);
          for (const w of waiters) w.resolve();
        } catch (error) {
          for (const w of waiters) w.reject(error);
        }
      }
    }
    this.writing = undefined;
  }

  private async insert(rows: JobRecordRow[]): Promise<void> {
    const records = rows.map((r) => ({
      q: r.queue, j: r.jobId, n: r.name, a: r.attempt, o: r.outcome, ec: r.errorClass, em: r.errorMessage,
      qa: new Date(r.queuedAt).toISOString(), sa: new Date(r.startedAt).toISOString(), fa: new Date(r.finishedAt).toISOString(),
    }));
    // One statement with one JSON parameter, however many rows.
    await this.orm.em.getConnection().execute(
      `insert into job_record (queue, job_id, name, attempt, outcome, error_class, error_message,
         queued_at, started_at, finished_at, wait_ms, run_ms)
       select q, j, n, a, o, ec, em, qa, sa, fa,
              greatest(0, round(extract(epoch from (sa - qa)) * 1000))::int,
              greatest(0, round(extract(epoch from (fa - sa)) * 1000))::int
       from json_to_recordset(?::json)
         as t(q text, j text, n text, a int, o text, ec text, em text, qa timestamptz, sa timestamptz, fa timestamptz)
       on conflict (queue, job_id, attempt) do nothing`,
      [JSON.stringify(records)],
      'run',
    );
  }
}
