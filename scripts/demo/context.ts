// What each demo step receives: the office's database, config, and a running engine (all
// workers in this process) so that the jobs a step causes are really processed.
import { DateTime } from 'luxon';
import type { AppConfig } from '../../src/config.js';
import type { Engine } from '../../src/engine.js';
import type { Logger } from '../../src/logger.js';
import type { Orm } from '../../src/db/orm.js';

export interface DemoContext {
  config: AppConfig;
  orm: Orm;
  engine: Engine;
  logger: Logger;
  /** Deterministic randomness: the same seed gives the same office. */
  random: () => number;
  /** Prints one line of the demo's narration. */
  say: (line: string) => void;
  /** Waits until the outbox is empty and no queue has waiting or active jobs, nor delayed ones due within seconds (run-demo.ts). */
  settle: (timeoutMs?: number) => Promise<void>;
  /** What a step made that a later step checks against (the claims step's deliberate errors, for the KPIs). */
  facts: { claims?: number; deliberateErrors?: number };
}

export type DemoStep = (ctx: DemoContext) => Promise<void>;

export { seededRandom, pick } from '../../src/util/random.js';

/**
 * The office day the demo's claims are dated from (today in the office's zone when it starts).
 * Later steps count from it (the schedules' as-of days, the KPI period), so what they print is the
 * same whichever day the demo runs.
 */
export function demoToday(ctx: Pick<DemoContext, 'config'>): string {
  return DateTime.now().setZone(ctx.config.timezone).toISODate()!;
}
