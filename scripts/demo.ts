// `npm run demo`: a small invented office driven through the engine, apart from the real office:
// in its own database (`<office database>_demo`) and queue prefix (`<office prefix>-demo`), both
// reset at every start, so it can run any number of times and prints the same each time.
// DEMO_DATABASE_URL, DEMO_QUEUE_PREFIX and DEMO_SEED override; see README "Demo".
import { createLogger } from '../src/logger.js';
import { databaseName, demoSettings, printableUrl } from './demo/demo-config.js';
import { resetDemo, runDemo } from './demo/run-demo.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

let failed = false;
try {
  const { config, office } = demoSettings();
  // Engine logs go to stderr: standard output is the demo's report.
  const logger = createLogger({ logLevel: process.env.LOG_LEVEL ? config.logLevel : 'warn' }, {}, { toStderr: true });
  say(`demo database ${databaseName(config.database.url)}, queue prefix ${config.queuePrefix} `
    + `(the office's database ${databaseName(office.databaseUrl)} and queue prefix ${office.queuePrefix} are not touched)`);
  say('reset: the demo database and queue prefix start empty (an earlier demo run is dropped)');
  await resetDemo(config);
  await runDemo({ config, logger, say, seed: Number(process.env.DEMO_SEED ?? 20261126) });
  say('demo complete: to look around, start an engine on the demo database and prefix, then open http://127.0.0.1:3000/board');
  say(`  DATABASE_URL=${printableUrl(config.database.url)} QUEUE_PREFIX=${config.queuePrefix} npm start`);
} catch (error) {
  failed = true;
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
}
process.exit(failed ? 1 : 0);
