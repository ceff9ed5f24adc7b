// The repair sweep's questions to Postgres: work in flight (files, staged remittances, drafts,
// relayed outbox rows with no final outcome), the outbox rows that carry each one's job, and the
// sweep's own records. Every question reads work in flight through a partial index, a page at a
// time (keyset on id), never the whole history.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RepairKind } from '../entities/repair.js';
import type { JobRecordState } from '../../domain/repair.js';
import { json, sqlRunner, type Run } from '../sql.js';
import { outboxJobFinished } from './outbox.repository.js';

/** An outbox row as the sweep sees it: its job id comes from its key (jobIds.outbox). */
export interface OutboxJobRow {
  id: number;
  queue: string;
  jobName: string;
  jobKey: string;
  payload: Record<string, unknown>;
  sent: boolean;
}

export interface RepairRecord { kind: RepairKind; subject: string; jobId: string }

const GRACE = `now() - (?::int * interval '1 millisecond')`;

export class RepairRepository {
  private readonly run: Run;

  constructor(em: EntityManager) {
    this.run = sqlRunner(em);
  }

  /**
   * One sweep at a time per schema (each office's data), held until the transaction ends. Other
   * processes skip their sweep rather than wait: the one running repairs for everyone.
   */
  async tryLockSweep(): Promise<boolean> {
    const [row] = await this.run<{ locked: boolean }>(
      `select pg_try_advisory_xact_lock(hashtext('rcm repair sweep'), hashtext(current_schema())) as locked`);
    return row.locked;
  }

  /** Milliseconds since the last sweep finished (undefined if none has). */
  async msSinceLastSweep(): Promise<number | undefined> {
    const [row] = await this.run<{ ms: number | null }>(
      `select (extract(epoch from now() - max(finished_at)) * 1000)::float8 as ms from repair_sweep`);
    return row.ms === null ? undefined : Number(row.ms);
  }

  async startSweep(trigger: string): Promise<number> {
    const [row] = await this.run<{ id: string }>(`insert into repair_sweep (trigger, started_at) values (?, now()) returning id`, [trigger]);
    return Number(row.id);
  }

  async finishSweep(sweepId: number, repairs: readonly RepairRecord[]): Promise<void> {
    if (repairs.length > 0) {
      await this.run(
        `insert into repair_event (sweep_id, kind, subject, job_id, at)
         select ?, kind, subject, job_id, now() from json_to_recordset(?::json) as t(kind text, subject text, job_id text)`,
        [sweepId, json(repairs.map((r) => ({ kind: r.kind, subject: r.subject, job_id: r.jobId })))],
      );
    }
    await this.run(`update repair_sweep set finished_at = clock_timestamp(), repaired = ? where id = ?`, [repairs.length, sweepId]);
  }

  /** Repairs ever made, per kind, and the sweeps run. */
  async totals(): Promise<{ sweeps: number; lastSweepAt: string | null; repairs: Record<string, number> }> {
    const [sweeps] = await this.run<{ n: number; last: Date | null }>(`select count(*)::int as n, max(finished_at) as last from repair_sweep`);
    const rows = await this.run<{ kind: string; n: number }>(`select kind, count(*)::int as n from repair_event group by kind order by kind`);
    return {
      sweeps: sweeps.n,
      lastSweepAt: sweeps.last ? new Date(sweeps.last).toISOString() : null,
      repairs: Object.fromEntries(rows.map((r) => [r.kind, r.n])),
    };
  }

  // ---- outbox rows relayed whose job may be gone ----

  /** Relayed rows (before the grace) with no final outcome in job_record, a page after `afterId`. */
  async relayedWithoutOutcome(afterId: number, graceMs: number, limit: number): Promise<OutboxJobRow[]> {
    const rows = await this.run<RawOutboxRow>(
      `select o.id, o.queue, o.job_name, o.job_key, o.payload, true as sent from outbox o
       where o.id > ? and o.sent_at is not null and o.sent_at < ${GRACE}
         and not ${outboxJobFinished('o')}
       order by o.id limit ?`,
      [afterId, graceMs, limit],
    );
    return rows.map(outboxRow);
  }

  /** Relayed rows go back to the relay, which adds their job again under the same id. */
  async returnToRelay(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.run('update outbox set sent_at = null where id = any(?::bigint[])', [ids]);
  }

  /**
   * Relayed rows go back to the relay under a new job key: their job's id is still taken in Redis
   * (it finished there, its run undone by a restore), so re-adding it would be a no-op.
   */
  async returnToRelayUnderNewKey(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.run<{ id: string; job_key: string }>(
      'update outbox set job_key = gen_random_uuid(), sent_at = null where id = any(?::bigint[]) returning id, job_key', [ids]);
    return new Map(rows.map((r) => [Number(r.id), r.job_key]));
  }

  /** A staged remittance's posting flow gets new job ids (its old ones are taken in Redis). */
  async newRemittanceJobKey(remittanceId: number): Promise<string> {
    const [row] = await this.run<{ job_key: string }>(
      'update remittance set job_key = gen_random_uuid() where id = ? returning job_key', [remittanceId]);
    return row.job_key;
  }

  /** A new outbox row (payload validated by the caller), returning its job key. */
  async addOutboxRow(queue: string, jobName: string, payload: Record<string, unknown>): Promise<string> {
    const [row] = await this.run<{ job_key: string }>(
      `insert into outbox (queue, job_name, payload, delay_ms, created_at) values (?, ?, ?::jsonb, 0, now()) returning job_key`,
      [queue, jobName, json(payload)],
    );
    return row.job_key;
  }

  /** The outbox rows of the named jobs whose payload names one of these files (a row set aside never runs: not counted). */
  async outboxRowsOfFiles(fileIds: readonly number[], jobNames: readonly string[]): Promise<OutboxJobRow[]> {
    if (fileIds.length === 0) return [];
    const rows = await this.run<RawOutboxRow>(
      `select id, queue, job_name, job_key, payload, sent_at is not null as sent from outbox
       where (payload->>'fileId') is not null and (payload->>'fileId') = any(?::text[]) and job_name = any(?::text[])
         and set_aside_at is null`,
      [fileIds.map(String), [...jobNames]],
    );
    return rows.map(outboxRow);
  }

  /** The single-claim scrub rows of these claims. */
  async scrubRowsOfClaims(claimIds: readonly number[]): Promise<OutboxJobRow[]> {
    if (claimIds.length === 0) return [];
    const rows = await this.run<RawOutboxRow>(
      `select id, queue, job_name, job_key, payload, sent_at is not null as sent from outbox
       where (payload->>'claimId') is not null and (payload->>'claimId') = any(?::text[]) and queue = 'claims' and job_name = 'scrub'
         and set_aside_at is null`,
      [claimIds.map(String)],
    );
    return rows.map(outboxRow);
  }

  /** Final outcome or retries recorded for these job ids of one queue. */
  async jobRecordStates(queue: string, jobIds: readonly string[]): Promise<Map<string, JobRecordState>> {
    if (jobIds.length === 0) return new Map();
    const rows = await this.run<{ job_id: string; finished: boolean }>(
      `select job_id, bool_or(outcome in ('completed', 'failed')) as finished from job_record
       where queue = ? and job_id = any(?::text[]) group by job_id`,
      [queue, [...jobIds]],
    );
    return new Map(rows.map((r) => [r.job_id, r.finished ? 'finished' : 'retrying']));
  }

  // ---- work in flight ----

  /**
   * Inbound files still waiting for their reading job: received, or processing (an 835 in
   * processing is its remittances' work, asked about separately).
   */
  async filesAwaitingJob(afterId: number, graceMs: number, limit: number): Promise<Array<{ id: number; kind: string }>> {
    return this.run<{ id: number; kind: string }>(
      `select id, kind from edi_file
       where status in ('received', 'processing') and id > ? and direction = 'inbound'
         and (status = 'received' or kind <> '835') and received_at < ${GRACE}
       order by id limit ?`,
      [afterId, graceMs, limit],
    );
  }

  /** Staged remittances (not finalized), with the claim ranges of their chunks not yet posted. */
  async stagedRemittances(afterId: number, graceMs: number, limit: number): Promise<Array<{ id: number; jobKey: string; unposted: Array<{ from: number; to: number }> }>> {
    const rows = await this.run<{ id: number; job_key: string; unposted: Array<{ from: number; to: number }> }>(
      `select r.id, r.job_key,
         coalesce((select json_agg(json_build_object('from', c.first_sequence, 'to', c.last_sequence) order by c.first_sequence)
                   from remittance_chunk c where c.remittance_id = r.id and c.posted_at is null), '[]') as unposted
       from remittance r where r.status = 'staged' and r.id > ? and r.created_at < ${GRACE}
       order by r.id limit ?`,
      [afterId, graceMs, limit],
    );
    return rows.map((r) => ({ id: r.id, jobKey: r.job_key, unposted: r.unposted }));
  }

  /** Draft claims (not yet scrubbed), a page after `afterId`. */
  async draftClaims(afterId: number, graceMs: number, limit: number): Promise<Array<{ id: number; fileId: number | null }>> {
    const rows = await this.run<{ id: number; source_file_id: number | null }>(
      `select id, source_file_id from claim where status = 'draft' and id > ? and created_at < ${GRACE} order by id limit ?`,
      [afterId, graceMs, limit],
    );
    return rows.map((r) => ({ id: r.id, fileId: r.source_file_id }));
  }
}

interface RawOutboxRow { id: string; queue: string; job_name: string; job_key: string; payload: Record<string, unknown>; sent: boolean }

function outboxRow(r: RawOutboxRow): OutboxJobRow {
  return { id: Number(r.id), queue: r.queue, jobName: r.job_name, jobKey: r.job_key, payload: r.payload, sent: r.sent };
}
