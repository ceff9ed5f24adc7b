// The counts behind task statistics (GET /api/tasks/stats, `rcm tasks stats`): waiting work, each
// person's open and finished work and handle times (from the task events 'claimed' and 'outcome'),
// and overdue work per supervisor's team. Times come from the caller's clock.
import type { Run } from '../sql.js';
import { OPEN_TASK_STATUSES } from '../entities/work.js';

export class TaskStatsRepository {
  constructor(private readonly run: Run) {}

  /** Open, unassigned tasks counted per type and score. */
  async waitingCounts(): Promise<Array<{ type: string; priority: number; n: number }>> {
    return this.run(`select type, priority, count(*)::int as n from task where status = 'open' and assignee_id is null group by type, priority order by type, priority`);
  }

  /** The oldest waiting task's creation time. */
  async oldestWaiting(): Promise<{ id: number; createdAt: Date } | undefined> {
    const [row] = await this.run<{ id: number; created_at: Date }>(
      `select id, created_at from task where status = 'open' and assignee_id is null order by created_at, id limit 1`);
    return row ? { id: Number(row.id), createdAt: new Date(row.created_at) } : undefined;
  }

  /** People (these ids, or every active one who works tasks), with their open tasks. */
  async openPerPerson(personIds: readonly number[] | null): Promise<Array<{ id: number; login: string; role: string; open: number }>> {
    return this.run(
      `select s.id, s.login, s.role, (select count(*)::int from task t where t.assignee_id = s.id and t.status = any(?::text[])) as open
       from specialist s
       where ${personIds === null ? `s.active and s.role in ('specialist', 'supervisor', 'director')` : 's.id = any(?::int[])'}
       order by s.login`,
      personIds === null ? [[...OPEN_TASK_STATUSES]] : [[...OPEN_TASK_STATUSES], personIds]);
  }

  /**
   * Outcomes recorded at or after `since` (and before `until`), per actor, each with the time from
   * the latest claim of its task before it (null when the task was never claimed).
   */
  async outcomes(since: Date, until: Date): Promise<Array<{ actor: string; taskId: number; at: Date; handledMs: number | null }>> {
    const rows = await this.run<{ actor: string; task_id: number; at: Date; handled_ms: string | null }>(
      `select o.actor, o.task_id, o.at,
         (select extract(epoch from (o.at - c.at)) * 1000 from task_event c
          where c.task_id = o.task_id and c.kind = 'claimed' and c.at <= o.at order by c.at desc, c.id desc limit 1) as handled_ms
       from task_event o where o.kind = 'outcome' and o.at >= ? and o.at < ? order by o.id`, [since, until]);
    return rows.map((r) => ({ actor: r.actor, taskId: Number(r.task_id), at: new Date(r.at), handledMs: r.handled_ms === null ? null : Number(r.handled_ms) }));
  }

  /**
   * Open tasks past their due time, per supervisor or director (active), counted over everyone
   * below them down the chain; and those with nobody assigned.
   */
  async overduePerTeam(now: Date): Promise<{ teams: Array<{ id: number; login: string; overdue: number }>; unassigned: number }> {
    const teams = await this.run<{ id: number; login: string; overdue: number }>(
      `with recursive below(member_id, boss_id) as (
         select id, supervisor_id from specialist where supervisor_id is not null
         union select b.member_id, s.supervisor_id from below b join specialist s on s.id = b.boss_id where s.supervisor_id is not null)
       select s.id, s.login, count(t.id)::int as overdue
       from specialist s
       left join below b on b.boss_id = s.id
       left join task t on t.assignee_id = b.member_id and t.status = any(?::text[]) and t.due_at < ?
       where s.active and s.role in ('supervisor', 'director')
       group by s.id, s.login order by s.login`, [[...OPEN_TASK_STATUSES], now]);
    const [row] = await this.run<{ n: number }>(
      `select count(*)::int as n from task where assignee_id is null and status = any(?::text[]) and due_at < ?`, [[...OPEN_TASK_STATUSES], now]);
    return { teams: teams.map((t) => ({ id: t.id, login: t.login, overdue: t.overdue })), unassigned: row.n };
  }
}
