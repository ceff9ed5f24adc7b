// What every `rcm` command shares: the engine's configuration, lazily opened connections that
// are always closed, and one output convention (human text by default, --json for scripts,
// non-zero exit with the reason on stderr). Heavy modules (the ORM, BullMQ, Redis) are loaded
// only by the commands that use them, so `rcm --help` and simple reads answer at once.
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config.js';
import type { Orm } from '../db/orm.js';
import type { ReadConnection } from '../db/read-connection.js';
import type { Run } from '../db/sql.js';
import type { QueueSet } from '../queues/queue-set.js';
import type { catalog } from '../queues/registry.js';
import type { ThisInstallation } from '../queues/installation-binding.js';
import { RcmError } from '../errors.js';

export class CliError extends RcmError {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export class CliContext {
  private orm: Orm | undefined;
  private reader: ReadConnection | undefined;
  private redis: Redis | undefined;
  private queueSet: QueueSet<typeof catalog> | undefined;
  private bound = false;

  private constructor(readonly config: AppConfig) {}

  static async open(env: Record<string, string | undefined> = process.env): Promise<CliContext> {
    const { loadConfig } = await import('../config.js');
    return new CliContext(loadConfig(env));
  }

  /** A plain connection for read commands: repository SQL without loading the ORM. */
  async reads(): Promise<Run> {
    if (!this.reader) {
      const { openReadConnection } = await import('../db/read-connection.js');
      try {
        this.reader = await openReadConnection(this.config.database);
      } catch (error) {
        throw new CliError(`cannot reach PostgreSQL at ${redactUrl(this.config.database.url)} (${(error as Error).name})`);
      }
    }
    return this.reader.run;
  }

  /** The database; `migrations: true` also loads the migrator (`rcm db migrate`). */
  async db(options: { migrations?: boolean } = {}): Promise<Orm> {
    if (!this.orm) {
      const { openOrm, pingDatabase } = await import('../db/orm.js');
      try {
        this.orm = await openOrm(this.config.database, {}, { migrations: options.migrations ?? false });
        await pingDatabase(this.orm);
      } catch (error) {
        throw new CliError(`cannot reach PostgreSQL at ${redactUrl(this.config.database.url)} (${(error as Error).name})`);
      }
    }
    return this.orm;
  }

  async redisConnection(): Promise<Redis> {
    if (!this.redis) {
      const { createRedis, whenReady } = await import('../queues/connection.js');
      this.redis = createRedis(this.config.redis.url, 'probe');
      this.redis.on('error', () => undefined); // reported below as one clear message
      if (!(await whenReady(this.redis, 3000, true))) {
        throw new CliError(`cannot reach Redis at ${redactUrl(this.config.redis.url)}`);
      }
    }
    return this.redis;
  }

  /** This database's installation identity, and where the database is (no credentials). */
  async installation(): Promise<ThisInstallation> {
    const [{ thisInstallation }, { databaseLabel }] = await Promise.all([
      import('../db/repositories/installation.repository.js'), import('../queues/installation-binding.js'),
    ]);
    return { id: (await thisInstallation(await this.reads())).id, database: databaseLabel(this.config.database) };
  }

  /**
   * Redis, once the queue prefix is bound to this database's installation (binding it if free).
   * Every command that reads or writes the queues goes through here: one bound to another
   * installation fails with InstallationConflictError, whose message names both and `rcm install rebind`.
   */
  async boundRedis(): Promise<Redis> {
    const redis = await this.redisConnection();
    if (!this.bound) {
      const { bindPrefix } = await import('../queues/installation-binding.js');
      const result = await bindPrefix(redis, this.config.queuePrefix, await this.installation());
      if (result.state === 'rebinding') {
        throw new CliError(`\`rcm install rebind\` is clearing queue prefix "${this.config.queuePrefix}" (since ${result.binding.boundAt}); `
          + 'wait for it, or run it again if it was interrupted');
      }
      this.bound = true;
    }
    return redis;
  }

  /** The engine's queues, over the CLI's Redis connection, once the prefix is bound to this installation. */
  async queues(): Promise<QueueSet<typeof catalog>> {
    if (!this.queueSet) {
      const [{ QueueSet }, { catalog }, { createLogger }] = await Promise.all([
        import('../queues/queue-set.js'), import('../queues/registry.js'), import('../logger.js'),
      ]);
      this.queueSet = new QueueSet(catalog, await this.boundRedis(), this.config.queuePrefix, createLogger({ logLevel: 'silent' }));
    }
    return this.queueSet;
  }

  /**
   * Moves jobs this command committed to the outbox into Redis now, rather than waiting for a
   * running engine's relay. If Redis is down the rows stay and the engine delivers them later.
   */
  async relayNow(): Promise<number> {
    const [{ OutboxRelay }, { createLogger }] = await Promise.all([import('../queues/outbox-relay.js'), import('../logger.js')]);
    const relay = new OutboxRelay(await this.db(), (await this.queues()) as unknown as QueueSet, createLogger({ logLevel: 'silent' }));
    let total = 0;
    for (let n = await relay.relayOnce(); n > 0; n = await relay.relayOnce()) total += n;
    return total;
  }

  async close(): Promise<void> {
    await this.queueSet?.close();
    await this.orm?.close();
    await this.reader?.close();
    this.redis?.disconnect();
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}

/** Prints `value` as JSON with --json, else the human text. */
export function output(json: boolean | undefined, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Wraps a command: opens a context, always closes it, turns errors into stderr + exit code. */
export function command<A extends unknown[]>(run: (ctx: CliContext, ...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    let ctx: CliContext | undefined;
    try {
      ctx = await CliContext.open();
      await run(ctx, ...args);
    } catch (error) {
      const message = error instanceof RcmError || (error as Error).name === 'ConfigError'
        ? (error as Error).message
        : `${(error as Error).name}: ${(error as Error).message}`;
      process.stderr.write(`rcm: ${message}\n`);
      process.exitCode = error instanceof CliError ? error.exitCode : 1;
    } finally {
      await ctx?.close().catch(() => undefined);
    }
  };
}
