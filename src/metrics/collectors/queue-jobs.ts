// Jobs per queue and state, as BullMQ counts them in Redis (one round trip per queue).
import { Gauge } from 'prom-client';
import { withTimeout } from '../../util/time.js';
import { METRIC_PREFIX, type CollectorFactory } from '../collector.js';

export const queueJobs: CollectorFactory = (registry, { queues, timeoutMs }) => {
  const jobs = new Gauge({
    name: `${METRIC_PREFIX}queue_jobs`, help: 'Jobs in each queue by state (BullMQ getJobCounts, read from Redis at scrape time)',
    labelNames: ['queue', 'state'], registers: [registry],
  });
  return {
    name: 'queue-jobs',
    async collect() {
      const counts = await withTimeout(Promise.all(queues.all().map(async (queue) => [queue.name, await queue.getJobCounts()] as const)), timeoutMs, 'queue job counts');
      jobs.reset();
      for (const [queue, byState] of counts) {
        for (const [state, n] of Object.entries(byState)) jobs.set({ queue, state }, n);
      }
    },
  };
};
