// The daily priority recompute end to end: the `tasks.reprioritize` job run by the engine's tasks
// worker against the engine's clock, its scheduler created at start and recorded in job_schedule,
// and the repair sweep putting that scheduler back once Redis has lost it.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { enqueue } from '../../../src/queues/producer.js';
import { jobIds } from '../../../src/queues/job-options.js';
import { fixedClock, type Clock } from '../../../src/domain/clock.js';
import { Task } from '../../../src/db/entities/index.js';
import { createFollowUpTasks } from '../../../src/services/tasks.service.js';
import { dailyPattern } from '../../../src/services/task-schedule.service.js';
import type { FollowUpTaskInput } from '../../../src/domain/tasks/follow-up.js';
import { loseRedis, query, repairRig } from '../repair/repair-support.js';

describe('daily task-priority recompute', () => {
  const env = useTestEnv();
  const schedulerId = jobIds.tasksReprioritizeScheduler;

  async function startTasksEngine(clock?: Clock): Promise<Engine> {
    const config = { ...env.config, repair: { intervalMs: 0, graceMs: 0 } };
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['tasks'], clock });
    env.defer(() => engine.stop());
    return engine;
  }

  async function runReprioritize(engine: Engine): Promise<void> {
    const queue = engine.queues.get('tasks');
    // Other tasks jobs (assignment of the tasks a test opens) complete on the same queue.
    const completedRuns = async () => (await queue.getCompleted()).filter((job) => job.name === 'reprioritize').length;
    const before = await completedRuns();
    await env.orm.em.fork().transactional(async (em) => enqueue(em, 'tasks', 'reprioritize', {}));
    await waitFor(async () => (await completedRuns()) > before, 10000, 'tasks.reprioritize completed');
  }

  it('turns a time of day into a daily cron pattern', () => {
    expect(dailyPattern('02:00')).to.equal('0 2 * * *');
    expect(dailyPattern('23:45')).to.equal('45 23 * * *');
  });

  it('raises a waiting task as its deadline nears, and a second run the same day changes nothing', async () => {
    const denial: FollowUpTaskInput = { type: 'denial', subjectType: 'claim', subjectId: 1, reasonCodes: ['CO-16'], amountAtRiskCents: 125_00, deadline: '2027-01-03' };
    const timezone = env.config.timezone;
    await env.orm.em.fork().transactional((tx) => createFollowUpTasks(tx, [denial], { timezone, clock: fixedClock('2026-12-04T15:00:00Z') }));
    const opened = await env.orm.em.fork().findOneOrFail(Task, { subjectId: 1 });
    expect(opened.priority).to.equal(89); // 30 days left: 30 deadline points

    const clock = fixedClock('2026-12-24T15:00:00Z');
    const engine = await startTasksEngine(clock);
    await runReprioritize(engine);
    const raised = await env.orm.em.fork().findOneOrFail(Task, { subjectId: 1 });
    expect(raised.priority).to.equal(96); // 10 days left: 37 deadline points
    expect(raised.priorityParts).to.deep.equal({ amount: 32, deadline: 37, recoverability: 27 });
    expect(raised.updatedAt.toISOString()).to.equal('2026-12-24T15:00:00.000Z');

    clock.advance(60 * 60 * 1000); // later the same day: nothing to rewrite
    await runReprioritize(engine);
    const again = await env.orm.em.fork().findOneOrFail(Task, { subjectId: 1 });
    expect(again.priority).to.equal(96);
    expect(again.updatedAt.toISOString()).to.equal('2026-12-24T15:00:00.000Z');
  });

  it('schedules itself when the tasks workers start, on record, and the repair sweep puts it back', async () => {
    const engine = await startTasksEngine();
    const scheduler = await waitFor(() => engine.queues.get('tasks').getJobScheduler(schedulerId), 10000, 'the daily scheduler');
    expect(scheduler).to.include({ name: 'reprioritize', pattern: '0 2 * * *', tz: env.config.timezone });
    await waitFor(() => engine.queues.get('tasks').getJobScheduler(jobIds.tasksRebalanceScheduler), 10000, 'the rebalance scheduler');
    expect(await query(env, 'select queue, job_name, payload, every_ms, pattern, tz from job_schedule order by job_name')).to.deep.equal([
      { queue: 'tasks', job_name: 'rebalance', payload: {}, every_ms: env.config.tasks.rebalanceEveryMs, pattern: null, tz: null },
      { queue: 'tasks', job_name: 'reprioritize', payload: {}, every_ms: null, pattern: '0 2 * * *', tz: env.config.timezone },
    ]);
    await engine.stop();

    const rig = repairRig(env);
    expect((await rig.sweep()).repairs).to.deep.equal([]);
    await loseRedis(env);
    expect((await rig.sweep()).repairs).to.have.deep.members([
      { kind: 'scheduler', subject: `scheduler ${schedulerId} (at "0 2 * * *" ${env.config.timezone})`, jobId: schedulerId },
      { kind: 'scheduler', subject: `scheduler ${jobIds.tasksRebalanceScheduler} (every 60000 ms)`, jobId: jobIds.tasksRebalanceScheduler },
    ]);
    expect(await rig.queues.get('tasks').getJobScheduler(schedulerId)).to.include({ name: 'reprioritize', pattern: '0 2 * * *', tz: env.config.timezone });
    expect((await rig.sweep()).repairs).to.deep.equal([]);
  });
});
