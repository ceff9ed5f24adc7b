// What every `rcm` command shares: the engine's configuration, lazily opened connections that
// are always closed, and one output convention (human text by default, --json for scripts,
// non-zero exit with the reason on stderr).
import type { Redis } from 'ioredis';
import { loadConfig, type AppConfig } from '../config.js';
import { openOrm, type Orm } from '../db/orm.js';
import { createRedis, whenReady } from '../queues/connection.js';
import { RcmError } from '../errors.js';
import { createLogger } from '../logger.js';
import { QueueSet } from '../queues/queue-set.js';
import { OutboxRelay } from '../queues/outbox-relay.js';
import { catalog } from '../queues/registry.js';

export class CliError extends RcmError {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export class CliContext {
  readonly config: AppConfig;
  private orm: Orm | undefined;
  private redis: Redis | undefined;
  private queueSet: QueueSet<typeof catalog> | undefined;

  constructor(env: Record<string, string | undefined> = process.env) {
    this.config = loadConfig(env);
  }

  async db(): Promise<Orm> {
    if (!this.orm) {
      try {
        this.orm = await openOrm(this.config.database);
        await this.orm.em.getConnection().execute('select 1');
      } catch (error) {
        throw new CliError(`cannot reach PostgreSQL at ${redactUrl(this.config.database.url)} (${(error as Error).name})`);
      }
    }
    return this.orm;
  }

  async redisConnection(): Promise<Redis> {
    if (!this.redis) {
      this.redis = createRedis(this.config.redis.url, 'probe');
      this.redis.on('error', () => undefined); // reported below as one clear message
      if (!(await whenReady(this.redis, 3000, true))) {
        throw new CliError(`cannot reach Redis at ${redactUrl(this.config.redis.url)}`);
      }
    }
    return this.redis;
  }

  /** The engine's queues, over the CLI's Redis connection. */
  async queues(): Promise<QueueSet<typeof catalog>> {
    this.queueSet ??= new QueueSet(catalog, await this.redisConnection(), this.config.queuePrefix, createLogger({ logLevel: 'silent' }));
    return this.queueSet;
  }

  /**
   * Moves jobs this command committed to the outbox into Redis now, rather than waiting for a
   * running engine's relay. If Redis is down the rows stay and the engine delivers them later.
   */
  async relayNow(): Promise<number> {
    const relay = new OutboxRelay(await this.db(), (await this.queues()) as QueueSet, createLogger({ logLevel: 'silent' }));
    let total = 0;
    for (let n = await relay.relayOnce(); n > 0; n = await relay.relayOnce()) total += n;
    return total;
  }

  async close(): Promise<void> {
    await this.queueSet?.close();
    await this.orm?.close();
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
      ctx = new CliContext();
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
