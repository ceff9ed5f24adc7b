// Rate limits and the circuit breaker against real Redis (shared by separate connections, as by
// separate worker processes), and the breaker end to end through claim submission with the
// simulator made unavailable: trip, refusal during the cool-down, half-open, close, each audited.
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { testGuards } from '../../support/submission-guards.js';
import { createRedis, whenReady } from '../../../src/queues/connection.js';
import { RateLimiter } from '../../../src/queues/rate-limiter.js';
import { CircuitBreaker } from '../../../src/queues/circuit-breaker.js';
import { clearinghouseConfig, type ClearinghouseConfig } from '../../../config/clearinghouse.js';
import { submitReadyClaims } from '../../../src/services/claims/claim-submit.service.js';
import { breakerStates } from '../../../src/services/operations/breakers.js';
import { RetryLaterError, TransientError } from '../../../src/errors.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { dropClaimFile, query, recentClaim, settledFile, startClaimsEngine, statuses, upstream837 } from '../claims/claims-support.js';

describe('submission guards: rate limits and the circuit breaker', () => {
  const env = useTestEnv();

  async function connection(): Promise<Redis> {
    const redis = createRedis(env.config.redis.url, 'producer');
    await whenReady(redis);
    env.defer(() => redis.disconnect());
    return redis;
  }

  it('holds a limit across two limiters on separate connections, and a full payer window takes no clearinghouse place', async () => {
    const [a, b] = [new RateLimiter(await connection(), env.config.queuePrefix), new RateLimiter(await connection(), env.config.queuePrefix)];
    const clearinghouse = { key: 'clearinghouse:sim', limit: { maxBatches: 3, perMs: 2000 } };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).take([clearinghouse])));
    const taken = results.filter((r) => 'taken' in r);
    expect(taken).to.have.length(3);
    for (const r of results.filter((x) => 'waitMs' in x)) {
      expect(r).to.have.property('full').that.deep.equals(clearinghouse);
      expect((r as { waitMs: number }).waitMs).to.be.within(1, 2000);
    }
    // A place given back (nothing was sent) is free again.
    await a.giveBack([clearinghouse], (taken[0] as { taken: string }).taken);
    expect(await b.take([clearinghouse])).to.have.property('taken');

    // A payer allowed one batch: its second send waits, and leaves the clearinghouse's window alone.
    const otherCh = { key: 'clearinghouse:other', limit: { maxBatches: 5, perMs: 2000 } };
    const payer = { key: 'payer:7', limit: { maxBatches: 1, perMs: 2000 } };
    expect(await a.take([otherCh, payer])).to.have.property('taken');
    const refused = await b.take([otherCh, payer]);
    expect(refused).to.have.property('full').that.deep.equals(payer);
    expect(await a.inWindow(otherCh)).to.equal(1);
    // Keys name the clearinghouse and the payer id only.
    const keys = await (await connection()).keys(`${env.config.queuePrefix}:rcm:throttle:*`);
    expect(keys.sort()).to.deep.equal(['clearinghouse:other', 'clearinghouse:sim', 'payer:7'].map((k) => `${env.config.queuePrefix}:rcm:throttle:${k}`));
  });

  it('shares breaker state between connections and gives the one half-open try to one of them', async () => {
    const settings = { failureThreshold: 2, coolDownMs: 300, probeLeaseMs: 5000 };
    const [a, b] = [new CircuitBreaker(await connection(), env.config.queuePrefix), new CircuitBreaker(await connection(), env.config.queuePrefix)];
    expect(await a.recordFailure('ch', settings)).to.equal('counted');
    expect(await b.recordSuccess('ch')).to.equal('unchanged'); // a success in between: failures start again
    expect(await a.recordFailure('ch', settings)).to.equal('counted');
    expect(await b.recordFailure('ch', settings)).to.equal('tripped');
    const waiting = await a.admit('ch', settings);
    expect(waiting.verdict).to.equal('wait');
    expect((waiting as { retryAfterMs: number }).retryAfterMs).to.be.within(1, 300);
    await waitFor(async () => (await a.admit('ch', settings)).verdict !== 'wait' || undefined, 2000, 'the cool-down');
    // a's admit above took the half-open try; b must wait for it.
    expect((await b.admit('ch', settings)).verdict).to.equal('wait');
    const [snapshot] = await b.snapshots(['ch']);
    expect(snapshot).to.include({ clearinghouse: 'ch', state: 'half-open', failures: 2 });
    expect(await a.recordSuccess('ch')).to.equal('recovered');
    expect((await b.admit('ch', settings)).verdict).to.equal('send');
  });

  it('opens after N failed sends, refuses during the cool-down, half-opens, opens again, then closes: each trip and recovery audited', async function () {
    this.timeout(40000);
    const engine = await startClaimsEngine(env);
    const fileId = await dropClaimFile(env, engine, 'in.837', upstream837([recentClaim(1), recentClaim(2)]));
    await settledFile(env, fileId);
    const [{ id: payerId }] = await query(env, `select id from payer where payer_id = 'PAYER01'`);
    const guards = await testGuards(env);
    const breaker = { failureThreshold: 2, coolDownMs: 400, probeLeaseMs: 5000 };
    const simulator = (unavailable: boolean): ClearinghouseConfig => ({ ...clearinghouseConfig, breaker, simulator: { seed: 1, rejectionRate: 0, denialRate: 0, unavailable } });
    const submit = (unavailable: boolean) => submitReadyClaims((work) => env.orm.em.fork().transactional(work), payerId,
      { timezone: 'UTC', clearinghouse: simulator(unavailable), clock: fixedClock('2026-11-24T15:30:00Z'), guards }).then(() => 'sent', (e: Error) => e);
    const state = async () => (await breakerStates(engine.queues.connection, env.config.queuePrefix, clearinghouseConfig))[0];
    const breakerEvents = async () => (await query(env, `select actor, action, subject_type, subject_id from audit_event where action like 'breaker.%' order by id`))
      .map((e) => `${e.actor} ${e.action} ${e.subject_type} ${e.subject_id}`);

    expect(await submit(true)).to.be.instanceOf(TransientError);
    expect(await state()).to.include({ clearinghouse: 'simulator', state: 'closed', failures: 1 });
    expect(await submit(true)).to.be.instanceOf(TransientError);
    const opened = await state();
    expect(opened).to.include({ state: 'open', failures: 2 });
    expect(Date.parse(opened.retryAt!) - Date.parse(opened.openedAt!)).to.equal(400);
    expect(await breakerEvents()).to.deep.equal(['system breaker.open clearinghouse simulator']);

    // During the cool-down the job waits without sending (the simulator is not even asked).
    const refused = await submit(false);
    expect(refused).to.be.instanceOf(RetryLaterError);
    expect((refused as RetryLaterError).retryAfterMs).to.be.within(1, 400);
    expect((refused as Error).message).to.match(/^clearinghouse simulator: circuit breaker open/);

    // After it, one try (half-open); it fails, and the breaker opens again for a new cool-down.
    await waitFor(async () => Date.now() >= Date.parse((await state()).retryAt!) || undefined, 3000, 'the cool-down');
    expect(await submit(true)).to.be.instanceOf(TransientError);
    expect(await state()).to.include({ state: 'open', failures: 3 });
    expect(await breakerEvents()).to.deep.equal(['system breaker.open clearinghouse simulator', 'system breaker.open clearinghouse simulator']);

    // The next try succeeds: closed, the batch built during the outage is sent, and the rest.
    await waitFor(async () => Date.now() >= Date.parse((await state()).retryAt!) || undefined, 3000, 'the cool-down');
    expect(await submit(false)).to.equal('sent');
    expect(await state()).to.deep.equal({ clearinghouse: 'simulator', state: 'closed', failures: 0, openedAt: null, retryAt: null });
    expect(await breakerEvents()).to.deep.equal([
      'system breaker.open clearinghouse simulator', 'system breaker.open clearinghouse simulator', 'system breaker.close clearinghouse simulator',
    ]);
    const sent = await query(env, `select status, count(*)::int as n from submission group by status`);
    expect(sent).to.deep.equal([{ status: 'sent', n: 1 }]);
    expect(Object.values(await statuses(env)).every((s) => s !== 'ready')).to.equal(true);
  });
});
