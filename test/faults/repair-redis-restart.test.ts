// Redis stopped and started again, empty (persistence off, as on this machine), in the middle of a
// claims import: while the import job runs, or while its scrub batches are queued. Whatever Redis
// held is gone; the repair sweep run when the engine's connection comes back (and every interval)
// gives the lost jobs back, and every claim is scrubbed, each once.
import { expect } from 'chai';
import { useTestEnv, waitFor, type TestEnv } from '../support/test-env.js';
import { PrivateRedis } from '../support/private-redis.js';
import { Engine } from '../../src/engine.js';
import { engineHandlers } from '../../workers/registry.js';
import { dropClaimFile, recentClaim, upstream837 } from '../integration/claims/claims-support.js';

const CLAIMS = 6000;

describe('Redis restarted empty in the middle of a claims import', () => {
  const env = useTestEnv();

  it('while its scrub batches wait in Redis: every claim is scrubbed, once', async function () {
    const run = await importThroughRestart(env, async (counts) => {
      const c = await counts();
      return c.claims === CLAIMS && c.drafts < CLAIMS; // imported, and the first batches scrubbed
    });
    expect(run.atStop.drafts).to.be.greaterThan(0); // stopped half-way, not after the end
    // Only the sweep could bring them back: the lost scrub batches went back to the relay.
    expect(run.repairKinds).to.include('outbox');
  });

  it('while the import job runs: every claim is scrubbed, once', async function () {
    const run = await importThroughRestart(env, async (_counts, engine) => (await engine.queues.get('claims').getActiveCount()) > 0);
    expect(run.atStop.claims).to.be.lessThan(CLAIMS); // the import had not committed yet
  });
});

type Counts = () => Promise<{ claims: number; drafts: number }>;

/** Imports a file on an engine of its own Redis, restarts that Redis when `stopWhen` says, and waits for every claim to leave draft. */
async function importThroughRestart(env: TestEnv, stopWhen: (counts: Counts, engine: Engine) => Promise<boolean>) {
  const redis = await PrivateRedis.start();
  env.defer(() => redis.down());
  // One job at a time, so the scrub batches are still queued when Redis goes; sweeps with no grace.
  const config = { ...env.config, redis: { url: redis.url }, repair: { intervalMs: 2000, graceMs: 0 } };
  const engine = await Engine.start({
    config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['claims'], workerOverrides: { concurrency: 1 },
  });
  env.defer(() => engine.stop(5000));

  const content = upstream837(Array.from({ length: CLAIMS }, (_, i) => recentClaim(i + 1)));
  const fileId = await dropClaimFile(env, engine, 'large.837', content);
  const counts: Counts = async () => {
    const [row] = await env.orm.em.fork().getConnection().execute(
      `select count(*)::int as claims, count(*) filter (where status = 'draft')::int as drafts from claim where source_file_id = ?`, [fileId]);
    return row as { claims: number; drafts: number };
  };
  await waitFor(() => stopWhen(counts, engine), 120000, 'the moment to stop Redis');
  await redis.down();
  const atStop = await counts();
  await new Promise((r) => setTimeout(r, 1000));
  await redis.up();

  await waitFor(async () => {
    const c = await counts();
    return c.claims === CLAIMS && c.drafts === 0;
  }, 150000, 'every claim out of draft');
  process.stdout.write(`      (Redis stopped with ${atStop.claims} claims stored, ${atStop.drafts} of them drafts)\n`);
  // Each claim left draft once: one scrub event per claim, whatever job ran twice.
  const [events] = await env.orm.em.fork().getConnection().execute(
    `select count(*)::int as n, count(distinct claim_id)::int as claims from claim_event e join claim c on c.id = e.claim_id
     where c.source_file_id = ? and e.from_status = 'draft'`, [fileId]);
  expect(events).to.deep.equal({ n: CLAIMS, claims: CLAIMS });
  const [file] = await env.orm.em.fork().getConnection().execute('select status from edi_file where id = ?', [fileId]);
  expect(file.status).to.equal('processed');
  const repairs = await env.orm.em.fork().getConnection().execute('select distinct kind from repair_event order by kind');
  return { atStop, repairKinds: repairs.map((r) => r.kind as string) };
}
