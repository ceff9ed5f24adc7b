// `rcm tasks next --as LOGIN --json`: the administrators' way to pull for a person, with the same
// answer as POST /api/tasks/next; an unknown or missing person is refused and nothing changes.
import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { adminCli } from '../support/run-cli.js';
import { signedInPerson } from '../support/sign-in.js';
import { sqlRunner } from '../../src/db/sql.js';
import { openTestTasks } from '../integration/tasks/task-routing-support.js';

describe('rcm tasks next', () => {
  const env = useTestEnv();
  const cli = () => adminCli(env.childEnv);
  const snapshot = async () => sqlRunner(env.orm.em.fork())(
    `select (select json_agg(t order by id) from (select id, status, assignee_id, lease_expires_at from task) t) as tasks,
            (select count(*)::int from task_event) as events, (select count(*)::int from audit_event) as audits`,
  );

  it('claims the person\'s next task with a lease and prints it as JSON; then their leased one again', async function () {
    this.timeout(60000);
    await signedInPerson(env.orm, 'specialist', { login: 'dana', skills: ['denials'] });
    const [, top] = await openTestTasks(env.orm, [{ priority: 10 }, { priority: 60 }]);
    const started = Date.now();
    const { task } = await cli().ok('tasks', 'next', '--as', 'dana');
    expect(task).to.include({ id: top, type: 'denial', status: 'in-progress', assignee: 'dana' });
    const lease = new Date(task.leaseExpiresAt).getTime() - started;
    expect(lease).to.be.within(29 * 60_000, 31 * 60_000); // TASK_LEASE_MINUTES, 30 by default
    expect((await cli().ok('tasks', 'next', '--as', 'dana')).task).to.deep.equal(task);

    const text = await cli().rcm('tasks', 'next', '--as', 'dana');
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.match(new RegExp(`^#${top} denial priority 60 `));
  });

  it('answers {"task": null} when there is nothing the person may take', async function () {
    this.timeout(60000);
    await signedInPerson(env.orm, 'specialist', { login: 'poster', skills: ['posting'] });
    await openTestTasks(env.orm, [{}]);
    expect(await cli().ok('tasks', 'next', '--as', 'poster')).to.deep.equal({ task: null });
  });

  it('refuses an unknown person, a missing --as and a role that does not pull, changing nothing', async function () {
    this.timeout(60000);
    await signedInPerson(env.orm, 'operator', { login: 'ops', skills: ['denials'] });
    await openTestTasks(env.orm, [{}]);
    const before = await snapshot();
    const unknown = await cli().rcm('tasks', 'next', '--as', 'nobody', '--json');
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.contain('no person nobody; nothing changed');
    const missing = await cli().rcm('tasks', 'next', '--json');
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain('pass --as LOGIN or set RCM_USER');
    const operator = await cli().rcm('tasks', 'next', '--as', 'ops', '--json');
    expect(operator.code).to.equal(2);
    expect(operator.stderr).to.contain('ops is operator; tasks are pulled by specialist, supervisor; nothing changed');
    expect(await snapshot()).to.deep.equal(before);
  });
});
