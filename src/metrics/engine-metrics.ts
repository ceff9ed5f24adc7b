// The engine's Prometheus metrics: a prom-client registry and the collectors that fill it at each
// scrape (src/metrics/collectors/). Scrapes run one at a time; each collector gets `timeoutMs`, and
// one that fails or is slow does not spoil the others: rcm_metrics_collector_up{collector} says 0
// and its metrics keep the values of its last good scrape. A collector still running from an
// earlier, timed-out scrape is not started twice.
import { Gauge, Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { describeError } from '../errors.js';
import { withTimeout } from '../util/time.js';
import { METRIC_PREFIX, type CollectorFactory, type MetricsCollector, type MetricsSources } from './collector.js';
import { collectors as engineCollectors } from './collectors/index.js';

/** Time each collector has per scrape (Prometheus's own scrape timeout is 10 s by default). */
export const COLLECTOR_TIMEOUT_MS = 2000;

export class EngineMetrics {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly running = new Map<string, Promise<void>>();

  private constructor(
    readonly registry: Registry,
    private readonly collectors: MetricsCollector[],
    private readonly up: Gauge,
    private readonly seconds: Gauge,
    private readonly logger: Logger | undefined,
    private readonly timeoutMs: number,
  ) {}

  static async create(sources: Omit<MetricsSources, 'timeoutMs'> & { timeoutMs?: number; logger?: Logger }, factories: readonly CollectorFactory[] = engineCollectors): Promise<EngineMetrics> {
    const registry = new Registry();
    const timeoutMs = sources.timeoutMs ?? COLLECTOR_TIMEOUT_MS;
    const up = new Gauge({
      name: `${METRIC_PREFIX}metrics_collector_up`, help: 'Whether the collector read its source at the last scrape (0: its metrics are from an earlier scrape)',
      labelNames: ['collector'], registers: [registry],
    });
    const seconds = new Gauge({
      name: `${METRIC_PREFIX}metrics_collector_seconds`, help: 'How long the collector took at the last scrape', labelNames: ['collector'], registers: [registry],
    });
    const collectors: MetricsCollector[] = [];
    for (const factory of factories) collectors.push(await factory(registry, { ...sources, timeoutMs }));
    return new EngineMetrics(registry, collectors, up, seconds, sources.logger, timeoutMs);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Runs every collector, then renders the registry in Prometheus's text format. */
  scrape(): Promise<string> {
    const next = this.queue.then(() => this.collectAll()).then(() => this.registry.metrics());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async collectAll(): Promise<void> {
    await Promise.all(this.collectors.map(async (collector) => {
      const started = performance.now();
      let ok = false;
      if (!this.running.has(collector.name)) {
        const run = collector.collect().finally(() => this.running.delete(collector.name));
        this.running.set(collector.name, run);
        try {
          await withTimeout(run, this.timeoutMs, `metrics collector ${collector.name}`);
          ok = true;
        } catch (error) {
          this.logger?.warn({ collector: collector.name, ...describeError(error) }, 'metrics collector failed; its metrics keep their last values');
        }
      }
      this.up.set({ collector: collector.name }, ok ? 1 : 0);
      this.seconds.set({ collector: collector.name }, (performance.now() - started) / 1000);
    }));
  }
}
