// Starts and stops one engine process: any mix of the HTTP API and the workers of named
// queues, plus the outbox relay. Shutdown is ordered as STYLE.md asks: HTTP first, then
// workers (running jobs may still write follow-ups), then the repair sweep, the relay's last pass,
// queues, the database, and Redis last. Workers, the relay's deliveries and the repair sweep start
// only once the queue prefix is bound to this database's installation (installation-guard.ts): at
// once when Redis answers at start, else as soon as it does; a prefix bound to another
// installation stops start-up.
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { AppConfig } from './config.js';
import type { Logger } from './logger.js';
import { ensureDatabase, migrate, openOrm, type Orm } from './db/orm.js';
import { createRedis, whenReady } from './queues/connection.js';
import { QueueSet } from './queues/queue-set.js';
import { OutboxRelay } from './queues/outbox-relay.js';
import { JobRecorder } from './queues/job-recorder.js';
import { startQueueWorker } from './queues/worker-host.js';
import type { HandlerRegistry } from './queues/handlers.js';
import type { Catalog } from './queues/registry.js';
import type { Clock } from './domain/clock.js';
import { buildApp } from './http/app.js';
import { describeError } from './errors.js';
import { InboxWatcher } from './files/inbox-watcher.js';
import { inboxes } from './files/inboxes.js';
import { RepairSweeper } from './services/repair/repair-sweeper.js';
import { runRepairSweep } from './services/repair/repair-sweep.service.js';
import { sqlRunner } from './db/sql.js';
import { thisInstallation } from './db/repositories/installation.repository.js';
import { databaseLabel, type InstallationConflictError } from './queues/installation-binding.js';
import { InstallationGuard } from './queues/installation-guard.js';
import { guardPrefix } from './queues/prefix-guards.js';
import { scheduleDailyReprioritize, scheduleRebalance } from './services/task-schedule.service.js';
import { scheduleQueueJobs } from './services/schedules/scheduled-jobs.service.js';
import { schedulesOf } from './domain/schedules.js';
import { systemClock } from './domain/clock.js';
import { EngineMetrics } from './metrics/engine-metrics.js';
import { listenForMetrics, type MetricsListener } from './http/metrics-listener.js';

export interface EngineOptions<C extends Catalog> {
  config: AppConfig;
  logger: Logger;
  registry: HandlerRegistry<C>;
  api: boolean;
  workerQueues: Array<Extract<keyof C, string>>;
  /** Create the database and apply pending migrations first (npm start does). */
  migrate?: boolean;
  /** "Now" for every job (JobContext.clock): the system clock unless a test hands in its own. */
  clock?: Clock;
  /** Test hooks: a short lock so a killed worker's job is taken over quickly. */
  workerOverrides?: { lockDurationMs?: number; stalledIntervalMs?: number; concurrency?: number };
}

export class Engine<C extends Catalog = Catalog> {
  private stopping: Promise<void> | undefined;
  /** GET /metrics without a token on METRICS_BIND (API processes only). */
  private metricsListener: MetricsListener | undefined;
  private halt: ((error: InstallationConflictError) => void) | undefined;
  /** Settles if another installation takes the queue prefix over while this engine runs; it then stops itself. */
  readonly halted = new Promise<InstallationConflictError>((resolve) => (this.halt = resolve));

  private constructor(
    readonly config: AppConfig,
    readonly logger: Logger,
    readonly orm: Orm,
    readonly queues: QueueSet<C>,
    readonly relay: OutboxRelay,
    readonly repair: RepairSweeper,
    readonly recorder: JobRecorder,
    readonly workers: Worker[],
    readonly app: FastifyInstance | undefined,
    readonly inbox: InboxWatcher | undefined,
    private readonly producerRedis: Redis,
    private readonly workerRedis: Redis,
    readonly installation: InstallationGuard,
    private readonly unguard: () => void,
  ) {}

  static async start<C extends Catalog>(options: EngineOptions<C>): Promise<Engine<C>> {
    const { config, logger, registry } = options;
    if (options.migrate) {
      if (await ensureDatabase(config.database.url)) logger.info('created the database');
    }
    const orm = await openOrm(config.database);
    if (options.migrate) {
      const applied = await migrate(orm);
      if (applied.length) logger.info({ migrations: applied }, 'applied migrations');
    }
    const producerRedis = createRedis(config.redis.url, 'producer');
    const workerRedis = createRedis(config.redis.url, 'worker');
    for (const [role, redis] of [['producer', producerRedis], ['worker', workerRedis]] as const) {
      redis.on('error', (error) => logger.warn({ redis: role, ...describeError(error) }, 'redis connection error'));
    }
    const self = { id: (await thisInstallation(sqlRunner(orm.em.fork()))).id, database: databaseLabel(config.database) };
    const guard = new InstallationGuard(producerRedis, config.queuePrefix, self, logger.child({ component: 'installation' }), config.installationCheckMs);
    // Producers fail fast rather than queue commands offline, so give Redis a moment first.
    let bound = false;
    if (await whenReady(producerRedis, 5000)) {
      bound = await guard.bindNow().catch(async (error) => {
        await orm.close();
        producerRedis.disconnect();
        workerRedis.disconnect();
        throw error;
      });
    }
    // Registered only now: a process refused above must not replace the check of one that owns the prefix.
    const unguard = guardPrefix(config.queuePrefix, () => guard.state !== 'lost');
    if (!bound) logger.warn('queue prefix not bound yet (Redis unreachable); workers and the relay start once it is, jobs wait in the outbox');
    const queues = new QueueSet(registry.catalog, producerRedis, config.queuePrefix, logger);
    const relay = new OutboxRelay(orm, queues as QueueSet, logger.child({ component: 'outbox' }), config.outboxPollMs, undefined, undefined,
      { hours: config.outboxRetentionHours });
    const recorder = new JobRecorder(orm);
    const workers: Worker[] = [];
    // The sweep's repairs are outbox rows the relay delivers (README "Repair sweep").
    const repairLog = logger.child({ component: 'repair' });
    const { intervalMs, graceMs } = config.repair;
    const repair = new RepairSweeper((trigger) => runRepairSweep(orm, queues as QueueSet, config.queuePrefix, {
      trigger, graceMs, ...(trigger === 'interval' ? { skipIfSweptWithinMs: intervalMs / 2 } : {}),
    }, repairLog), intervalMs, repairLog, () => relay.kick());
    const startWork = () => {
      workers.push(...options.workerQueues.map((queue) =>
        startQueueWorker({
          queue, registry, orm, recorder, config, connection: workerRedis, queues: queues as QueueSet, clock: options.clock,
          logger: logger.child({ component: 'worker' }),
          ...options.workerOverrides,
        }),
      ));
      relay.start();
      repair.start();
      // The daily priority recompute belongs to the processes that work tasks. Saved in
      // job_schedule first, so if Redis refuses now the repair sweep puts it in later.
      if ((options.workerQueues as string[]).includes('tasks') && 'tasks' in registry.catalog) {
        void scheduleDailyReprioritize(orm.em.fork(), (queues as QueueSet).get('tasks'), { at: config.tasks.reprioritizeAt, timezone: config.timezone })
          .catch((error) => logger.warn({ ...describeError(error) }, 'daily task-priority scheduler not created; the repair sweep will put it in'));
        void scheduleRebalance(orm.em.fork(), (queues as QueueSet).get('tasks'), config.tasks.rebalanceEveryMs)
          .catch((error) => logger.warn({ ...describeError(error) }, 'task rebalance scheduler not created; the repair sweep will put it in'));
      }
      // The scheduled jobs of config/schedules.ts belong to the processes that work their queue.
      for (const queueName of options.workerQueues as string[]) {
        if (!(queueName in registry.catalog) || schedulesOf(queueName).length === 0) continue;
        void scheduleQueueJobs(orm.em.fork(), (queues as QueueSet).get(queueName), queueName, config.timezone)
          .catch((error) => logger.warn({ queue: queueName, ...describeError(error) }, 'scheduled jobs not created; the repair sweep will put them in'));
      }
    };
    if (bound) startWork();
    // A Redis restarted empty has lost every job and the prefix's binding: bind again first (a
    // refused installation starting in that moment must not win the prefix), then sweep.
    producerRedis.on('ready', () => {
      void guard.recheck().then(() => {
        if (guard.state === 'bound') repair.kick('redis-back'); // no-op until the sweep has started
      });
    });
    let app: FastifyInstance | undefined;
    let inbox: InboxWatcher | undefined;
    if (options.api) {
      app = await buildApp({ orm, redis: producerRedis, queues: queues as QueueSet, logger, api: { config, relay }, clock: options.clock });
      await app.listen({ port: config.http.port, host: config.http.host });
      // The API process also watches the inbox folders (one watcher per install is enough).
      if (inboxes.length > 0) {
        inbox = new InboxWatcher(orm, config.inbox.root, inboxes, logger.child({ component: 'inbox' }), config.inbox.pollMs, () => relay.kick());
        await inbox.start();
      }
    }
    logger.info({ api: options.api, workers: options.workerQueues, prefix: config.queuePrefix, installation: self.id }, 'engine started');
    const engine = new Engine(config, logger, orm, queues, relay, repair, recorder, workers, app, inbox, producerRedis, workerRedis, guard, unguard);
    if (app && config.metrics.bind) {
      try {
        const metricsLog = logger.child({ component: 'metrics' });
        const metrics = await EngineMetrics.create({ orm, queues: queues as QueueSet, clock: options.clock ?? systemClock, clearinghouses: [config.clearinghouse.name], timezone: config.timezone, logger: metricsLog });
        engine.metricsListener = await listenForMetrics(metrics, config.metrics.bind, metricsLog);
      } catch (error) {
        // METRICS_BIND's port taken, say: stop what started rather than run half-configured.
        await engine.stop(0);
        throw error;
      }
    }
    guard.watch({
      onBound: () => {
        if (!engine.stopping) startWork();
      },
      onLost: (error) => {
        logger.fatal({ ...describeError(error) }, 'queue prefix taken over by another installation; stopping');
        engine.halt?.(error);
        // Workers stop taking jobs at once (the prefix's next job is the other installation's),
        // and the relay and the sweep stop before anything else: a normal stop would first wait
        // for HTTP and the inbox. A job still running adds no flow (prefix-guards.ts).
        for (const worker of engine.workers) void worker.close(true).catch(() => undefined);
        void engine.repair.stop();
        void engine.relay.stop();
        void engine.stop();
      },
    });
    return engine;
  }

  /** The port of the METRICS_BIND listener, if this process opened one. */
  get metricsPort(): number | undefined {
    return this.metricsListener?.port;
  }

  /** The port the API listens on (useful when PORT=0). */
  get port(): number | undefined {
    const address = this.app?.server.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  /** Graceful stop: running jobs get `timeoutMs` to finish, then workers are closed by force. */
  stop(timeoutMs = this.config.shutdownTimeoutMs): Promise<void> {
    this.stopping ??= this.shutdown(timeoutMs);
    return this.stopping;
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    const log = this.logger;
    log.info({ timeoutMs }, 'shutting down');
    await this.installation.stop();
    await this.app?.close();
    await this.metricsListener?.close();
    await this.inbox?.stop();
    const drained = Promise.all(this.workers.map((w) => w.close()));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      drained.then(() => false),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), timeoutMs); }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      log.warn('running jobs did not finish in time; closing workers by force (their jobs will be retried)');
      await Promise.all(this.workers.map((w) => w.close(true)));
    }
    await this.recorder.flush();
    await this.repair.stop();
    await this.relay.stop();
    // Only into a prefix bound to this installation: never unbound, never after a take-over.
    if (this.installation.state === 'bound') {
      await this.relay.relayOnce().catch((error) => log.warn({ ...describeError(error) }, 'last outbox pass failed; rows stay for the next start'));
    }
    await this.queues.close();
    // A process that lost its prefix keeps refusing flows under it: a job closed by force may still be running.
    if (this.installation.state !== 'lost') this.unguard();
    await this.orm.close();
    await Promise.all([this.producerRedis.quit().catch(() => undefined), this.workerRedis.quit().catch(() => undefined)]);
    log.info('stopped');
  }
}
