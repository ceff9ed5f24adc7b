// Dead letters (dead_letter): jobs that used up their retry policy or failed for good, with their
// ids-only payload and the engine's own PHI-free message, until operations replay them.
import { type Run } from '../sql.js';
import { json } from '../sql.js';

export interface NewDeadLetter {
  queue: string;
  jobId: string;
  jobName: string;
  payload: Record<string, unknown>;
  attempts: number;
  errorClass: string;
  errorMessage: string;
  /** Why it stopped: attempts-used, bad-input, never-retry, deadline, filing-deadline, no-handler. */
  reason: string;
  firstQueuedAt: Date;
  failedAt: Date;
}

export interface DeadLetterRecord extends Omit<NewDeadLetter, 'firstQueuedAt' | 'failedAt'> {
  id: number;
  firstQueuedAt: string;
  failedAt: string;
  status: 'open' | 'replayed';
  taskId: number | null;
  replayedBy: string | null;
  replayedAt: string | null;
}

const COLUMNS = `id, queue, job_id, job_name, payload, attempts, error_class, error_message, reason, first_queued_at, failed_at, status,
  task_id, replayed_by, replayed_at`;

function toRecord(r: Record<string, any>): DeadLetterRecord {
  return {
    id: Number(r.id), queue: r.queue, jobId: r.job_id, jobName: r.job_name, payload: r.payload, attempts: Number(r.attempts),
    errorClass: r.error_class, errorMessage: r.error_message, reason: r.reason, firstQueuedAt: new Date(r.first_queued_at).toISOString(),
    failedAt: new Date(r.failed_at).toISOString(), status: r.status, taskId: r.task_id === null ? null : Number(r.task_id),
    replayedBy: r.replayed_by, replayedAt: r.replayed_at === null ? null : new Date(r.replayed_at).toISOString(),
  };
}

export class DeadLettersRepository {
  constructor(private readonly run: Run) {}

  /** Adds the dead letter unless the job has an open one already; returns the open one's id and whether it is new. */
  async add(letter: NewDeadLetter): Promise<{ id: number; created: boolean }> {
    const [inserted] = await this.run<{ id: number }>(
      `insert into dead_letter (queue, job_id, job_name, payload, attempts, error_class, error_message, reason, first_queued_at, failed_at)
       values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
       on conflict (queue, job_id) where status = 'open' do nothing returning id`,
      [letter.queue, letter.jobId, letter.jobName, json(letter.payload), letter.attempts, letter.errorClass, letter.errorMessage,
        letter.reason, letter.firstQueuedAt, letter.failedAt],
    );
    if (inserted) return { id: Number(inserted.id), created: true };
    const [open] = await this.run<{ id: number }>(`select id from dead_letter where queue = ? and job_id = ? and status = 'open'`, [letter.queue, letter.jobId]);
    return { id: Number(open.id), created: false };
  }

  async setTask(id: number, taskId: number): Promise<void> {
    await this.run('update dead_letter set task_id = ? where id = ?', [taskId, id]);
  }

  /** Open dead letters (and, with `all`, replayed ones), newest first. */
  async list(filter: { queue?: string; since?: Date; status?: 'open' | 'replayed' | 'all'; limit?: number }): Promise<DeadLetterRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.queue) { where.push('queue = ?'); params.push(filter.queue); }
    if (filter.since) { where.push('failed_at >= ?'); params.push(filter.since); }
    const status = filter.status ?? 'open';
    if (status !== 'all') { where.push('status = ?'); params.push(status); }
    const rows = await this.run(
      `select ${COLUMNS} from dead_letter ${where.length ? `where ${where.join(' and ')}` : ''} order by failed_at desc, id desc limit ?`,
      [...params, filter.limit ?? 500],
    );
    return rows.map(toRecord);
  }

  /** The job's open dead letter, locked for this transaction (two replays at once: one waits, then finds it replayed). */
  async lockOpenByJob(jobId: string, queue?: string): Promise<DeadLetterRecord[]> {
    const rows = await this.run(
      `select ${COLUMNS} from dead_letter where job_id = ? and status = 'open' ${queue ? 'and queue = ?' : ''} order by id for update`,
      queue ? [jobId, queue] : [jobId],
    );
    return rows.map(toRecord);
  }

  /** The open dead letters of a queue since `since`, locked; SKIP LOCKED so two bulk replays share them out. */
  async lockOpenSince(queue: string, since: Date, limit: number): Promise<DeadLetterRecord[]> {
    const rows = await this.run(
      `select ${COLUMNS} from dead_letter where queue = ? and failed_at >= ? and status = 'open' order by id limit ? for update skip locked`,
      [queue, since, limit],
    );
    return rows.map(toRecord);
  }

  /** The latest dead letter of a job, whatever its status (to say why a replay was refused). */
  async latestByJob(jobId: string): Promise<DeadLetterRecord | undefined> {
    const [row] = await this.run(`select ${COLUMNS} from dead_letter where job_id = ? order by id desc limit 1`, [jobId]);
    return row && toRecord(row);
  }

  async markReplayed(id: number, by: string, at: Date): Promise<void> {
    await this.run(`update dead_letter set status = 'replayed', replayed_by = ?, replayed_at = ? where id = ?`, [by, at, id]);
  }
}
