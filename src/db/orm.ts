// Opens the ORM for one process. Callers fork an EntityManager per job and per request;
// nothing uses the global one. A schema other than public (tests) is set as search_path on
// every connection, so the same migrations serve every schema.
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import { entities } from './entities/index.js';
import { migrationsList } from './migrations/index.js';

export type Orm = MikroORM;

export function ormOptions(database: AppConfig['database'], extra: Partial<Options> = {}): Options {
  return {
    clientUrl: database.url,
    schema: database.schema,
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    debug: false,
    pool: { min: 0, max: 10 },
    driverOptions: { connection: { options: `-c search_path=${database.schema}` } },
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    ...extra,
  };
}

export async function openOrm(database: AppConfig['database'], extra: Partial<Options> = {}): Promise<Orm> {
  return MikroORM.init(ormOptions(database, extra));
}

/** Creates the database named in the URL when it does not exist yet (first start of an office). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (error) {
    // Two processes starting at once: the loser sees a duplicate-database error.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
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
