import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { createFollowUpTask } from '../../src/services/tasks.service.js';
import { AuditEvent, Task, TaskEvent } from '../../src/db/entities/index.js';
import { fixedClock } from '../../src/domain/clock.js';
import type { FollowUpTaskInput } from '../../src/domain/tasks/follow-up.js';
import { createFollowUpTasks, recomputeTaskPriorities } from '../../src/services/tasks.service.js';

describe('follow-up task service', () => {
  const env = useTestEnv();
  const options = { timezone: 'America/New_York' };
  const denial: FollowUpTaskInput = { type: 'denial', subjectType: 'claim', subjectId: 10, reasonCodes: ['CO-16', 'CO-97'], amountAtRiskCents: 125_00 };

  it('creates a task with its history and audit trail', async () => {
    const em = env.orm.em.fork();
    const result = await em.transactional((tx) => createFollowUpTask(tx, denial, options));
    expect(result.created).to.equal(true);
    const task = await em.findOneOrFail(Task, result.taskId);
    expect(task).to.include({ type: 'denial', status: 'open', subjectType: 'claim', subjectId: 10, reasonKey: 'CO-16,CO-97', amountAtRiskCents: 12500 });
    // $125: round(log10(126) x 15) = 32; no deadline; CO-16 (0.9) is the more recoverable reason: 27.
    expect(task.priority).to.equal(59);
    expect(task.priorityParts).to.deep.equal({ amount: 32, deadline: 0, recoverability: 27 });
    expect(task.requiredSkills).to.deep.equal(['denials']);
    expect(task.dueAt).to.be.instanceOf(Date);
    expect(await em.count(TaskEvent, { taskId: task.id, kind: 'created' })).to.equal(1);
    expect(await em.count(AuditEvent, { action: 'task.create', subjectId: String(task.id) })).to.equal(1);
  });

  it('does not open a second task for the same subject, type and reason', async () => {
    const first = await env.orm.em.fork().transactional((tx) => createFollowUpTask(tx, denial, options));
    const again = await env.orm.em.fork().transactional((tx) =>
      createFollowUpTask(tx, { ...denial, reasonCodes: ['CO-97', 'CO-16'] }, options),
    );
    expect(again).to.deep.equal({ taskId: first.taskId, created: false });
    // A different reason, type or subject is different work.
    const otherReason = await env.orm.em.fork().transactional((tx) => createFollowUpTask(tx, { ...denial, reasonCodes: ['CO-50'] }, options));
    const otherSubject = await env.orm.em.fork().transactional((tx) => createFollowUpTask(tx, { ...denial, subjectId: 11 }, options));
    expect(otherReason.created && otherSubject.created).to.equal(true);
    expect(await env.orm.em.fork().count(Task, {})).to.equal(3);
  });

  it('settles concurrent creations to one task', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => env.orm.em.fork().transactional((tx) => createFollowUpTask(tx, denial, options))),
    );
    expect(results.filter((r) => r.created)).to.have.length(1);
    expect(new Set(results.map((r) => r.taskId)).size).to.equal(1);
  });

  it('opens a new task once the earlier one is closed', async () => {
    const first = await env.orm.em.fork().transactional((tx) => createFollowUpTask(tx, denial, options));
    await env.orm.em.getConnection().execute(`update task set status = 'done' where id = ?`, [first.taskId]);
    const second = await env.orm.em.fork().transactional((tx) => createFollowUpTask(tx, denial, options));
    expect(second.created).to.equal(true);
    expect(second.taskId).to.not.equal(first.taskId);
  });

  it('creates nothing when the surrounding write rolls back', async () => {
    await env.orm.em
      .fork()
      .transactional(async (tx) => {
        await createFollowUpTask(tx, denial, options);
        throw new Error('posting failed');
      })
      .catch(() => undefined);
    expect(await env.orm.em.fork().count(Task, {})).to.equal(0);
  });

  it('scores priority and stamps the task with the clock it is given, in the office time zone', async () => {
    // 02:30 UTC on March 4 is still March 3 in New York: the deadline is one day away there.
    const clock = fixedClock('2026-03-04T02:30:00Z');
    const input = { ...denial, deadline: '2026-03-04' };
    const result = await env.orm.em.fork().transactional((tx) => createFollowUpTask(tx, input, { ...options, clock }));
    const em = env.orm.em.fork();
    const task = await em.findOneOrFail(Task, result.taskId);
    // A day left: round(40 x (1 - 1/120)) = 40 deadline points.
    expect(task.priorityParts).to.deep.equal({ amount: 32, deadline: 40, recoverability: 27 });
    expect(task.priority).to.equal(99);
    // 21:30 on Tuesday in New York: the 40-hour denial SLA counts from Wednesday 08:00, 9 hours a
    // day (Wed, Thu, Fri, Mon = 36) and 4 more on Tuesday: 12:00 EDT, after the DST change of March 8.
    expect(task.dueAt!.toISOString()).to.equal('2026-03-10T16:00:00.000Z');
    expect(task.createdAt.toISOString()).to.equal('2026-03-04T02:30:00.000Z');
    const [event] = await em.find(TaskEvent, { taskId: task.id });
    expect(event.at.toISOString()).to.equal('2026-03-04T02:30:00.000Z');
    const [audit] = await em.find(AuditEvent, { action: 'task.create', subjectId: String(task.id) });
    expect(audit.at.toISOString()).to.equal('2026-03-04T02:30:00.000Z');

    // Ten days earlier, the same deadline is worth fewer points.
    const early = await env.orm.em.fork().transactional((tx) =>
      createFollowUpTask(tx, { ...input, subjectId: 99 }, { ...options, clock: fixedClock('2026-02-22T15:00:00Z') }));
    const earlyTask = await env.orm.em.fork().findOneOrFail(Task, early.taskId);
    // Ten days left: round(40 x (1 - 10/120)) = 37.
    expect(earlyTask.priorityParts).to.deep.equal({ amount: 32, deadline: 37, recoverability: 27 });
    expect(earlyTask.priority).to.be.lessThan(task.priority);
  });

  it('creates many tasks in one call and counts only the new ones', async () => {
    const inputs = [denial, { ...denial, subjectId: 12 }, { ...denial, reasonCodes: ['CO-97', 'CO-16'] }];
    expect(await env.orm.em.fork().transactional((tx) => createFollowUpTasks(tx, inputs, options))).to.equal(2);
    expect(await env.orm.em.fork().transactional((tx) => createFollowUpTasks(tx, inputs, options))).to.equal(0);
    expect(await env.orm.em.fork().count(Task, {})).to.equal(2);
  });

  it('scores open tasks again as days pass, leaving closed ones and unchanged ones alone', async () => {
    const opened = fixedClock('2026-12-04T15:00:00Z');
    const inputs: FollowUpTaskInput[] = [
      { ...denial, subjectId: 1, deadline: '2027-01-03' },   // 30 days left: 30 deadline points
      { ...denial, subjectId: 2, deadline: null },           // no deadline: never changes
      { ...denial, subjectId: 3, deadline: '2027-01-03' },   // closed before the recompute
    ];
    await env.orm.em.fork().transactional((tx) => createFollowUpTasks(tx, inputs, { ...options, clock: opened }));
    await env.orm.em.getConnection().execute(`update task set status = 'done' where subject_id = 3`);
    // A task scored before recoverability was a part: its parts are brought up to date.
    await env.orm.em.getConnection().execute(`update task set priority_parts = '{"amount": 32, "deadline": 0}' where subject_id = 2`);

    const twentyDaysLater = fixedClock('2026-12-24T15:00:00Z');
    const changed = await env.orm.em.fork().transactional((tx) => recomputeTaskPriorities(tx, { ...options, clock: twentyDaysLater, sliceSize: 1 }));
    expect(changed).to.equal(2);
    const rows = await env.orm.em.fork().find(Task, {}, { orderBy: { subjectId: 'asc' } });
    // 10 days left: round(40 x (1 - 10/120)) = 37.
    expect(rows.map((t) => [t.subjectId, t.priority, t.priorityParts])).to.deep.equal([
      [1, 96, { amount: 32, deadline: 37, recoverability: 27 }],
      [2, 59, { amount: 32, deadline: 0, recoverability: 27 }],
      [3, 89, { amount: 32, deadline: 30, recoverability: 27 }],
    ]);
    expect(rows[0].updatedAt.toISOString()).to.equal('2026-12-24T15:00:00.000Z');
    // The same day again changes nothing.
    expect(await env.orm.em.fork().transactional((tx) => recomputeTaskPriorities(tx, { ...options, clock: twentyDaysLater }))).to.equal(0);
  });
});
