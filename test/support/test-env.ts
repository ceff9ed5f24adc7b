// Each integration test gets its own Postgres schema (named from the test's title, migrated
// with the real migrations) and its own BullMQ prefix, and cleans both up. A failed test leaves
// its schema behind for inspection.
import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../src/config.js';
import { dropOwnSchema, ensureDatabase, migrate, openOrm, type Orm } from '../../src/db/orm.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { deleteQueueKeys } from '../../src/queues/maintenance.js';

/** Tests never touch the office's database: they use `<name>_test` (or TEST_DATABASE_URL). */
export function testDatabaseUrl(): string {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const url = new URL(loadConfig().database.url);
  url.pathname = `${url.pathname.replace(/^\//, '')}_test`;
  return url.toString();
}

export interface TestEnv {
  config: AppConfig;
  orm: Orm;
  logger: Logger;
  /** Environment variables that point a child process at this test's schema and prefix. */
  childEnv: Record<string, string>;
  /** Closables registered by the test, closed in reverse order after it. */
  defer(close: () => Promise<unknown> | unknown): void;
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40);
}

let databaseReady: Promise<unknown> | undefined;

export function useTestEnv(): TestEnv {
  const env = {} as TestEnv;
  let closers: Array<() => Promise<unknown> | unknown> = [];

  beforeEach(async function () {
    const suffix = randomBytes(3).toString('hex');
    const schema = `t_${slug(this.currentTest?.title ?? 'test')}_${suffix}`;
    const prefix = `rcmtest-${suffix}`;
    const vars = {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      OUTBOX_POLL_MS: '50',
    };
    databaseReady ??= ensureDatabase(vars.DATABASE_URL);
    await databaseReady;
    env.config = loadConfig({ ...process.env, ...vars });
    env.childEnv = { ...vars, REDIS_URL: env.config.redis.url };
    env.logger = createLogger(env.config);
    env.orm = await openOrm(env.config.database);
    await migrateRacingOthers(env.orm);
    closers = [];
    env.defer = (close) => closers.push(close);
  });

  afterEach(async function () {
    for (const close of closers.reverse()) await close();
    const passed = this.currentTest?.state === 'passed';
    if (passed) await dropOwnSchema(env.orm);
    await env.orm.close();
    await deleteQueueKeys(env.config.redis.url, env.config.queuePrefix);
  });

  return env;
}

/**
 * Migrates this test's schema. The migrator lists the tables of every schema in the database,
 * so a schema another test run drops at that moment fails the listing (3F000, 42P01): retry.
 */
async function migrateRacingOthers(orm: Orm): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(orm);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 5 || (code !== '3F000' && code !== '42P01')) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
