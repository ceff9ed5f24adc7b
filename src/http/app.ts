// The Fastify app: health for load balancers and operators, the queue board for operators, the
// API routes. Every route answers errors the same way (src/http/error-handler.ts). Auth arrives
// with the security issue; until then the server binds to 127.0.0.1 by default.
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { QueueSet } from '../queues/queue-set.js';
import { checkHealth } from '../services/health.service.js';
import { mountQueueBoard } from './board.js';
import { installErrorHandling, requestForLog } from './error-handler.js';
import { recordRoutes } from './route-table.js';
import { apiRoutes, type RouteDeps } from './routes/index.js';

/** Fastify's own default, for the health-only app that has no configuration. */
const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppDeps {
  orm: MikroORM;
  redis: Redis;
  queues: QueueSet;
  logger: Logger;
  /** Present in a running engine; the health-only app in tests has no API routes. */
  api?: Pick<RouteDeps, 'config' | 'relay'>;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const bodyLimitBytes = deps.api?.config.http.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }, { serializers: { req: requestForLog } }) as FastifyBaseLogger,
    // Health probes and board polling would drown the log; other requests are logged.
    logController: new LogController({
      disableRequestLogging: (request) => request.url === '/health' || request.url.startsWith('/board'),
    }),
    bodyLimit: bodyLimitBytes,
    genReqId: () => randomUUID(),
  });
  recordRoutes(app);
  installErrorHandling(app, { bodyLimitBytes });

  app.get('/health', async (_request, reply) => {
    const report = await checkHealth(deps);
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  await mountQueueBoard(app, deps.queues);
  if (deps.api) {
    const routeDeps: RouteDeps = { orm: deps.orm, queues: deps.queues, logger: deps.logger, ...deps.api };
    for (const register of apiRoutes) await register(app, routeDeps);
  }
  return app;
}
