// The demo's run, apart from where it runs (demo-config.ts): reset its database and queue prefix,
// start an engine with every queue's workers in this process, seed the office and drive each
// capability through its real producers, waiting after each step until every queue is quiet.
import type { AppConfig } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { Engine } from '../../src/engine.js';
import { dropDatabase } from '../../src/db/orm.js';
import { deleteQueueKeys } from '../../src/queues/maintenance.js';
import { OutboxRepository } from '../../src/db/repositories/outbox.repository.js';
import { sleep } from '../../src/util/time.js';
import { engineHandlers } from '../../workers/registry.js';
import { seededRandom, type DemoContext, type DemoStep } from './context.js';
import { databaseName } from './demo-config.js';
import { seedOffice } from './office.js';
import { demoClaims } from './claims.js';
import { demoPosting } from './posting.js';
import { demoTeam } from './team.js';
import { demoCollections } from './collections.js';
import { demoKpis } from './kpis.js';

/** A delayed job due sooner than this is work in flight for settle(): a retry after its backoff. */
const DELAYED_DUE_WITHIN_MS = 10_000;

// Each capability appends its step; they run in this order.
const steps: Array<[string, DemoStep]> = [['office', seedOffice], ['claims', demoClaims], ['posting', demoPosting], ['team', demoTeam],
  ['collections', demoCollections], ['kpis', demoKpis]];

/**
 * Empties the demo's database and queue prefix, so every run starts from nothing and prints the
 * same. Only ever called with the demo's settings (demoSettings refuses the office's).
 */
export async function resetDemo(config: AppConfig): Promise<void> {
  try {
    await dropDatabase(config.database.url);
  } catch (error) {
    if ((error as { code?: string }).code !== '55006') throw error;
    throw new Error(`cannot reset the demo database ${databaseName(config.database.url)}: another process is using it `
      + '(an engine started on it?); stop that process and run the demo again');
  }
  await deleteQueueKeys(config.redis.url, config.queuePrefix);
}

export interface DemoRun {
  config: AppConfig;
  logger: Logger;
  /** Prints one line of the demo's narration. */
  say: (line: string) => void;
  seed: number;
}

/** Runs every step against the demo's (already reset) database and prefix; the engine is stopped after. */
export async function runDemo(run: DemoRun): Promise<void> {
  const engine = await Engine.start({
    config: run.config, logger: run.logger, registry: engineHandlers(), api: false,
    workerQueues: ['claims', 'posting', 'reconciliation', 'collections', 'tasks'], migrate: true,
  });
  const settle = async (timeoutMs = 120000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let busy = await new OutboxRepository(engine.orm.em.fork()).countUndelivered();
      // Delayed jobs count only when they fall due within the next few seconds (a retry's backoff):
      // every task holds a delayed `tasks.sla` job at its due time, an appeal a `tasks.appeal-follow-up`
      // weeks away, and each job scheduler (rebalance, daily recompute) its next run; none of those
      // is work in flight, and waiting for them would never end.
      const dueBefore = Date.now() + DELAYED_DUE_WITHIN_MS;
      for (const queue of engine.queues.all()) {
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        busy += Object.values(counts).reduce((a, b) => a + b, 0) + await queue.getDelayedCount(dueBefore);
      }
      if (busy === 0) return;
      if (Date.now() > deadline) throw new Error(`queues still busy after ${timeoutMs} ms (${busy} jobs)`);
      await sleep(250);
    }
  };
  const ctx: DemoContext = { config: run.config, orm: engine.orm, engine, logger: run.logger, random: seededRandom(run.seed), say: run.say, settle, facts: {} };
  try {
    for (const [name, step] of steps) {
      ctx.say(`== ${name}`);
      await step(ctx);
      await settle();
    }
  } finally {
    await engine.stop(10000);
  }
}
