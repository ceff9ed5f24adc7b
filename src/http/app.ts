// The Fastify app: health for load balancers and operators, the queue board for operators (with
// its sign-in page), the API routes and /openapi.json describing them all. Every route answers
// errors the same way (src/http/error-handler.ts) and declares who may call it
// (src/http/auth.ts): only /health (and /health/live, /health/ready), /openapi.json and the
// board's sign-in pages are open.
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { QueueSet } from '../queues/queue-set.js';
import { installAuth } from './auth.js';
import { healthRoutes } from './health-routes.js';
import { BOARD_PATH, mountQueueBoard } from './board.js';
import { boardSessionSignIn, boardSignInPage, boardSignInRoutes } from './board-sign-in.js';
import { serveOpenApi } from './openapi-route.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { installErrorHandling, requestForLog } from './error-handler.js';
import { recordRoutes } from './route-table.js';
import { apiRoutes, type RouteDeps } from './routes/index.js';

/** Fastify's own default, for the health-only app that has no configuration. */
const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/** config/defaults.ts BOARD_SESSION_HOURS, for the health-only app. */
const DEFAULT_BOARD_SESSION_HOURS = 8;

export interface AppDeps {
  orm: MikroORM;
  redis: Redis;
  queues: QueueSet;
  logger: Logger;
  /** Present in a running engine; the health-only app in tests has no API routes. */
  api?: Pick<RouteDeps, 'config' | 'relay'>;
  /** "Now" for token expiry and task leases; the system clock unless a test hands in its own. */
  clock?: Clock;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const bodyLimitBytes = deps.api?.config.http.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }, { serializers: { req: requestForLog } }) as FastifyBaseLogger,
    // Health probes and board polling would drown the log; other requests are logged.
    logController: new LogController({
      disableRequestLogging: (request) => request.url.startsWith('/health') || request.url.startsWith('/board'),
    }),
    bodyLimit: bodyLimitBytes,
    genReqId: () => randomUUID(),
    // A field a body schema does not allow (`additionalProperties: false`) is refused with its
    // name rather than dropped without a word: a misspelt field must not look accepted.
    ajv: { customOptions: { removeAdditional: false } },
  });
  installErrorHandling(app, { bodyLimitBytes });
  const clock = deps.clock ?? systemClock;
  installAuth(app, {
    orm: deps.orm, clock, pluginRoles: boardRoles,
    otherSignIn: boardSessionSignIn({ orm: deps.orm, clock }), signInPage: boardSignInPage,
  });
  // After installAuth, whose onRoute hook gives the board's routes their roles first.
  recordRoutes(app);

  healthRoutes(app, {
    redis: deps.redis, orm: deps.orm, queues: deps.queues,
    clearinghouse: deps.api?.config.clearinghouse.name, outboxLagSeconds: deps.api?.config.readyOutboxLagSeconds,
  });
  serveOpenApi(app);

  await mountQueueBoard(app, deps.queues, { orm: deps.orm, clock });
  await boardSignInRoutes(app, { orm: deps.orm, clock, bodyLimitBytes, sessionHours: deps.api?.config.http.boardSessionHours ?? DEFAULT_BOARD_SESSION_HOURS });
  if (deps.api) {
    const routeDeps: RouteDeps = { orm: deps.orm, queues: deps.queues, logger: deps.logger, clock, ...deps.api };
    for (const register of apiRoutes) await register(app, routeDeps);
  }
  return app;
}

/** bull-board adds its own routes: operators may read the board, admins also act on jobs. */
function boardRoles(method: string, url: string) {
  if (!url.startsWith(BOARD_PATH)) return undefined;
  return method === 'GET' || method === 'HEAD' ? (['operator', 'admin'] as const) : (['admin'] as const);
}
