// What each demo step receives: the office's database, config, and a running engine (all
// workers in this process) so that the jobs a step causes are really processed.
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
  /** Waits until the outbox is empty and no queue has waiting, active or delayed jobs. */
  settle: (timeoutMs?: number) => Promise<void>;
}

export type DemoStep = (ctx: DemoContext) => Promise<void>;

/** A small seeded generator (mulberry32): demo data is invented, and reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
