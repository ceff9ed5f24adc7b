// Opens the ORM for one process. Callers fork an EntityManager per job and per request;
// nothing uses the global one. A schema other than public (tests) is set as search_path on
// every connection, so the same migrations serve every schema.
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import { entities } from './entities/index.js';

export type Orm = MikroORM;

export interface OpenOrmOptions {
  /**
   * Load the migrator and the migrations (default). The CLI's reads go without: loading them
   * costs more than the query they serve.
   */
  migrations?: boolean;
}

async function migrationSupport(): Promise<Partial<Options>> {
  const [{ Migrator }, { migrationsList }] = await Promise.all([import('@mikro-orm/migrations'), import('./migrations/index.js')]);
  return {
    extensions: [Migrator],
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
  };
}

function ormOptions(database: AppConfig['database'], extra: Partial<Options> = {}): Options {
  return {
    clientUrl: database.url,
    schema: database.schema,
    entities,
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    debug: false,
    pool: { min: 0, max: 10 },
    driverOptions: { connection: { options: `-c search_path=${database.schema}` } },
    ...extra,
  };
}

export async function openOrm(database: AppConfig['database'], extra: Partial<Options> = {}, options: OpenOrmOptions = {}): Promise<Orm> {
  const migrations = options.migrations === false ? {} : await migrationSupport();
  return MikroORM.init(ormOptions(database, { ...migrations, ...extra }));
}

/** The database a URL names, and a client of the server's `postgres` database to create or drop it. */
async function withServer<T>(databaseUrl: string, use: (client: pg.Client, name: string) => Promise<T>): Promise<T> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await use(client, name);
  } finally {
    await client.end();
  }
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the database named in the URL when it does not exist yet (first start of an office). */
export function ensureDatabase(databaseUrl: string): Promise<boolean> {
  return withServer(databaseUrl, async (client, name) => {
    try {
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount) return false;
      await client.query(`create database ${quoted(name)}`);
      return true;
    } catch (error) {
      // Two processes starting at once: the loser sees a duplicate-database error.
      if ((error as { code?: string }).code === '42P04') return false;
      throw error;
    }
  });
}

/**
 * Drops the database named in the URL if it exists (the demo's reset; never an office's). One that
 * another session is using is not dropped: PostgreSQL refuses (55006) and the error says so.
 */
export function dropDatabase(databaseUrl: string): Promise<boolean> {
  return withServer(databaseUrl, async (client, name) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!found.rowCount) return false;
    await client.query(`drop database ${quoted(name)}`);
    return true;
  });
}

/** Creates the schema if needed and applies pending migrations; returns their names. */
export async function migrate(orm: Orm): Promise<string[]> {
  const schema = orm.config.get('schema');
  if (schema && schema !== 'public') {
    await orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  }
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/** One round trip to PostgreSQL: health probes and the CLI check that the database answers. */
export async function pingDatabase(orm: Orm): Promise<void> {
  await orm.em.getConnection().execute('select 1');
}

/** Drops the ORM's own schema with everything in it (test runs and benchmarks; never `public`). */
export async function dropOwnSchema(orm: Orm): Promise<void> {
  const schema = orm.config.get('schema');
  if (!schema || schema === 'public') throw new Error('refusing to drop the public schema');
  await orm.em.getConnection().execute(`drop schema if exists "${schema}" cascade`);
}
