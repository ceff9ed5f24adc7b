// `npm start` (API + every worker in one process) and `npm run api` (API alone).
import { parseQueueNames, runEngineProcess } from './process.js';

const [mode = 'all', ...queues] = process.argv.slice(2);
if (mode === 'api') {
  await runEngineProcess({ api: true, workerQueues: [], migrate: true });
} else if (mode === 'all') {
  await runEngineProcess({ api: true, workerQueues: parseQueueNames(queues), migrate: true });
} else {
  process.stderr.write(`usage: main [all|api]\n`);
  process.exit(2);
}
