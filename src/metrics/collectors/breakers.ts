// The clearinghouse circuit breakers (README "Operations: throttles, circuit breaker"): each one's
// state as a 0/1 gauge per state, its failures in a row, and when an open one tries again. Read from
// Redis at scrape time, where every worker process keeps the breaker.
import { Gauge } from 'prom-client';
import { CircuitBreaker, type BreakerState } from '../../queues/circuit-breaker.js';
import { withTimeout } from '../../util/time.js';
import { METRIC_PREFIX, type CollectorFactory } from '../collector.js';

const STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

export const breakers: CollectorFactory = (registry, { queues, clearinghouses, timeoutMs }) => {
  const state = new Gauge({
    name: `${METRIC_PREFIX}breaker_state`, help: 'Circuit breaker of each clearinghouse: 1 for its current state, 0 for the others',
    labelNames: ['clearinghouse', 'state'], registers: [registry],
  });
  const failures = new Gauge({
    name: `${METRIC_PREFIX}breaker_failures`, help: 'Failed sends in a row counted by each clearinghouse breaker', labelNames: ['clearinghouse'], registers: [registry],
  });
  const retryAt = new Gauge({
    name: `${METRIC_PREFIX}breaker_retry_at_seconds`, help: 'When an open breaker lets a send try again (Unix seconds; 0 when not open)',
    labelNames: ['clearinghouse'], registers: [registry],
  });
  const breaker = new CircuitBreaker(queues.connection, queues.prefix);
  return {
    name: 'breakers',
    async collect() {
      const snapshots = await withTimeout(breaker.snapshots(clearinghouses ?? []), timeoutMs, 'breaker states');
      for (const s of snapshots) {
        for (const each of STATES) state.set({ clearinghouse: s.clearinghouse, state: each }, s.state === each ? 1 : 0);
        failures.set({ clearinghouse: s.clearinghouse }, s.failures);
        retryAt.set({ clearinghouse: s.clearinghouse }, s.state === 'open' && s.retryAt ? Date.parse(s.retryAt) / 1000 : 0);
      }
    },
  };
};
