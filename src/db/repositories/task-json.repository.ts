// The rows behind the task JSON shape (src/services/tasks/task-json.ts): the task with its
// claim control number and its assignee's login. Other task reads append their own conditions.
import type { Run } from '../sql.js';

/**
 * Select list and joins for TaskJson rows, on task alias `t`. Append `where …` to it; the rows
 * go through `toTaskJson`.
 */
export const TASK_JSON_SELECT = `select t.id, t.type, t.status, t.priority, t.priority_parts, t.reason_codes, t.amount_at_risk_cents,
    to_char(t.deadline, 'YYYY-MM-DD') as deadline, t.due_at, t.lease_expires_at, t.assignee_id, s.login as assignee,
    case t.subject_type when 'claim' then c.control_number when 'remittance-claim' then rc.control_number
      when 'claim-conflict' then cc.control_number end as claim_control_number
  from task t
  left join claim c on t.subject_type = 'claim' and c.id = t.subject_id
  left join claim_conflict cc on t.subject_type = 'claim-conflict' and cc.id = t.subject_id
  left join remittance_claim rc on t.subject_type = 'remittance-claim' and rc.id = t.subject_id
  left join specialist s on s.id = t.assignee_id`;

export interface TaskJsonRow {
  id: number; type: string; status: string; priority: number; priority_parts: Record<string, number> | null; reason_codes: string[];
  amount_at_risk_cents: string | number; deadline: string | null; due_at: Date | string | null; lease_expires_at: Date | string | null;
  assignee_id: number | null; assignee: string | null; claim_control_number: string | null;
}

export class TaskJsonRepository {
  constructor(private readonly run: Run) {}

  async rows(ids: readonly number[]): Promise<TaskJsonRow[]> {
    if (ids.length === 0) return [];
    return this.run<TaskJsonRow>(`${TASK_JSON_SELECT} where t.id = any(?::int[])`, [ids]);
  }
}
