// `rcm tasks reassign|return|stats` as an administrator runs them: the same rules as the API for
// the person named by --as, recorded in the task events; bad input exits 2 and changes nothing.
import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { adminCli } from '../support/run-cli.js';
import { signedInPerson } from '../support/sign-in.js';
import { fixedClock } from '../../src/domain/clock.js';
import { createFollowUpTasks } from '../../src/services/tasks.service.js';

describe('rcm tasks reassign, return and stats', () => {
  const env = useTestEnv();

  it('moves a task within the team and back to the pool, refuses the rest, and counts the office', async function () {
    this.timeout(120000); // each rcm run starts a process
    const supervisor = await signedInPerson(env.orm, 'supervisor', { login: 'sam' });
    await signedInPerson(env.orm, 'specialist', { login: 'ann', supervisorId: supervisor.id });
    await signedInPerson(env.orm, 'specialist', { login: 'zed' });
    await signedInPerson(env.orm, 'specialist', { login: 'bea', supervisorId: supervisor.id });
    await env.orm.em.fork().transactional((tx) => createFollowUpTasks(tx, [
      { type: 'denial', subjectType: 'claim', subjectId: 1, reasonCodes: ['CO-16'], amountAtRiskCents: 125_00 },
    ], { timezone: env.config.timezone, clock: fixedClock('2026-12-04T15:00:00Z') }));
    const [{ id: taskId }] = await env.orm.em.fork().getConnection().execute('select id from task');
    const { rcm, ok } = adminCli(env.childEnv);

    expect(await ok('tasks', 'reassign', String(taskId), '--to', 'ann', '--as', 'sam')).to.include({ id: taskId, assignee: 'ann', status: 'assigned' });
    // The API's rules for the person named by --as; the other refusals are the service's, tested over the API.
    const refused = [
      await rcm('tasks', 'reassign', String(taskId), '--to', 'zed', '--as', 'sam'),
      await rcm('tasks', 'reassign', String(taskId), '--to', 'bea', '--as', 'nobody'),
    ];
    expect(refused.map((r) => [r.code, r.stderr.trim()])).to.deep.equal([
      [2, "rcm: zed is not in sam's team; nothing changed"],
      [2, 'rcm: no person nobody (--as); nothing changed'],
    ]);
    expect(await ok('tasks', 'return', String(taskId), '--as', 'sam')).to.include({ status: 'open', assignee: null });

    const events = await env.orm.em.fork().getConnection().execute(`select kind, actor, detail from task_event where task_id = ? order by id`, [taskId]);
    expect(events.map((e) => [e.kind, e.actor, e.detail?.from ?? null, e.detail?.to ?? null])).to.deep.equal([
      ['created', 'system', null, null], ['reassigned', 'sam', null, 'ann'], ['returned', 'sam', 'ann', null],
    ]);

    const stats = await ok('tasks', 'stats');
    expect(stats.waiting).to.include({ total: 1, oldestTaskId: taskId });
    expect(stats.people.map((p: { login: string }) => p.login)).to.deep.equal(['ann', 'bea', 'sam', 'zed']);
    const human = await rcm('tasks', 'stats');
    expect(human.code, human.stderr).to.equal(0);
    expect(human.stdout).to.match(/^waiting: 1 /).and.include('denial: high').and.include("sam's team: 0");
  });
});
