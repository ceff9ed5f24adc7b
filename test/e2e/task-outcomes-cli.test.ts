import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { adminCli } from '../support/run-cli.js';
import { seedOffice } from '../integration/posting/posting-support.js';
import { assign, footprint, postEra, query, taskOn, team } from '../integration/tasks/outcome-support.js';

// `rcm tasks done` and `rcm tasks approve`: the same rules as the API, acting as --as LOGIN, with
// refusals that say why (exit 2) and change nothing; the jobs an outcome caused are relayed at once.
describe('rcm tasks done and approve', () => {
  const env = useTestEnv();

  it('records outcomes as a person, refuses unknown people and tasks, another\'s task and a bad outcome, and approves a write-off', async function () {
    this.timeout(180000);
    await seedOffice(env.orm.em.fork(), ['DENY1', 'DENY2'].map((controlNumber) => ({ controlNumber, lines: [{ procedure: '99213', chargeCents: 8000 }] })));
    await postEra(env, 'TCLI1', ['DENY1', 'DENY2'].map((control) => ({ control, lines: [{ procedure: '99213', chargeCents: 8000, cas: [['CO', '97', 8000] as [string, string, number]] }] })));
    const people = await team(env);
    const [first, second] = [await taskOn(env, 'DENY1'), await taskOn(env, 'DENY2')];
    await assign(env, first.id, people.alice);
    await assign(env, second.id, people.alice);
    const { rcm, ok } = adminCli({ ...env.childEnv, TASK_WRITE_OFF_APPROVAL_CENTS: '5000' });
    const before = await footprint(env);

    const refusals = [
      [['tasks', 'done', String(first.id), '--outcome', 'appealed', '--as', 'nobody'], /--as nobody: no such person; nothing changed/],
      [['tasks', 'done', '424242', '--outcome', 'appealed', '--as', people.alice.login], /no task 424242; nothing changed/],
      [['tasks', 'done', String(first.id), '--outcome', 'appealed', '--as', people.bob.login],
        new RegExp(`task ${first.id} is not assigned to ${people.bob.login} nor to anyone below ${people.bob.login} in the reporting chain; nothing changed`)],
      [['tasks', 'done', String(first.id), '--outcome', 'paid', '--as', people.alice.login], /"paid" is not one of a denial task's: appealed, corrected-and-resubmitted, written-off/],
      [['tasks', 'approve', String(first.id), '--as', people.supervisor.login], new RegExp(`task ${first.id} has no write-off waiting for approval`)],
    ] as const;
    for (const [args, message] of refusals) {
      const result = await rcm(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(2);
      expect(result.stderr).to.match(message);
    }
    expect(await footprint(env)).to.deep.equal(before);

    const appealed = await ok('tasks', 'done', String(first.id), '--outcome', 'appealed', '--note', 'Mailed the appeal NOTE-CLI', '--as', people.alice.login);
    expect(appealed).to.deep.include({ outcome: 'appealed', followUp: 'appeal', state: 'applied', repeated: false });
    expect(appealed.task).to.deep.include({ id: first.id, status: 'done' });
    // Relayed to Redis by the command itself.
    expect(await query(env, `select job_name, sent_at is not null as sent from outbox where queue = 'tasks' and job_name not in ('sla', 'assign-batch')`)).to.deep.equal([{ job_name: 'appeal-follow-up', sent: true }]);
    const again = await rcm('tasks', 'done', String(first.id), '--outcome', 'written-off', '--as', people.alice.login);
    expect([again.code, again.stderr.trim()]).to.deep.equal([2, `rcm: task ${first.id} is already done (appealed); nothing changed`]);

    const pending = await rcm('tasks', 'done', String(second.id), '--outcome', 'written-off', '--as', people.alice.login);
    expect(pending.code, pending.stderr).to.equal(0);
    expect(pending.stdout.trim()).to.equal(`task ${second.id} done: written-off (write-off of 8000 cents waits for a supervisor's approval)`);
    const approved = await ok('tasks', 'approve', String(second.id), '--as', people.supervisor.login);
    expect(approved).to.deep.include({ decision: 'approved', amountCents: 8000 });
    expect(await query(env, `select kind, amount_cents::int as cents from ledger_entry where source like 'task:%'`)).to.deep.equal([{ kind: 'write-off', cents: 8000 }]);
    expect(await query(env, `select actor, action from audit_event where action in ('task.outcome', 'task.write-off-approved', 'ledger.write-off') order by id`)).to.deep.equal([
      { actor: people.alice.login, action: 'task.outcome' }, { actor: people.alice.login, action: 'task.outcome' },
      { actor: people.supervisor.login, action: 'ledger.write-off' }, { actor: people.supervisor.login, action: 'task.write-off-approved' },
    ]);
  });
});
