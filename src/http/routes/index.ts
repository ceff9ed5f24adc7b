// The API's routes, one module per capability. Each receives the app and the shared
// dependencies, and declares each route's roles (`config.roles`, src/http/auth.ts); a route that writes and enqueues calls `deps.relay.kick()` after its commit so
// the job reaches Redis at once rather than at the next outbox poll.
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../config.js';
import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../logger.js';
import type { QueueSet } from '../../queues/queue-set.js';
import type { OutboxRelay } from '../../queues/outbox-relay.js';
import { claimsRoutes } from './claims.js';
import { metricsRoutes } from './metrics.js';
import { peopleRoutes } from './people.js';
import { remittanceRoutes } from './remittances.js';
import { taskViewRoutes } from './task-views.js';
import { taskOutcomeRoutes } from './task-outcomes.js';
import { taskPullRoutes } from './task-pull.js';
import { accountRoutes } from './accounts.js';
import { kpiRoutes } from './kpis.js';
import { statementRoutes } from './statements.js';
import { retryPolicyRoutes } from './retry-policies.js';
import { deadLetterRoutes } from './dead-letters.js';
import { operationsRoutes } from './operations.js';
import { depositRoutes } from './deposits.js';
import { reportRoutes } from './reports.js';

export interface RouteDeps {
  orm: MikroORM;
  config: AppConfig;
  queues: QueueSet;
  relay: OutboxRelay;
  logger: Logger;
  /** "Now" for leases, SLAs and audit times. */
  clock: Clock;
}

export type RouteModule = (app: FastifyInstance, deps: RouteDeps) => Promise<void> | void;

export const apiRoutes: RouteModule[] = [
  remittanceRoutes, claimsRoutes, peopleRoutes, taskPullRoutes, taskViewRoutes, taskOutcomeRoutes,
  accountRoutes,
  kpiRoutes,
  statementRoutes,
  retryPolicyRoutes,
  deadLetterRoutes,
  operationsRoutes,
  depositRoutes,
  reportRoutes,
  metricsRoutes,
];
