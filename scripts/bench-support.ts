// What the benchmarks share: one setup (a schema and a queue prefix of their own in the
// office's database and Redis, migrated) and one teardown that removes both, so no benchmark
// leaves tables or keys behind. Usage:
//   const bench = await openBenchEnvironment('claims', { LOG_LEVEL: 'silent' });
//   try { ... bench.config, bench.orm, bench.env (for child processes) ... } finally { await bench.teardown(); }
import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../src/config.js';
import { createLogger, type Logger } from '../src/logger.js';
import { dropOwnSchema, ensureDatabase, migrate, openOrm, type Orm } from '../src/db/orm.js';
import { deleteQueueKeys } from '../src/queues/maintenance.js';

export { deleteQueueKeys };

export interface BenchEnvironment {
  /** The benchmark's configuration: its own DATABASE_SCHEMA and QUEUE_PREFIX over the environment. */
  config: AppConfig;
  /** Variables that point a child process (a worker) at the same schema and prefix. */
  env: Record<string, string>;
  /** Random hex shared by the schema and prefix names, e.g. for claim control numbers. */
  suffix: string;
  orm: Orm;
  logger: Logger;
  /** Drops the schema, closes the ORM and deletes the prefix's Redis keys; safe to call twice. */
  teardown(): Promise<void>;
}

/** Creates the database if needed, then a migrated schema and a queue prefix named after `name`. */
export async function openBenchEnvironment(name: string, vars: Record<string, string> = {}): Promise<BenchEnvironment> {
  const suffix = randomBytes(3).toString('hex');
  const env = { DATABASE_SCHEMA: `bench_${name}_${suffix}`, QUEUE_PREFIX: `bench-${name}-${suffix}`, LOG_LEVEL: 'silent', ...vars };
  const config = loadConfig({ ...process.env, ...env });
  await ensureDatabase(config.database.url);
  const orm = await openOrm(config.database);
  await migrate(orm);
  let closed: Promise<void> | undefined;
  return {
    config, env, suffix, orm, logger: createLogger(config),
    teardown: () => (closed ??= (async () => {
      try {
        await dropOwnSchema(orm);
      } finally {
        await orm.close();
        await deleteQueueKeys(config.redis.url, config.queuePrefix);
      }
    })()),
  };
}

/** Peak resident set size of this process so far, in MB (Linux reports ru_maxrss in KB). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
