// Tasks and payers for the routing tests: opened the way workers open them, then given the
// priority a test wants (so the order under test is stated in the test, not derived).
import type { Orm } from '../../../src/db/orm.js';
import { sqlRunner } from '../../../src/db/sql.js';
import type { FollowUpTaskInput } from '../../../src/domain/tasks/follow-up.js';
import { createFollowUpTasks } from '../../../src/services/tasks.service.js';
import { fixedClock } from '../../../src/domain/clock.js';

let subject = 0;

export interface TestTask extends Partial<FollowUpTaskInput> {
  priority?: number;
}

/** Opens tasks (denials by default) in one creation; returns their ids in order. */
export async function openTestTasks(orm: Orm, tasks: readonly TestTask[], at = '2026-12-02T15:00:00Z'): Promise<number[]> {
  const inputs = tasks.map((t): FollowUpTaskInput => ({
    type: t.type ?? 'denial', subjectType: t.subjectType ?? 'claim', subjectId: t.subjectId ?? ++subject, reasonCodes: t.reasonCodes ?? ['CO-16'],
    amountAtRiskCents: t.amountAtRiskCents ?? 100_00, deadline: t.deadline ?? null, payerId: t.payerId ?? null,
  }));
  await orm.em.fork().transactional((tx) => createFollowUpTasks(tx, inputs, { timezone: 'America/Chicago', clock: fixedClock(at) }));
  const run = sqlRunner(orm.em.fork());
  const rows = await run<{ id: number }>(`select id from task order by id desc limit ?`, [tasks.length]);
  const ids = rows.map((r) => Number(r.id)).reverse();
  for (const [i, t] of tasks.entries()) {
    if (t.priority !== undefined) await run(`update task set priority = ? where id = ?`, [t.priority, ids[i]]);
  }
  return ids;
}

/** A payer row; returns its id (what task.payer_id holds). */
export async function addPayer(orm: Orm, x12PayerId: string): Promise<number> {
  const [row] = await sqlRunner(orm.em.fork())<{ id: number }>(
    `insert into payer (payer_id, name, created_at) values (?, ?, now()) returning id`, [x12PayerId, `Payer ${x12PayerId}`],
  );
  return Number(row.id);
}

/** A task's status, assignee's login and lease end (ISO). */
export async function taskRow(orm: Orm, id: number): Promise<{ status: string; assignee: string | null; leaseExpiresAt: string | null }> {
  const [row] = await sqlRunner(orm.em.fork())<{ status: string; login: string | null; lease_expires_at: Date | string | null }>(
    `select t.status, s.login, t.lease_expires_at from task t left join specialist s on s.id = t.assignee_id where t.id = ?`, [id],
  );
  return { status: row.status, assignee: row.login, leaseExpiresAt: row.lease_expires_at === null ? null : new Date(row.lease_expires_at).toISOString() };
}

/** A task's events, oldest first, as kind and detail. */
export async function eventsOf(orm: Orm, taskId: number): Promise<Array<{ kind: string; actor: string; detail: Record<string, unknown> | null }>> {
  return sqlRunner(orm.em.fork())(`select kind, actor, detail from task_event where task_id = ? order by id`, [taskId]);
}
