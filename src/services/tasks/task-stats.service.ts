// Task statistics for supervisors and administrators: waiting work by type and priority band,
// the oldest waiting task's age, each person's open work, work done today (the office's day, in
// its time zone) and average handle time (claim to outcome, over outcomes today), and overdue
// work per supervisor's team. A supervisor or director sees themselves, their team and the pool;
// an admin (and the CLI, the administrators' tool) the whole office.
import { DateTime } from 'luxon';
import type { Run } from '../../db/sql.js';
import { TaskStatsRepository } from '../../db/repositories/task-stats.repository.js';
import { averageSeconds, waitingByType, type WaitingByType } from '../../domain/tasks/task-stats.js';
import { PRIORITY_BANDS } from '../../../config/task-views.js';
import type { TaskScope } from './task-scope.js';

export interface TaskStats {
  at: string;
  /** The start of "today" in the office's time zone. */
  todayFrom: string;
  waiting: { total: number; byType: WaitingByType; oldestTaskId: number | null; oldestWaitingSeconds: number | null };
  people: Array<{ login: string; role: string; open: number; doneToday: number; averageHandleSeconds: number | null }>;
  overdue: { teams: Array<{ supervisor: string; overdue: number }>; unassigned: number };
}

export async function taskStats(run: Run, scope: TaskScope, now: Date, timezone: string): Promise<TaskStats> {
  const stats = new TaskStatsRepository(run);
  const todayFrom = DateTime.fromJSDate(now, { zone: timezone }).startOf('day').toJSDate();
  const byType = waitingByType(await stats.waitingCounts(), PRIORITY_BANDS);
  const oldest = await stats.oldestWaiting();
  const visible = scope.kind === 'all' ? null : scope.personIds;
  const people = await stats.openPerPerson(visible);
  const outcomes = await stats.outcomes(todayFrom, now);
  const overdue = await stats.overduePerTeam(now);
  return {
    at: now.toISOString(),
    todayFrom: todayFrom.toISOString(),
    waiting: {
      total: Object.values(byType).reduce((sum, t) => sum + t.total, 0),
      byType,
      oldestTaskId: oldest?.id ?? null,
      oldestWaitingSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.createdAt.getTime()) / 1000)) : null,
    },
    people: people.map((p) => {
      const mine = outcomes.filter((o) => o.actor === p.login);
      return {
        login: p.login, role: p.role, open: p.open, doneToday: new Set(mine.map((o) => o.taskId)).size,
        averageHandleSeconds: averageSeconds(mine.flatMap((o) => (o.handledMs === null ? [] : [o.handledMs]))),
      };
    }),
    overdue: {
      teams: overdue.teams.filter((t) => visible === null || visible.includes(t.id)).map((t) => ({ supervisor: t.login, overdue: t.overdue })),
      unassigned: scope.kind === 'all' || scope.includeUnassigned ? overdue.unassigned : 0,
    },
  };
}
