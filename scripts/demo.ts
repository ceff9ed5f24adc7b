// `npm run demo`: seeds a small office with invented data and drives each capability through
// its real producers, with an engine running all workers in this process, then waits until
// every queue is quiet and prints what happened.
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { Engine } from '../src/engine.js';
import { engineHandlers } from '../workers/registry.js';
import { sleep } from '../src/util/time.js';
import { OutboxRepository } from '../src/db/repositories/outbox.repository.js';
import { seededRandom, type DemoContext, type DemoStep } from './demo/context.js';
import { seedOffice } from './demo/office.js';
import { demoClaims } from './demo/claims.js';
import { demoPosting } from './demo/posting.js';

// Each capability appends its step; they run in this order.
const steps: Array<[string, DemoStep]> = [['office', seedOffice], ['claims', demoClaims], ['posting', demoPosting]];

const config = loadConfig();
const logger = createLogger({ logLevel: process.env.LOG_LEVEL ? config.logLevel : 'warn' });
const engine = await Engine.start({ config, logger, registry: engineHandlers(), api: false, workerQueues: ['claims', 'posting', 'reconciliation', 'collections', 'tasks'], migrate: true });

async function settle(timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let busy = await new OutboxRepository(engine.orm.em.fork()).countUndelivered();
    for (const queue of engine.queues.all()) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      busy += Object.values(counts).reduce((a, b) => a + b, 0);
    }
    if (busy === 0) return;
    if (Date.now() > deadline) throw new Error(`queues still busy after ${timeoutMs} ms (${busy} jobs)`);
    await sleep(250);
  }
}

const ctx: DemoContext = {
  config, orm: engine.orm, engine, logger, random: seededRandom(Number(process.env.DEMO_SEED ?? 20261126)),
  say: (line) => process.stdout.write(`${line}\n`),
  settle,
};

let failed = false;
try {
  for (const [name, step] of steps) {
    ctx.say(`== ${name}`);
    await step(ctx);
    await settle();
  }
  ctx.say('demo complete: start the engine (npm start) and open http://127.0.0.1:3000/board');
} catch (error) {
  failed = true;
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
} finally {
  await engine.stop(10000);
}
process.exit(failed ? 1 : 0);
