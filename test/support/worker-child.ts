// A worker process for the crash and shutdown tests: runs the test queue through the same
// process wrapper as `npm run workers` (signals, graceful stop), and prints "STARTED <jobId>"
// when a slow job begins.
import { runEngineProcess } from '../../src/process.js';
import { testHandlers } from './test-catalog.js';

await runEngineProcess({
  api: false,
  workerQueues: ['testq'],
  migrate: false,
  registry: testHandlers((jobId) => process.stdout.write(`STARTED ${jobId}\n`)),
  workerOverrides: { lockDurationMs: 1000, stalledIntervalMs: 500 },
});
process.stdout.write('READY\n');
