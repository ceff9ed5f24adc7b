// Deactivating a person leaves no work waiting on them: their assigned and in-progress tasks go
// back to the pool, each change a task event and an audit event; done tasks keep their assignee.
import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { createFollowUpTasks } from '../../../src/services/tasks.service.js';
import { deactivatePerson } from '../../../src/services/people/people.service.js';
import type { FollowUpTaskInput } from '../../../src/domain/tasks/follow-up.js';

describe('deactivating a person', () => {
  const env = useTestEnv();
  const sql = <T>(text: string, params: unknown[] = []) => env.orm.em.fork().getConnection().execute<T[]>(text, params);

  it('returns their open tasks to the pool with an event each, and keeps their finished ones', async () => {
    const admin = await signedInPerson(env.orm, 'admin');
    const leaving = await signedInPerson(env.orm, 'specialist', { skills: ['denials'] });
    const tasks: FollowUpTaskInput[] = [1, 2, 3].map((n) => ({ type: 'denial', subjectType: 'claim', subjectId: n, reasonCodes: ['CO-16'], amountAtRiskCents: 100_00 }));
    await env.orm.em.fork().transactional((tx) => createFollowUpTasks(tx, tasks, { timezone: 'UTC' }));
    const ids = (await sql<{ id: number }>('select id from task order by id')).map((r) => r.id);
    await sql(`update task set assignee_id = ?, status = 'assigned' where id = ?`, [leaving.id, ids[0]]);
    await sql(`update task set assignee_id = ?, status = 'in-progress', lease_expires_at = now() + interval '1 hour' where id = ?`, [leaving.id, ids[1]]);
    await sql(`update task set assignee_id = ?, status = 'done', outcome = 'appealed', closed_at = now() where id = ?`, [leaving.id, ids[2]]);

    await deactivatePerson(env.orm, admin.login, leaving.login, new Date());

    expect(await sql('select id, status, assignee_id, lease_expires_at from task order by id')).to.deep.equal([
      { id: ids[0], status: 'open', assignee_id: null, lease_expires_at: null },
      { id: ids[1], status: 'open', assignee_id: null, lease_expires_at: null },
      { id: ids[2], status: 'done', assignee_id: leaving.id, lease_expires_at: null },
    ]);
    const events = await sql<{ task_id: number; actor: string; detail: Record<string, unknown> }>(
      `select task_id, actor, detail from task_event where kind = 'returned' order by task_id`);
    expect(events).to.deep.equal([
      { task_id: ids[0], actor: admin.login, detail: { from: leaving.login, to: null, fromStatus: 'assigned', reason: 'deactivated' } },
      { task_id: ids[1], actor: admin.login, detail: { from: leaving.login, to: null, fromStatus: 'in-progress', reason: 'deactivated' } },
    ]);
    expect(await sql(`select action, subject_id from audit_event where action in ('task.returned', 'user.deactivate') order by id`)).to.deep.equal([
      { action: 'task.returned', subject_id: String(ids[0]) },
      { action: 'task.returned', subject_id: String(ids[1]) },
      { action: 'user.deactivate', subject_id: String(leaving.id) },
    ]);
  });
});
