// `npm start` (API + every worker in one process) and `npm run api` (API alone). An entry point:
// it hands the engine's handler registry (workers/registry.ts) to the process runner.
import { parseQueueNames, runEngineProcess } from './process.js';
import { engineHandlers } from '../workers/registry.js';

const [mode = 'all', ...queues] = process.argv.slice(2);
if (mode === 'api') {
  await runEngineProcess({ api: true, workerQueues: [], migrate: true, registry: engineHandlers() });
} else if (mode === 'all') {
  await runEngineProcess({ api: true, workerQueues: parseQueueNames(queues), migrate: true, registry: engineHandlers() });
} else {
  process.stderr.write(`usage: main [all|api]\n`);
  process.exit(2);
}
