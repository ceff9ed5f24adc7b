// `collections.plans` run by the engine's collections worker: a scheduled run (no asOf) reviews
// for today on the engine's clock, a run on demand for the day it names; run twice, it opens the
// missed installment's task once.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { enqueue } from '../../../src/queues/producer.js';
import { createPaymentPlan } from '../../../src/services/collections/payment-plan.service.js';
import { query } from '../tasks/outcome-support.js';
import { officeClock, owingAccount } from './collections-support.js';

describe('the collections.plans job', () => {
  const env = useTestEnv();

  it('reviews plans for today when the payload names no day, for the named day otherwise, and opens each task once', async function () {
    this.timeout(60000);
    const person = await signedInPerson(env.orm, 'specialist');
    const accountId = await owingAccount(env, 'JOB-1', 10000);
    const plan = await env.orm.em.fork().transactional((em) => createPaymentPlan(em, { id: person.id, login: person.login }, {
      account: { id: accountId }, installments: '2026-12-15:50.00,2027-01-15:50.00',
    }, { clock: officeClock(), timezone: 'UTC' }));
    const config = { ...env.config, timezone: 'UTC', repair: { intervalMs: 0, graceMs: 0 } };
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['collections'], clock: officeClock('2026-12-20') });
    env.defer(() => engine.stop());
    const queue = engine.queues.get('collections');
    const run = async (payload: { asOf?: string }) => {
      const before = (await queue.getCompleted()).length;
      await env.orm.em.fork().transactional(async (em) => enqueue(em, 'collections', 'plans', payload));
      await waitFor(async () => (await queue.getCompleted()).length > before, 15000, 'collections.plans completed');
    };
    const state = async () => (await query(env, `select p.status, a.dunning_stage, (select count(*)::int from task) as tasks
      from payment_plan p join account a on a.id = p.account_id where p.id = ?`, [plan.id]))[0];

    await run({}); // today on the engine's clock, 2026-12-20: within the grace days
    expect(await state()).to.deep.equal({ status: 'current', dunning_stage: 'plan', tasks: 0 });
    await run({ asOf: '2026-12-26' });
    expect(await state()).to.deep.equal({ status: 'missed', dunning_stage: 'none', tasks: 1 });
    await run({ asOf: '2026-12-26' });
    expect(await state()).to.deep.equal({ status: 'missed', dunning_stage: 'none', tasks: 1 });
    expect((await queue.getFailed()).length).to.equal(0);
  });
});
