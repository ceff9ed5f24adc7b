// The operations API against a running engine (claims workers, real Redis and Postgres): rate
// limit overrides (admins change them, the next submit job sees them), pausing and resuming a
// queue (its jobs wait, then run), and what each refuses without changing anything.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { testGuards } from '../../support/submission-guards.js';
import { clearinghouseConfig } from '../../../config/clearinghouse.js';
import { requestSubmission } from '../../../src/services/claims/claim-submit.service.js';
import { dropClaimFile, query, recentClaim, settledFile, startClaimsEngine, upstream837 } from '../claims/claims-support.js';

describe('operations API: throttles, pausing queues', () => {
  const env = useTestEnv();

  async function start() {
    const engine = await startClaimsEngine(env, true);
    const base = `http://127.0.0.1:${engine.port}`;
    const [admin, operator, specialist] = [await signedInPerson(env.orm, 'admin'), await signedInPerson(env.orm, 'operator'), await signedInPerson(env.orm, 'specialist')];
    const call = async (who: { headers: Record<string, string> }, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method, headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() as any };
    };
    return { engine, base, admin, operator, specialist, call };
  }

  const audit = (action: string) => query(env, `select actor, action, subject_type, subject_id, detail from audit_event where action like ? order by id`, [action]);

  it('lets admins override a payer limit (audited, seen by the next submit job) and refuses bad input, unknown payers and non-admins', async function () {
    this.timeout(40000);
    const { engine, admin, operator, call } = await start();
    const fileId = await dropClaimFile(env, engine, 'in.837', upstream837([recentClaim(1)]));
    await settledFile(env, fileId);
    const [{ id: payerId }] = await query(env, `select id from payer where payer_id = 'PAYER01'`);

    const listed = await call(operator, 'GET', '/api/throttles');
    expect(listed).to.deep.equal({ status: 200, body: [{
      scope: 'clearinghouse', name: 'simulator', limit: clearinghouseConfig.rateLimit, source: 'config', configured: clearinghouseConfig.rateLimit, changedBy: null, changedAt: null,
    }] });

    // Refused, each changing nothing.
    expect(await call(operator, 'PUT', '/api/throttles/payers/PAYER01', { maxBatches: 5, perMs: 60000 })).to.deep.equal({
      status: 403, body: { error: 'this route is for admin; ' + operator.login + ' is operator' },
    });
    const negative = await call(admin, 'PUT', '/api/throttles/payers/PAYER01', { maxBatches: -1, perMs: 60000 });
    expect(negative).to.deep.equal({ status: 400, body: { error: 'maxBatches must be a whole number from 1 to 100000 (got -1); nothing changed' } });
    expect((await call(admin, 'PUT', '/api/throttles/payers/PAYER01', { maxBatches: 5, perMs: -60000 })).status).to.equal(400);
    expect(await call(admin, 'PUT', '/api/throttles/payers/NOSUCH', { maxBatches: 5, perMs: 60000 })).to.deep.equal({
      status: 404, body: { error: 'unknown payer "NOSUCH" (an X12 payer id of a payer on file); nothing changed' },
    });
    expect((await call(admin, 'PUT', '/api/throttles/clearinghouse/elsewhere', { maxBatches: 5, perMs: 60000 })).status).to.equal(404);
    expect(await query(env, 'select * from throttle_override')).to.deep.equal([]);
    expect(await audit('throttle.%')).to.deep.equal([]);

    // Accepted: stored, audited, in the list, and in the limits the next submit job counts against.
    const set = await call(admin, 'PUT', '/api/throttles/payers/PAYER01', { maxBatches: 5, perMs: 60000 });
    expect(set.status).to.equal(200);
    expect(set.body).to.deep.include({ changed: true });
    expect(set.body.throttle).to.deep.include({ scope: 'payer', name: 'PAYER01', limit: { maxBatches: 5, perMs: 60000 }, source: 'override', configured: null, changedBy: admin.login });
    expect((await call(admin, 'PUT', '/api/throttles/payers/PAYER01', { maxBatches: 5, perMs: 60000 })).body.changed).to.equal(false);
    expect((await call(admin, 'PUT', '/api/throttles/clearinghouse/simulator', { maxBatches: 10, perMs: 1000 })).body.changed).to.equal(true);
    const guards = await testGuards(env);
    const gate = await guards.gateFor((work) => env.orm.em.fork().transactional(work), clearinghouseConfig, payerId);
    expect(gate.limits).to.deep.equal([
      { key: 'clearinghouse:simulator', limit: { maxBatches: 10, perMs: 1000 } }, { key: `payer:${payerId}`, limit: { maxBatches: 5, perMs: 60000 } },
    ]);
    expect(await audit('throttle.%')).to.deep.equal([
      { actor: admin.login, action: 'throttle.set', subject_type: 'payer', subject_id: 'PAYER01', detail: { maxBatches: 5, perMs: 60000, previous: null } },
      { actor: admin.login, action: 'throttle.set', subject_type: 'clearinghouse', subject_id: 'simulator', detail: { maxBatches: 10, perMs: 1000, previous: null } },
    ]);

    // Removed: the config/ limit again (the payer has none).
    const removed = await call(admin, 'DELETE', '/api/throttles/payers/PAYER01');
    expect(removed).to.deep.equal({ status: 200, body: { throttle: null, changed: true } });
    expect((await guards.gateFor((work) => env.orm.em.fork().transactional(work), clearinghouseConfig, payerId)).limits).to.have.length(1);
    expect((await audit('throttle.remove')).map((e) => [e.subject_id, e.detail])).to.deep.equal([['PAYER01', { previous: { maxBatches: 5, perMs: 60000 } }]]);
  });

  it('pauses a queue (its jobs wait; shown paused on /health/ready, still ready) and resumes it (they run); refuses an unknown queue', async function () {
    this.timeout(40000);
    const { engine, base, admin, operator, specialist, call } = await start();
    expect(await call(operator, 'POST', '/api/queues/nosuch/pause', { reason: 'test' })).to.deep.equal({
      status: 404, body: { error: 'unknown queue "nosuch" (queues: claims, posting, reconciliation, collections, tasks); nothing changed' },
    });
    expect((await call(operator, 'POST', '/api/queues/claims/pause', { reason: '  ' })).status).to.equal(400);
    expect((await call(specialist, 'POST', '/api/queues/claims/pause', { reason: 'x' })).status).to.equal(403);
    expect(await audit('queue.%')).to.deep.equal([]);
    expect((await call(operator, 'GET', '/api/queues')).body.map((q: { state: string }) => q.state)).to.deep.equal(['running', 'running', 'running', 'running', 'running']);

    const paused = await call(operator, 'POST', '/api/queues/claims/pause', { reason: 'clearinghouse maintenance window' });
    expect(paused.status).to.equal(200);
    expect(paused.body).to.deep.include({ changed: true });
    expect(paused.body.queue).to.deep.include({ queue: 'claims', state: 'paused', pausedBy: operator.login, reason: 'clearinghouse maintenance window' });
    expect((await call(admin, 'POST', '/api/queues/claims/pause', { reason: 'again' })).body.changed).to.equal(false);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).to.equal(200);
    const report = await ready.json() as any;
    expect(report).to.deep.include({ status: 'ready', paused: ['claims'], down: [], lagging: [] });
    expect(report.queues[0]).to.deep.equal({ queue: 'claims', state: 'paused' });

    // A claims file arrives: its import job reaches Redis but no worker takes it.
    const fileId = await dropClaimFile(env, engine, 'paused.837', upstream837([recentClaim(1)]));
    const claimsQueue = engine.queues.get('claims');
    const waiting = async () => (await claimsQueue.getJobCounts('waiting')).waiting;
    await waitFor(async () => (await waiting()) === 1 || undefined, 10000, 'the import job in Redis');
    await new Promise((r) => setTimeout(r, 1000)); // a running worker would have taken it by now
    expect(await query(env, 'select status from edi_file where id = ?', [fileId])).to.deep.equal([{ status: 'received' }]);

    const resumed = await call(admin, 'POST', '/api/queues/claims/resume');
    expect(resumed.body).to.deep.include({ changed: true });
    expect(resumed.body.queue).to.deep.include({ state: 'running', pausedBy: null });
    expect(await settledFile(env, fileId)).to.equal('processed');
    // Scrubbing follows the import in jobs of its own: only a ready claim is submitted.
    await waitFor(async () => (await query(env, `select 1 from claim where status = 'ready'`)).length === 1 || undefined, 20000, 'the claim ready');
    // The submit job, through the worker: the gate takes its place in the clearinghouse window in Redis.
    await env.orm.em.fork().transactional((em) => requestSubmission(em));
    engine.relay.kick();
    // Sent: its sent_at is set. (Its status moves on from 'sent' as soon as the simulator's
    // acknowledgment is read, which can be within one poll.)
    await waitFor(async () => (await query(env, `select 1 from submission where sent_at is not null`)).length === 1 || undefined, 15000, 'the batch sent');
    // The job's last pass found nothing left to send and gave its place back: one send, one place.
    const window = `${env.config.queuePrefix}:rcm:throttle:clearinghouse:simulator`;
    await waitFor(async () => (await engine.queues.connection.zcard(window)) === 1 || undefined, 5000, 'one place in the window');
    expect((await audit('queue.%')).map((e) => [e.actor, e.action, e.subject_id, e.detail])).to.deep.equal([
      [operator.login, 'queue.pause', 'claims', { reason: 'clearinghouse maintenance window' }],
      [admin.login, 'queue.resume', 'claims', null],
    ]);
  });
});
