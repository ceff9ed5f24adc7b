// The posting worker process of `npm run bench:posting`: the engine with the posting handlers
// only, in a process of its own so the benchmark can read its peak memory (VmHWM).
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { Engine } from '../src/engine.js';
import { HandlerRegistry } from '../src/queues/handlers.js';
import { catalog } from '../src/queues/registry.js';
import { postingHandlers } from '../workers/posting.js';

const config = loadConfig();
const engine = await Engine.start({
  config, logger: createLogger(config), registry: new HandlerRegistry(catalog).register('posting', postingHandlers),
  api: false, workerQueues: ['posting'],
});
process.on('SIGTERM', () => void engine.stop(5000).then(() => process.exit(0)));
process.stdout.write('READY\n');
