// Outbox lag: rows written with their change but not yet relayed to Redis, and the oldest one's age.
// A growing age means the relay is stuck (Redis down, the prefix not bound, a process gone).
import { Gauge } from 'prom-client';
import { OperationsMetricsRepository, readBriefly } from '../../db/repositories/operations-metrics.repository.js';
import { METRIC_PREFIX, type CollectorFactory } from '../collector.js';

export const outboxLag: CollectorFactory = (registry, { orm, clock, timeoutMs }) => {
  const waiting = new Gauge({ name: `${METRIC_PREFIX}outbox_waiting`, help: 'Outbox rows not yet relayed to Redis', registers: [registry] });
  const oldest = new Gauge({
    name: `${METRIC_PREFIX}outbox_oldest_waiting_seconds`, help: 'Age of the oldest outbox row not yet relayed (0 when none waits)', registers: [registry],
  });
  const setAside = new Gauge({
    name: `${METRIC_PREFIX}outbox_set_aside`, help: 'Outbox rows the relay set aside as undeliverable (rcm queues outbox)', registers: [registry],
  });
  return {
    name: 'outbox',
    async collect() {
      const lag = await readBriefly(orm, timeoutMs, (sql) => new OperationsMetricsRepository(sql).outboxLag(clock.now()));
      waiting.set(lag.waiting);
      oldest.set(lag.oldestWaitingSeconds);
      setAside.set(lag.setAside);
    },
  };
};
