// The audit trail (table `audit_event`): who did what to which subject, when. Details hold ids and
// field names only, never values that could be patient data.
import { json, type Run } from '../sql.js';

export interface AuditEntry {
  actor: string;
  action: string; // e.g. user.add, task.create
  subjectType: string;
  subjectId: string;
  detail: Record<string, unknown> | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: string;
}

export class AuditRepository {
  constructor(private readonly run: Run) {}

  async record(entry: AuditEntry, at: Date): Promise<void> {
    await this.run(
      `insert into audit_event (actor, action, subject_type, subject_id, detail, at) values (?, ?, ?, ?, ?::jsonb, ?)`,
      [entry.actor, entry.action, entry.subjectType, entry.subjectId, entry.detail === null ? null : json(entry.detail), at],
    );
  }

  /** The newest event of this action on this subject, if any. */
  async latest(action: string, subjectType: string, subjectId: string): Promise<AuditRecord | undefined> {
    const [r] = await this.run<{ id: string; at: Date; actor: string; action: string; subject_type: string; subject_id: string; detail: Record<string, unknown> | null }>(
      `select id, at, actor, action, subject_type, subject_id, detail from audit_event where action = ? and subject_type = ? and subject_id = ?
       order by at desc, id desc limit 1`,
      [action, subjectType, subjectId],
    );
    return r ? {
      id: Number(r.id), at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, subjectType: r.subject_type, subjectId: r.subject_id, detail: r.detail,
    } : undefined;
  }

  /** Events at or after `since`, oldest first, at most `limit`. */
  async since(since: Date, limit: number): Promise<AuditRecord[]> {
    const rows = await this.run<{ id: string; at: Date; actor: string; action: string; subject_type: string; subject_id: string; detail: Record<string, unknown> | null }>(
      `select id, at, actor, action, subject_type, subject_id, detail from audit_event where at >= ? order by at, id limit ?`,
      [since, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id), at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, subjectType: r.subject_type,
      subjectId: r.subject_id, detail: r.detail,
    }));
  }
}
