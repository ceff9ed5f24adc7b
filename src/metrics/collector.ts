// A metrics collector: one small module per thing measured (src/metrics/collectors/), each
// registering its prom-client metrics on the engine's registry and, at every scrape, reading the
// shared state (Redis, Postgres) to set them. Reading at scrape time rather than counting in this
// process is what makes the figures cluster-wide: the workers run in other processes.
import type { Registry } from 'prom-client';
import type { Orm } from '../db/orm.js';
import type { Clock } from '../domain/clock.js';
import type { QueueSet } from '../queues/queue-set.js';

export interface MetricsSources {
  orm: Orm;
  queues: QueueSet;
  clock: Clock;
  /** Time one collector has per scrape; Postgres statements are cancelled after it too. */
  timeoutMs: number;
  /** The clearinghouses whose circuit breakers are shown even before their first send. */
  clearinghouses?: readonly string[];
  /** The office's time zone (its days place the KPI gauges' period); UTC when not given. */
  timezone?: string;
}

export interface MetricsCollector {
  /** Names the collector in rcm_metrics_collector_up{collector}. */
  readonly name: string;
  /** Reads the shared state and sets this collector's metrics; throws when it cannot. */
  collect(): Promise<void>;
}

/** Builds a collector: registers its metrics on `registry` (and may read a starting point). */
export type CollectorFactory = (registry: Registry, sources: MetricsSources) => MetricsCollector | Promise<MetricsCollector>;

/** Every metric's name starts with this. */
export const METRIC_PREFIX = 'rcm_';
