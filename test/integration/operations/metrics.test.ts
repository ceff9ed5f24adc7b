// GET /metrics: Prometheus text that parses, read at scrape time from the state every process
// shares (Redis job counts, job_record, outbox, repair_event, task), behind an operator's or admin's
// token, and without a token only on METRICS_BIND's own address. What the test arranges shows:
// a failed attempt in the failures counter with its error class, attempts in the duration
// histograms, an overdue task, the outbox's oldest waiting row, delayed jobs, a repair.
import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { useTestEnv } from '../../support/test-env.js';
import { signedInPerson } from '../../support/sign-in.js';
import { parseExposition } from '../../support/prometheus-text.js';
import { loadConfig } from '../../../src/config.js';
import { Engine } from '../../../src/engine.js';
import { engineHandlers } from '../../../workers/registry.js';
import { sqlRunner } from '../../../src/db/sql.js';
import { createRedis } from '../../../src/queues/connection.js';
import { JobRecordsRepository, type JobAttempt } from '../../../src/db/repositories/job-records.repository.js';
import { EngineMetrics } from '../../../src/metrics/engine-metrics.js';
import { fixedClock, systemClock } from '../../../src/domain/clock.js';
import { QueueSet } from '../../../src/queues/queue-set.js';
import type { CollectorFactory } from '../../../src/metrics/collector.js';

describe('GET /metrics', () => {
  const env = useTestEnv();

  it('reports jobs, durations, failures by error class, outbox lag, repairs and overdue tasks, for operator tokens and on METRICS_BIND', async function () {
    this.timeout(60000);
    const config = loadConfig({
      ...process.env, ...env.childEnv, PORT: '0', METRICS_BIND: '127.0.0.1:0', INBOX_ROOT: await mkdtemp(join(tmpdir(), 'rcm-metrics-')),
    });
    const engine = await Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: true, workerQueues: [] });
    env.defer(() => engine.stop(5000));
    const base = `http://127.0.0.1:${engine.port}`;
    const run = sqlRunner(env.orm.em.fork());

    // Attempts recorded by workers elsewhere, after this process started.
    const now = Date.now();
    const attempt = (jobId: string, n: number, outcome: JobAttempt['outcome'], errorClass: string | null, runMs: number): JobAttempt => ({
      queue: 'claims', jobId, name: 'submit', attempt: n, outcome, errorClass, errorMessage: errorClass ? 'Patient Testwood planted' : null,
      queuedAt: now - runMs - 40, startedAt: now - runMs, finishedAt: now,
    });
    await new JobRecordsRepository(env.orm.em.fork()).addMany([
      attempt('c1', 1, 'completed', null, 120), attempt('c2', 1, 'retrying', 'TransientError', 30),
      attempt('c2', 2, 'failed', 'TransientError', 30), attempt('c3', 1, 'failed', 'BadInputError', 5),
    ]);
    // An overdue patient call, an assigned one not yet due, a closed one (not counted).
    await run(`insert into task (type, status, subject_type, subject_id, reason_key, reason_codes, required_skills, due_at, created_at, updated_at) values
      ('patient-call', 'open', 'account', 1, 'a', '[]', '[]', now() - interval '1 hour', now(), now()),
      ('patient-call', 'open', 'account', 2, 'b', '[]', '[]', now() + interval '1 hour', now(), now()),
      ('patient-call', 'done', 'account', 3, 'c', '[]', '[]', now() - interval '1 hour', now(), now())`);
    // An outbox row the relay has not delivered (set aside so the running relay leaves it), and one waiting since 90 s ago.
    await run(`insert into outbox (queue, job_name, payload, created_at, set_aside_at, set_aside_reason) values ('claims', 'nosuch', '{}', now(), now(), 'test')`);
    // Two delayed jobs in the posting queue, straight into Redis.
    const connection = createRedis(config.redis.url, 'worker');
    env.defer(() => connection.quit());
    const posting = new Queue('posting', { connection, prefix: config.queuePrefix });
    env.defer(() => posting.close());
    await posting.add('era', { fileId: 1 }, { delay: 3_600_000 });
    await posting.add('era', { fileId: 2 }, { delay: 3_600_000 });
    // A repair the sweep made.
    const [sweep] = await run<{ id: string }>(`insert into repair_sweep (trigger, started_at, finished_at, repaired) values ('test', now(), now(), 1) returning id`);
    await run(`insert into repair_event (sweep_id, kind, subject, job_id, at) values (?, 'outbox', 'outbox 1', 'ob-1', now())`, [sweep.id]);

    const operator = await signedInPerson(env.orm, 'operator');
    const answer = await fetch(`${base}/metrics`, { headers: operator.headers });
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('content-type')).to.equal('text/plain; version=0.0.4; charset=utf-8');
    const text = await answer.text();
    expect(text).to.not.include('Testwood');
    const { samples, types } = parseExposition(text);

    expect(types.get('rcm_job_failures_total')).to.equal('counter');
    expect(types.get('rcm_job_run_seconds')).to.equal('histogram');
    expect(samples.get('rcm_job_failures_total{error_class="TransientError",outcome="retrying",queue="claims"}')).to.equal(1);
    expect(samples.get('rcm_job_failures_total{error_class="TransientError",outcome="failed",queue="claims"}')).to.equal(1);
    expect(samples.get('rcm_job_failures_total{error_class="BadInputError",outcome="failed",queue="claims"}')).to.equal(1);
    expect(samples.get('rcm_job_run_seconds_count{queue="claims"}')).to.equal(4);
    expect(samples.get('rcm_job_run_seconds_bucket{le="0.1",queue="claims"}')).to.equal(3);
    expect(samples.get('rcm_job_run_seconds_bucket{le="0.25",queue="claims"}')).to.equal(4);
    expect(samples.get('rcm_job_run_seconds_sum{queue="claims"}')).to.be.closeTo(0.185, 0.0001);
    expect(samples.get('rcm_job_wait_seconds_count{queue="claims"}')).to.equal(4);

    expect(samples.get('rcm_tasks_overdue{type="patient-call"}')).to.equal(1);
    expect(samples.get('rcm_tasks_open{status="open",type="patient-call"}')).to.equal(2);
    expect(samples.get('rcm_tasks_overdue{type="dead-letter"}')).to.equal(0);
    expect(samples.get('rcm_outbox_set_aside')).to.equal(1);
    expect(samples.get('rcm_outbox_waiting')).to.be.a('number');
    expect(samples.get('rcm_queue_jobs{queue="posting",state="delayed"}')).to.equal(2);
    expect(samples.get('rcm_queue_jobs{queue="claims",state="failed"}')).to.equal(0);
    expect(samples.get('rcm_repairs_made{kind="outbox"}')).to.equal(1);
    expect(samples.get('rcm_repairs_made{kind="file"}')).to.equal(0);
    expect(samples.get('rcm_repair_sweeps')).to.be.at.least(1);
    for (const collector of ['queue-jobs', 'job-attempts', 'outbox', 'repairs', 'tasks']) {
      expect(samples.get(`rcm_metrics_collector_up{collector="${collector}"}`), collector).to.equal(1);
    }

    // The next scrape counts only what was recorded since: counters do not double.
    await new JobRecordsRepository(env.orm.em.fork()).addMany([attempt('c4', 1, 'failed', 'BadInputError', 5)]);
    const again = parseExposition(await (await fetch(`${base}/metrics`, { headers: operator.headers })).text()).samples;
    expect(again.get('rcm_job_failures_total{error_class="BadInputError",outcome="failed",queue="claims"}')).to.equal(2);
    expect(again.get('rcm_job_failures_total{error_class="TransientError",outcome="failed",queue="claims"}')).to.equal(1);
    expect(again.get('rcm_job_run_seconds_count{queue="claims"}')).to.equal(5);

    // Tokens: none 401, a specialist 403, an admin 200.
    expect((await fetch(`${base}/metrics`)).status).to.equal(401);
    const specialist = await signedInPerson(env.orm, 'specialist');
    expect((await fetch(`${base}/metrics`, { headers: specialist.headers })).status).to.equal(403);
    const admin = await signedInPerson(env.orm, 'admin');
    expect((await fetch(`${base}/metrics`, { headers: admin.headers })).status).to.equal(200);

    // METRICS_BIND: the same metrics, no token, nothing else there.
    const bound = `http://127.0.0.1:${engine.metricsPort}`;
    const open = await fetch(`${bound}/metrics`);
    expect(open.status).to.equal(200);
    const openSamples = parseExposition(await open.text()).samples;
    expect(openSamples.get('rcm_tasks_overdue{type="patient-call"}')).to.equal(1);
    expect(openSamples.get('rcm_queue_jobs{queue="posting",state="delayed"}')).to.equal(2);
    expect((await fetch(`${bound}/board/api/queues`)).status).to.equal(404);
  });

  it('reports outbox lag: rows waiting and the oldest one\'s age', async () => {
    const { outboxLag } = await import('../../../src/metrics/collectors/outbox.js');
    const clock = fixedClock('2026-12-04T12:00:00Z');
    const run = sqlRunner(env.orm.em.fork());
    // No relay runs here: the rows wait.
    await run(`insert into outbox (queue, job_name, payload, created_at) values ('claims', 'submit', '{"claimId":1}', ?), ('claims', 'submit', '{"claimId":2}', ?)`,
      [new Date('2026-12-04T11:58:30Z'), new Date('2026-12-04T11:59:50Z')]);
    const connection = createRedis(env.config.redis.url, 'producer');
    env.defer(() => connection.quit());
    const metrics = await EngineMetrics.create({ orm: env.orm, queues: new QueueSet({}, connection, env.config.queuePrefix, env.logger), clock }, [outboxLag]);
    const { samples } = parseExposition(await metrics.scrape());
    expect(samples.get('rcm_outbox_waiting')).to.equal(2);
    expect(samples.get('rcm_outbox_oldest_waiting_seconds')).to.equal(90);
    expect(samples.get('rcm_outbox_set_aside')).to.equal(0);
  });

  it('reports each clearinghouse breaker: its state, failures in a row and when an open one tries again', async () => {
    const { breakers } = await import('../../../src/metrics/collectors/breakers.js');
    const { CircuitBreaker } = await import('../../../src/queues/circuit-breaker.js');
    const connection = createRedis(env.config.redis.url, 'producer');
    env.defer(() => connection.quit());
    const queues = new QueueSet({}, connection, env.config.queuePrefix, env.logger);
    if (connection.status !== 'ready') await new Promise((resolve) => connection.once('ready', resolve));
    const settings = { failureThreshold: 2, coolDownMs: 60_000, probeLeaseMs: 30_000 };
    await new CircuitBreaker(connection, env.config.queuePrefix).recordFailure('flaky-house', settings);
    await new CircuitBreaker(connection, env.config.queuePrefix).recordFailure('flaky-house', settings);
    const metrics = await EngineMetrics.create({ orm: env.orm, queues, clock: systemClock, clearinghouses: ['quiet-house'] }, [breakers]);
    const { samples } = parseExposition(await metrics.scrape());
    expect(samples.get('rcm_breaker_state{clearinghouse="flaky-house",state="open"}')).to.equal(1);
    expect(samples.get('rcm_breaker_state{clearinghouse="flaky-house",state="closed"}')).to.equal(0);
    expect(samples.get('rcm_breaker_failures{clearinghouse="flaky-house"}')).to.equal(2);
    expect(samples.get('rcm_breaker_retry_at_seconds{clearinghouse="flaky-house"}')).to.be.greaterThan(Date.now() / 1000);
    // A configured clearinghouse with no sends yet shows as closed.
    expect(samples.get('rcm_breaker_state{clearinghouse="quiet-house",state="closed"}')).to.equal(1);
    expect(samples.get('rcm_breaker_retry_at_seconds{clearinghouse="quiet-house"}')).to.equal(0);
  });

  it('shows the office KPIs of the last 30 complete days from the snapshots, each rate with its numerator and denominator', async () => {
    const { officeKpiGauges } = await import('../../../src/metrics/collectors/kpis.js');
    const { seedKpiOffice } = await import('../kpis/kpi-office.js');
    const { snapshotKpis } = await import('../../../src/services/kpis/kpi-snapshot.service.js');
    const { defaultOfficeCalendar } = await import('../../../config/office-calendar.js');
    await seedKpiOffice(env.orm);
    const calendar = { ...defaultOfficeCalendar, timezone: 'UTC' };
    const clock = fixedClock('2026-11-06T12:00:00Z');
    for (const day of ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']) {
      await env.orm.em.fork().transactional((tx) => snapshotKpis(sqlRunner(tx), day, { calendar, now: clock.now() }));
    }
    const connection = createRedis(env.config.redis.url, 'producer');
    env.defer(() => connection.quit());
    const queues = new QueueSet({}, connection, env.config.queuePrefix, env.logger);
    const metrics = await EngineMetrics.create({ orm: env.orm, queues, clock, timezone: 'UTC' }, [officeKpiGauges]);
    const { samples } = parseExposition(await metrics.scrape());
    expect(samples.get('rcm_metrics_collector_up{collector="kpis"}')).to.equal(1);
    // The same figures as the office's KPIs counted live from the rows, for the same 30 days.
    const { officeKpis } = await import('../../../src/services/kpis/kpi-report.service.js');
    const live = await officeKpis(env.orm.em.fork(), { from: '2026-10-07', to: '2026-11-05' }, { timezone: 'UTC', clock, source: 'live' });
    for (const [kpi, figure] of [['clean_claim_rate', live.claims.cleanClaimRate], ['denial_rate_by_claims', live.claims.denialRate.byClaims],
      ['net_collection_rate', live.claims.netCollectionRate]] as const) {
      expect(samples.get(`rcm_kpi_numerator{kpi="${kpi}"}`), kpi).to.equal(figure.numerator);
      expect(samples.get(`rcm_kpi_denominator{kpi="${kpi}"}`), kpi).to.equal(figure.denominator);
      expect(samples.get(`rcm_kpi_rate{kpi="${kpi}"}`), kpi).to.equal(figure.value ?? undefined);
    }
    expect(live.claims.cleanClaimRate.denominator).to.be.greaterThan(0);
    // 2026-10-07..2026-11-05: 25 of the 30 days have no snapshot.
    expect(samples.get('rcm_kpi_days_without_snapshot')).to.equal(25);
  });

  it('reports a collector that fails as down, and the others still', async () => {
    const broken: CollectorFactory = () => ({ name: 'broken', collect: () => Promise.reject(new Error('unreachable')) });
    const slow: CollectorFactory = () => ({ name: 'slow', collect: () => new Promise((resolve) => setTimeout(resolve, 1000)) });
    const { tasks } = await import('../../../src/metrics/collectors/tasks.js');
    const connection = createRedis(env.config.redis.url, 'producer');
    env.defer(() => connection.quit());
    const queues = new QueueSet({}, connection, env.config.queuePrefix, env.logger);
    const metrics = await EngineMetrics.create({ orm: env.orm, queues, clock: systemClock, timeoutMs: 200 }, [broken, slow, tasks]);
    const { samples } = parseExposition(await metrics.scrape());
    expect(samples.get('rcm_metrics_collector_up{collector="broken"}')).to.equal(0);
    expect(samples.get('rcm_metrics_collector_up{collector="slow"}')).to.equal(0);
    expect(samples.get('rcm_metrics_collector_up{collector="tasks"}')).to.equal(1);
    expect(samples.get('rcm_tasks_overdue{type="patient-call"}')).to.equal(0);
  });
});
