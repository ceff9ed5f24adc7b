// Admin overrides of retry policies (retry_policy_version): every change a new version row with who,
// when and why; the highest version of a queue (job_name '') or a job is the one in force.
import type { RetryPolicy } from '../../domain/retry-policy.js';
import { json, type Run } from '../sql.js';

export interface PolicyVersionRecord {
  queue: string;
  /** Absent for a queue's own policy. */
  job?: string;
  version: number;
  policy: RetryPolicy;
  reason: string;
  changedBy: string;
  changedAt: string;
}

interface VersionRow {
  queue: string; job_name: string; version: number; policy: RetryPolicy; reason: string; changed_by: string; changed_at: Date;
}

function toRecord(row: VersionRow): PolicyVersionRecord {
  return {
    queue: row.queue, ...(row.job_name ? { job: row.job_name } : {}), version: Number(row.version), policy: row.policy, reason: row.reason,
    changedBy: row.changed_by, changedAt: new Date(row.changed_at).toISOString(),
  };
}

export class RetryPoliciesRepository {
  constructor(private readonly run: Run) {}

  /** The version in force of every queue and job that has one. */
  async current(): Promise<PolicyVersionRecord[]> {
    const rows = await this.run<VersionRow>(
      `select distinct on (queue, job_name) queue, job_name, version, policy, reason, changed_by, changed_at
       from retry_policy_version order by queue, job_name, version desc`,
    );
    return rows.map(toRecord);
  }

  /** Every version of one queue's or job's policy, newest first. */
  async history(queue: string, job: string | undefined, limit = 100): Promise<PolicyVersionRecord[]> {
    const rows = await this.run<VersionRow>(
      `select queue, job_name, version, policy, reason, changed_by, changed_at from retry_policy_version
       where queue = ? and job_name = ? order by version desc limit ?`,
      [queue, job ?? '', limit],
    );
    return rows.map(toRecord);
  }

  /**
   * Adds the next version. Two admins changing one policy at once: the unique (queue, job, version)
   * refuses the second insert, whose transaction then fails rather than overwrite silently.
   */
  async addVersion(queue: string, job: string | undefined, policy: RetryPolicy, reason: string, changedBy: string, at: Date): Promise<number> {
    const [row] = await this.run<{ version: number }>(
      `insert into retry_policy_version (queue, job_name, version, policy, reason, changed_by, changed_at)
       select ?, ?, coalesce(max(version), 0) + 1, ?::jsonb, ?, ?, ? from retry_policy_version where queue = ? and job_name = ?
       returning version`,
      [queue, job ?? '', json(policy), reason, changedBy, at, queue, job ?? ''],
    );
    return Number(row.version);
  }
}
