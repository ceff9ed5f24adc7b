// Job schedulers as they were asked for (job_schedule): Redis runs them, this table is the record
// the repair sweep rebuilds them from when Redis has lost them.
import type { EntityManager } from '@mikro-orm/postgresql';
import { json, sqlRunner, type Run } from '../sql.js';

export interface JobScheduleRow {
  schedulerId: string;
  queue: string;
  jobName: string;
  payload: Record<string, unknown>;
  /** An interval, or (everyMs null) a cron pattern in time zone `tz`. */
  everyMs: number | null;
  pattern?: string | null;
  tz?: string | null;
}

export class JobSchedulesRepository {
  private readonly run: Run;

  constructor(em: EntityManager) {
    this.run = sqlRunner(em);
  }

  async save(row: JobScheduleRow): Promise<void> {
    await this.run(
      `insert into job_schedule (scheduler_id, queue, job_name, payload, every_ms, pattern, tz, updated_at) values (?, ?, ?, ?::jsonb, ?, ?, ?, now())
       on conflict (scheduler_id) do update set queue = excluded.queue, job_name = excluded.job_name, payload = excluded.payload,
         every_ms = excluded.every_ms, pattern = excluded.pattern, tz = excluded.tz, updated_at = excluded.updated_at`,
      [row.schedulerId, row.queue, row.jobName, json(row.payload), row.everyMs, row.pattern ?? null, row.tz ?? null],
    );
  }

  async remove(schedulerIds: readonly string[]): Promise<void> {
    if (schedulerIds.length === 0) return;
    await this.run('delete from job_schedule where scheduler_id = any(?::text[])', [[...schedulerIds]]);
  }

  /** Schedules saved before the grace (a younger one is still being put into Redis). */
  async savedBefore(graceMs: number): Promise<JobScheduleRow[]> {
    const rows = await this.run<{ scheduler_id: string; queue: string; job_name: string; payload: Record<string, unknown>; every_ms: number | null; pattern: string | null; tz: string | null }>(
      `select scheduler_id, queue, job_name, payload, every_ms, pattern, tz from job_schedule
       where updated_at < now() - (?::int * interval '1 millisecond') order by scheduler_id`,
      [graceMs],
    );
    return rows.map((r) => ({ schedulerId: r.scheduler_id, queue: r.queue, jobName: r.job_name, payload: r.payload, everyMs: r.every_ms, pattern: r.pattern, tz: r.tz }));
  }
}
