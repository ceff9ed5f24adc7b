// SLA escalation with a controllable clock: the sla job enqueued at the due time when a task opens,
// escalation to the supervisor at the due time and to the director one SLA later (business hours
// of the office calendar), nothing for a finished task or a repeated job, the handler run by the
// engine's tasks worker against the engine's clock, and the repair sweep as backstop.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { enqueue } from '../../../src/queues/producer.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { createFollowUpTasks } from '../../../src/services/tasks.service.js';
import { checkTaskSla } from '../../../src/services/tasks/task-sla.service.js';
import { defaultOfficeCalendar } from '../../../config/office-calendar.js';
import { query, repairRig } from '../repair/repair-support.js';

const calendar = { ...defaultOfficeCalendar, timezone: 'America/New_York' };
// Monday 7 December 2026, 10:00 in New York. A quarantined file's SLA is 4 business hours: due at
// 14:00 (19:00Z); one more SLA is 14:00-17:00 and 08:00-09:00 the next day: Tuesday 09:00 (14:00Z).
const OPENED = '2026-12-07T15:00:00Z';
const DUE = '2026-12-07T19:00:00.000Z';
const SECOND = '2026-12-08T14:00:00.000Z';
const iso = (value: string | Date) => new Date(value).toISOString();

describe('task SLA escalation', () => {
  const env = useTestEnv();

  async function office() {
    const director = await signedInPerson(env.orm, 'director');
    const supervisor = await signedInPerson(env.orm, 'supervisor', { supervisorId: director.id });
    const specialist = await signedInPerson(env.orm, 'specialist', { supervisorId: supervisor.id });
    return { director, supervisor, specialist };
  }

  async function openTask(subjectId: number, assigneeId: number | null): Promise<number> {
    await env.orm.em.fork().transactional((tx) => createFollowUpTasks(tx,
      [{ type: 'quarantined-file', subjectType: 'file', subjectId, reasonCodes: ['UNREADABLE'], amountAtRiskCents: 0 }],
      { timezone: calendar.timezone, calendar, clock: fixedClock(OPENED) }));
    const [task] = await query(env, 'select id from task where subject_id = ?', [subjectId]);
    if (assigneeId !== null) await query(env, `update task set assignee_id = ?, status = 'assigned' where id = ?`, [assigneeId, task.id]);
    return Number(task.id);
  }

  const check = (taskId: number, at: string) => env.orm.em.fork().transactional((tx) => checkTaskSla(tx, taskId, new Date(at), calendar));
  const escalations = (taskId: number) => query(env, `select actor, detail from task_event where task_id = ? and kind = 'escalated' order by id`, [taskId]);
  const taskRow = async (taskId: number) => (await query(env,
    'select escalation_level, escalated_to_id, escalated_at, next_escalation_at from task where id = ?', [taskId]))[0];

  it('enqueues the sla job through the outbox when the task opens, delayed to its due time', async () => {
    const taskId = await openTask(1, null);
    const rows = await query(env, `select queue, job_name, payload, delay_ms from outbox where job_name = 'sla'`);
    expect(rows).to.deep.equal([{ queue: 'tasks', job_name: 'sla', payload: { taskId }, delay_ms: 4 * 3_600_000 }]);
    expect(iso((await query(env, 'select due_at from task where id = ?', [taskId]))[0].due_at)).to.equal(DUE);
  });

  it('escalates nothing before the due time, to the supervisor at it, to the director one SLA later, and once per level', async () => {
    const { director, supervisor, specialist } = await office();
    const taskId = await openTask(2, specialist.id);
    await query(env, 'delete from outbox');

    expect(await check(taskId, '2026-12-07T18:59:59Z')).to.include({ outcome: 'not-due' });
    expect(await taskRow(taskId)).to.include({ escalation_level: 0, escalated_to_id: null });
    expect(await escalations(taskId)).to.deep.equal([]);
    // Run early (a clock behind the relay's): checks again at the due time.
    expect(await query(env, `select payload, delay_ms from outbox where job_name = 'sla'`)).to.deep.equal([{ payload: { taskId }, delay_ms: 1000 }]);
    await query(env, 'delete from outbox');

    expect(await check(taskId, DUE)).to.deep.include({ outcome: 'escalated', level: 1, to: supervisor.login });
    const first = await taskRow(taskId);
    expect(first).to.include({ escalation_level: 1, escalated_to_id: supervisor.id });
    expect(iso(first.escalated_at)).to.equal(DUE);
    expect(iso(first.next_escalation_at)).to.equal(SECOND);
    const next = await query(env, `select payload, delay_ms from outbox where job_name = 'sla'`);
    expect(next).to.deep.equal([{ payload: { taskId }, delay_ms: Date.parse(SECOND) - Date.parse(DUE) }]);

    expect(await check(taskId, DUE)).to.deep.equal({ outcome: 'already-escalated' }); // the job again (at-least-once)
    expect(await check(taskId, '2026-12-08T13:59:00Z')).to.deep.equal({ outcome: 'already-escalated' });
    expect(await check(taskId, SECOND)).to.deep.include({ outcome: 'escalated', level: 2, to: director.login, nextCheckAt: null });
    expect(await check(taskId, '2026-12-09T14:00:00Z')).to.deep.equal({ outcome: 'already-escalated' });

    expect(await escalations(taskId)).to.deep.equal([
      { actor: 'system', detail: { level: 1, to: supervisor.login, from: null, dueAt: DUE } },
      { actor: 'system', detail: { level: 2, to: director.login, from: supervisor.login, dueAt: DUE } },
    ]);
    const final = await taskRow(taskId);
    expect(final).to.include({ escalation_level: 2, escalated_to_id: director.id, next_escalation_at: null });
    const audit = await query(env, `select actor, subject_id, detail from audit_event where action = 'task.escalated' order by id`);
    expect(audit.map((a) => a.detail.level)).to.deep.equal([1, 2]);
  });

  it('never escalates a finished task', async () => {
    const { specialist } = await office();
    const done = await openTask(3, specialist.id);
    const cancelled = await openTask(4, specialist.id);
    await query(env, `update task set status = 'done', closed_at = now() where id = ?`, [done]);
    await query(env, `update task set status = 'cancelled', closed_at = now() where id = ?`, [cancelled]);
    expect(await check(done, SECOND)).to.deep.equal({ outcome: 'closed' });
    expect(await check(cancelled, DUE)).to.deep.equal({ outcome: 'closed' });
    expect(await query(env, `select id from task where escalation_level > 0`)).to.deep.equal([]);
    expect(await check(999999, DUE)).to.deep.equal({ outcome: 'missing' });
  });

  it('sends an unassigned task to the director, and a job that runs late straight to the level due', async () => {
    const { director, specialist } = await office();
    const pooled = await openTask(5, null);
    expect(await check(pooled, DUE)).to.deep.include({ level: 1, to: director.login });
    const late = await openTask(6, specialist.id);
    expect(await check(late, '2026-12-10T12:00:00Z')).to.deep.include({ level: 2, to: director.login });
    expect(await escalations(late)).to.have.length(1);
  });

  it('runs in the engine\'s tasks worker against the engine\'s clock', async function () {
    this.timeout(30000);
    const { supervisor, specialist } = await office();
    const taskId = await openTask(7, specialist.id);
    await query(env, 'delete from outbox');
    const config = { ...env.config, repair: { intervalMs: 0, graceMs: 3_600_000 } };
    const engine = await Engine.start({ config: { ...config, timezone: calendar.timezone }, logger: env.logger, registry: engineHandlers(), api: false,
      workerQueues: ['tasks'], clock: fixedClock('2026-12-07T19:30:00Z') });
    env.defer(() => engine.stop());
    await env.orm.em.fork().transactional(async (tx) => enqueue(tx, 'tasks', 'sla', { taskId }));
    await waitFor(async () => (await taskRow(taskId)).escalation_level === 1, 15000, 'the sla job to escalate the task');
    const row = await taskRow(taskId);
    expect(row.escalated_to_id).to.equal(supervisor.id);
    expect(iso(row.escalated_at)).to.equal('2026-12-07T19:30:00.000Z');
  });

  it('repair sweep: gives a new sla job to an overdue task whose escalation was missed, and none to others', async () => {
    const { specialist } = await office();
    const missed = await openTask(8, specialist.id);
    const missedSecond = await openTask(9, specialist.id);
    const notDue = await openTask(10, specialist.id);
    const finished = await openTask(11, specialist.id);
    const top = await openTask(12, specialist.id);
    await query(env, `update task set due_at = now() - interval '2 hours' where id in (?, ?, ?)`, [missed, finished, top]);
    await query(env, `update task set due_at = now() - interval '2 days', escalation_level = 1, next_escalation_at = now() - interval '1 hour' where id = ?`, [missedSecond]);
    await query(env, `update task set due_at = now() + interval '2 hours' where id = ?`, [notDue]);
    await query(env, `update task set status = 'done' where id = ?`, [finished]);
    await query(env, `update task set escalation_level = 2 where id = ?`, [top]);
    await query(env, 'delete from outbox');

    const result = await repairRig(env).sweep();
    expect(result.checked.overdueTasks).to.equal(2);
    expect(result.repairs.map((r) => [r.kind, r.subject])).to.deep.equal([['overdue-task', `task ${missed}`], ['overdue-task', `task ${missedSecond}`]]);
    const rows = await query(env, `select payload from outbox where job_name = 'sla' order by id`);
    expect(rows.map((r) => r.payload)).to.deep.equal([{ taskId: missed }, { taskId: missedSecond }]);
    expect((await query(env, `select kind, subject from repair_event order by id`)).map((r) => r.kind)).to.deep.equal(['overdue-task', 'overdue-task']);
  });
});
