// Runs an engine as the process's whole life: start, then stop gracefully on the first
// SIGTERM/SIGINT (within SHUTDOWN_TIMEOUT_MS), and at once on the second. The entry points
// (src/main.ts, workers/index.ts) hand in the handler registry: nothing here imports workers/.
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { Engine } from './engine.js';
import { catalog, queueNames, type Catalog, type QueueName } from './queues/registry.js';
import type { HandlerRegistry } from './queues/handlers.js';
import { describeError, RcmError } from './errors.js';
import type { EngineOptions } from './engine.js';

export interface ProcessRoles<C extends Catalog = typeof catalog> {
  api: boolean;
  workerQueues: Array<Extract<keyof C, string>>;
  migrate: boolean;
  /** Which code runs each job: the engine's handlers (workers/registry.ts), or a test queue's. */
  registry: HandlerRegistry<C>;
  workerOverrides?: EngineOptions<C>['workerOverrides'];
}

export function parseQueueNames(names: string[]): QueueName[] {
  if (names.length === 0 || names.includes('all')) return [...queueNames];
  const unknown = names.filter((n) => !(queueNames as string[]).includes(n));
  if (unknown.length) {
    throw new Error(`unknown queue ${unknown.join(', ')}; queues are ${queueNames.join(', ')}`);
  }
  return [...new Set(names)] as QueueName[];
}

export async function runEngineProcess<C extends Catalog = typeof catalog>(roles: ProcessRoles<C>): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config, { role: roles.api ? (roles.workerQueues.length ? 'engine' : 'api') : 'workers' });
  let engine: Engine<C> | undefined;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: stopping now');
      process.exit(1);
    }
    logger.info({ signal }, 'stopping');
    const stopping = engine ? engine.stop() : Promise.resolve();
    stopping.then(
      () => process.exit(0),
      (error) => {
        logger.error({ ...describeError(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    engine = await Engine.start({ ...roles, config, logger });
    if (engine.port !== undefined) logger.info({ url: `http://${config.http.host}:${engine.port}` }, 'listening');
    // Another installation took the queue prefix over: the engine stops its work; the process ends failed.
    void engine.halted.then(async (reason) => {
      process.stderr.write(`${reason.message}\n`);
      await engine?.stop().catch(() => undefined);
      process.exit(1);
    });
  } catch (error) {
    logger.fatal({ ...describeError(error) }, 'engine failed to start');
    // Our own errors (a prefix bound to another installation) also go to stderr for the operator.
    if (error instanceof RcmError) process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
