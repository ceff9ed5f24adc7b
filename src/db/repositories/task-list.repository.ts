// The follow-up task list as people read it (`rcm tasks list`, GET /api/tasks): each task with the
// claim control number it concerns and its assignee's login. Ids, codes and amounts only.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRunner } from '../sql.js';

export interface TaskListRow {
  id: number;
  type: string;
  status: string;
  priority: number;
  reason_codes: string[];
  amount_at_risk_cents: string;
  due_at: Date | string | null;
  login: string | null;
  control_number: string | null;
}

export class TaskListRepository {
  constructor(private readonly em: EntityManager) {}

  /** Highest priority first; `type` and `status` filter when given. */
  async list(filter: { type?: string; status?: string; limit: number }): Promise<TaskListRow[]> {
    return sqlRunner(this.em)<TaskListRow>(
      `select t.id, t.type, t.status, t.priority, t.reason_codes, t.amount_at_risk_cents, t.due_at, s.login,
         case t.subject_type when 'claim' then c.control_number when 'remittance-claim' then rc.control_number
           when 'claim-conflict' then cc.control_number end as control_number
       from task t
       left join claim c on t.subject_type = 'claim' and c.id = t.subject_id
       left join claim_conflict cc on t.subject_type = 'claim-conflict' and cc.id = t.subject_id
       left join remittance_claim rc on t.subject_type = 'remittance-claim' and rc.id = t.subject_id
       left join specialist s on s.id = t.assignee_id
       where (?::text is null or t.type = ?) and (?::text is null or t.status = ?)
       order by t.priority desc, t.id limit ?`,
      [filter.type ?? null, filter.type ?? null, filter.status ?? null, filter.status ?? null, filter.limit],
    );
  }

  /** Open tasks of these types, counted per type (types with none are left out). */
  async openCountsByType(types: readonly string[]): Promise<Array<{ type: string; n: number }>> {
    return sqlRunner(this.em)<{ type: string; n: number }>(
      `select type, count(*)::int as n from task where type = any(?::text[]) and status = 'open' group by type order by type`, [types]);
  }
}
