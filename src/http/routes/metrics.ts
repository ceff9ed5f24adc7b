// GET /metrics: the engine's Prometheus metrics (src/metrics/), for operators' and admins' tokens.
// A Prometheus server scrapes it with a bearer token (`authorization` in its scrape config), or
// scrapes the unauthenticated listener METRICS_BIND opens (src/http/metrics-listener.ts).
import type { FastifyInstance } from 'fastify';
import { EngineMetrics } from '../../metrics/engine-metrics.js';
import type { RouteDeps } from './index.js';

export async function metricsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const metrics = await EngineMetrics.create({ orm: deps.orm, queues: deps.queues, clock: deps.clock, clearinghouses: [deps.config.clearinghouse.name], timezone: deps.config.timezone, logger: deps.logger.child({ component: 'metrics' }) });
  app.get('/metrics', {
    config: { roles: ['operator', 'admin'] },
    schema: {
      summary: 'Prometheus metrics for the whole installation: jobs per queue and state, job durations, failures by error class, outbox lag, repairs, open and overdue tasks',
      tags: ['operations'],
      produces: ['text/plain'],
      response: { 200: { description: 'Prometheus text exposition format 0.0.4', type: 'string' } },
    },
  }, async (_request, reply) => {
    const text = await metrics.scrape();
    return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(text);
  });
}
