// `npm run workers -- posting claims`: a worker process for the named queues (all when none
// are named). Run as many as you like against the same Redis and Postgres. An entry point: it
// hands the handler registry in.
import { parseQueueNames, runEngineProcess } from '../src/process.js';
import { engineHandlers } from './registry.js';

let queues;
try {
  queues = parseQueueNames(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
await runEngineProcess({ api: false, workerQueues: queues, migrate: false, registry: engineHandlers() });
