// Job durations and failures, from job_record (every worker process writes it). Each scrape
// observes the attempts recorded since the previous one, read by primary key, into per-queue
// histograms and a failures counter: Prometheus counters that start when this process does (as
// counters do), never a scan of the whole history. At most ROWS_PER_SCRAPE per scrape: after a
// burst the histograms catch up over the next scrapes.
import { Counter, Histogram } from 'prom-client';
import { OperationsMetricsRepository, readBriefly } from '../../db/repositories/operations-metrics.repository.js';
import { METRIC_PREFIX, type CollectorFactory } from '../collector.js';

export const ROWS_PER_SCRAPE = 50_000;
/** Seconds: from a few milliseconds (a task job) to minutes (an 835 of thousands of claims). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export const jobAttempts: CollectorFactory = async (registry, { orm, timeoutMs }) => {
  const run = new Histogram({
    name: `${METRIC_PREFIX}job_run_seconds`, help: 'How long job attempts ran, per queue (job_record, attempts recorded since this process started)',
    labelNames: ['queue'], buckets: DURATION_BUCKETS, registers: [registry],
  });
  const wait = new Histogram({
    name: `${METRIC_PREFIX}job_wait_seconds`, help: 'How long jobs waited from being queued to the attempt starting, per queue (job_record)',
    labelNames: ['queue'], buckets: DURATION_BUCKETS, registers: [registry],
  });
  const failures = new Counter({
    name: `${METRIC_PREFIX}job_failures_total`,
    help: 'Failed job attempts by queue and error class; outcome "retrying" will be tried again, "failed" will not (job_record)',
    labelNames: ['queue', 'error_class', 'outcome'], registers: [registry],
  });
  let after = await readBriefly(orm, timeoutMs, (sql) => new OperationsMetricsRepository(sql).lastAttemptId());
  return {
    name: 'job-attempts',
    async collect() {
      const attempts = await readBriefly(orm, timeoutMs, (sql) => new OperationsMetricsRepository(sql).attemptsAfter(after, ROWS_PER_SCRAPE));
      for (const attempt of attempts) {
        run.observe({ queue: attempt.queue }, attempt.runMs / 1000);
        wait.observe({ queue: attempt.queue }, attempt.waitMs / 1000);
        if (attempt.outcome !== 'completed') failures.inc({ queue: attempt.queue, error_class: attempt.errorClass ?? 'unknown', outcome: attempt.outcome });
        after = attempt.id;
      }
    },
  };
};
