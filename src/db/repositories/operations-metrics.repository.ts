// The reads behind GET /metrics (src/metrics/): cheap, indexed queries over the shared state every
// engine process writes, so one API process can report for the whole installation. Ids, queue and
// job names, counts and times only.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../orm.js';
import { sqlRunner, type Run } from '../sql.js';

/** One finished job attempt, as the duration histograms and failure counters need it. */
export interface AttemptReading {
  id: number;
  queue: string;
  outcome: 'completed' | 'retrying' | 'failed';
  errorClass: string | null;
  waitMs: number;
  runMs: number;
}

export interface OutboxLag {
  /** Rows waiting for the relay (neither sent nor set aside). */
  waiting: number;
  /** Age of the oldest waiting row, seconds; 0 when none waits. */
  oldestWaitingSeconds: number;
  setAside: number;
}

export interface OpenTaskCount {
  type: string;
  status: string;
  open: number;
  overdue: number;
}

/**
 * Runs `read` in a read-only transaction whose statements are cancelled by Postgres after
 * `timeoutMs`: a scrape never holds a connection longer than that, whatever the tables hold.
 */
export async function readBriefly<T>(orm: Orm, timeoutMs: number, read: (run: Run, em: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(async (em) => {
    const run = sqlRunner(em);
    await run(`set transaction read only`);
    await run(`select set_config('statement_timeout', ?, true)`, [`${Math.max(1, Math.round(timeoutMs))}ms`]);
    return read(run, em);
  });
}

export class OperationsMetricsRepository {
  constructor(private readonly run: Run) {}

  /** The newest job_record id: the duration histograms count attempts after it. */
  async lastAttemptId(): Promise<number> {
    const [row] = await this.run<{ id: string | null }>(`select max(id) as id from job_record`);
    return Number(row.id ?? 0);
  }

  /** Attempts recorded after `afterId`, oldest first, at most `limit` (by primary key). */
  async attemptsAfter(afterId: number, limit: number): Promise<AttemptReading[]> {
    const rows = await this.run<{ id: string; queue: string; outcome: AttemptReading['outcome']; error_class: string | null; wait_ms: number; run_ms: number }>(
      `select id, queue, outcome, error_class, wait_ms, run_ms from job_record where id > ? order by id limit ?`,
      [afterId, limit],
    );
    return rows.map((r) => ({ id: Number(r.id), queue: r.queue, outcome: r.outcome, errorClass: r.error_class, waitMs: r.wait_ms, runMs: r.run_ms }));
  }

  /** Through the partial indexes on waiting and set-aside rows (outbox_waiting_index, outbox_set_aside_index). */
  async outboxLag(now: Date): Promise<OutboxLag> {
    const [waiting] = await this.run<{ n: number; oldest: Date | null }>(
      `select count(*)::int as n, min(created_at) as oldest from outbox where sent_at is null and set_aside_at is null`,
    );
    const [setAside] = await this.run<{ n: number }>(`select count(*)::int as n from outbox where set_aside_at is not null`);
    const oldest = waiting.oldest ? Math.max(0, (now.getTime() - new Date(waiting.oldest).getTime()) / 1000) : 0;
    return { waiting: waiting.n, oldestWaitingSeconds: oldest, setAside: setAside.n };
  }

  /** Open, assigned and in-progress tasks by type and status, and how many are past their due time. */
  async openTasks(now: Date): Promise<OpenTaskCount[]> {
    return this.run<OpenTaskCount>(
      `select type, status, count(*)::int as open, (count(*) filter (where due_at < ?))::int as overdue
       from task where status in ('open', 'assigned', 'in-progress')
       group by type, status order by type, status`,
      [now],
    );
  }
}
