// The durable history of job attempts (job_record): written in batches by the job recorder
// (src/queues/job-recorder.ts), read by operators, tests and benchmarks.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobOutcome } from '../entities/engine.js';
import { json, slices, sqlRunner } from '../sql.js';

/** One finished attempt; times are epoch milliseconds. */
export interface JobAttempt {
  queue: string;
  jobId: string;
  name: string;
  attempt: number;
  outcome: JobOutcome;
  errorClass: string | null;
  errorMessage: string | null;
  queuedAt: number;
  startedAt: number;
  finishedAt: number;
}

export interface JobRecordRow {
  id: number;
  queue: string;
  job_id: string;
  name: string;
  attempt: number;
  outcome: JobOutcome;
  error_class: string | null;
  error_message: string | null;
  queued_at: Date;
  started_at: Date;
  finished_at: Date;
  wait_ms: number;
  run_ms: number;
}

export interface JobTimesByName {
  name: string;
  jobs: number;
  run_ms: number;
  max_run_ms: number;
}

export class JobRecordsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Records attempts in one statement per slice; an attempt recorded twice (a batch retried)
   * stays one row. Wait and run times are computed by Postgres from the three timestamps.
   */
  async addMany(attempts: readonly JobAttempt[]): Promise<void> {
    const run = sqlRunner(this.em);
    for (const slice of slices(attempts, 5000)) {
      const rows = slice.map((r) => ({
        q: r.queue, j: r.jobId, n: r.name, a: r.attempt, o: r.outcome, ec: r.errorClass, em: r.errorMessage,
        qa: new Date(r.queuedAt).toISOString(), sa: new Date(r.startedAt).toISOString(), fa: new Date(r.finishedAt).toISOString(),
      }));
      await run(
        `insert into job_record (queue, job_id, name, attempt, outcome, error_class, error_message,
           queued_at, started_at, finished_at, wait_ms, run_ms)
         select q, j, n, a, o, ec, em, qa, sa, fa,
                greatest(0, round(extract(epoch from (sa - qa)) * 1000))::int,
                greatest(0, round(extract(epoch from (fa - sa)) * 1000))::int
         from json_to_recordset(?::json)
           as t(q text, j text, n text, a int, o text, ec text, em text, qa timestamptz, sa timestamptz, fa timestamptz)
         on conflict (queue, job_id, attempt) do nothing`,
        [json(rows)],
      );
    }
  }

  /**
   * The last failed (or retried) attempt of each of these jobs: its error class and the message the
   * engine wrote, for the queue board (src/http/board-redaction.ts). One indexed read per page.
   */
  async lastFailures(queue: string, jobIds: readonly string[]): Promise<Map<string, { errorClass: string; errorMessage: string | null }>> {
    if (jobIds.length === 0) return new Map();
    const rows = await sqlRunner(this.em)<{ job_id: string; error_class: string; error_message: string | null }>(
      `select distinct on (job_id) job_id, error_class, error_message
       from job_record
       where queue = ? and job_id = any(?::text[]) and error_class is not null
       order by job_id, attempt desc`,
      [queue, [...jobIds]],
    );
    return new Map(rows.map((r) => [r.job_id, { errorClass: r.error_class, errorMessage: r.error_message }]));
  }

  /** Every attempt in the order written (tests; small tables only). */
  async listAll(): Promise<JobRecordRow[]> {
    return sqlRunner(this.em)<JobRecordRow>('select * from job_record order by id');
  }

  async count(): Promise<number> {
    const [row] = await sqlRunner(this.em)<{ n: number }>('select count(*)::int as n from job_record');
    return row.n;
  }

  /** Run times per job name (benchmarks). */
  async timesByName(): Promise<JobTimesByName[]> {
    return sqlRunner(this.em)<JobTimesByName>(
      `select name, count(*)::int as jobs, sum(run_ms)::int as run_ms, max(run_ms)::int as max_run_ms
       from job_record group by name order by name`,
    );
  }

  /** Empties the history (benchmark rounds; never an office's database). */
  async deleteAll(): Promise<void> {
    await sqlRunner(this.em)('truncate job_record');
  }
}
