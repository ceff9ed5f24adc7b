import { expect } from 'chai';
import { useTestEnv } from '../support/test-env.js';
import { runCli } from '../support/run-cli.js';
import { fixedClock } from '../../src/domain/clock.js';
import { Task } from '../../src/db/entities/index.js';
import { createFollowUpTasks } from '../../src/services/tasks.service.js';

describe('rcm tasks reprioritize', () => {
  const env = useTestEnv();

  it('recomputes open tasks now and prints how many changed; a second run changes none', async () => {
    // Opened when the deadline was 152 days away (no deadline points); it has passed since (40).
    await env.orm.em.fork().transactional((tx) => createFollowUpTasks(tx, [
      { type: 'denial', subjectType: 'claim', subjectId: 1, reasonCodes: ['CO-16'], amountAtRiskCents: 125_00, deadline: '2020-06-01' },
    ], { timezone: env.config.timezone, clock: fixedClock('2020-01-01T15:00:00Z') }));
    const first = await runCli(['tasks', 'reprioritize', '--json'], env.childEnv);
    expect(first.code, first.stderr).to.equal(0);
    expect(JSON.parse(first.stdout)).to.deep.equal({ changed: 1 });
    expect((await env.orm.em.fork().findOneOrFail(Task, { subjectId: 1 })).priorityParts).to.include({ deadline: 40 });
    const second = await runCli(['tasks', 'reprioritize'], env.childEnv);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout.trim()).to.equal('0 tasks reprioritized');
  });
});
