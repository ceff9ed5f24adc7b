// A posting worker process for the crash test: the engine with the real posting handlers only
// (so this test does not depend on other queues' code), and a short lock so a killed worker's
// jobs are taken over quickly. Killed with SIGKILL, it never shuts down gracefully.
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { Engine } from '../../../src/engine.js';
import { postingRegistry } from './posting-registry.js';

const config = loadConfig();
await Engine.start({
  config, logger: createLogger(config), registry: postingRegistry(), api: false, workerQueues: ['posting'],
  workerOverrides: { lockDurationMs: 1000, stalledIntervalMs: 500 },
});
process.stdout.write('READY\n');
