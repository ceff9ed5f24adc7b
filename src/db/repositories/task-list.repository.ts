// The follow-up task list as administrators read it (`rcm tasks list`): each task in the one task
// JSON shape (src/services/tasks/task-json.ts) the API uses too. Ids, codes and amounts only.
import type { EntityManager } from '@mikro-orm/postgresql';
import { TASK_JSON_SELECT, type TaskJsonRow } from '../../services/tasks/task-json.js';
import { sqlRunner } from '../sql.js';

export class TaskListRepository {
  constructor(private readonly em: EntityManager) {}

  /** Highest priority first; `type` and `status` filter when given. */
  async list(filter: { type?: string; status?: string; limit: number }): Promise<TaskJsonRow[]> {
    return sqlRunner(this.em)<TaskJsonRow>(
      `${TASK_JSON_SELECT}
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
