// A plain pg connection for the CLI's read commands. Loading MikroORM costs about 0.35 s of a
// command's start; a read that only runs repository SQL does not need it. Same SQL, same `?`
// parameters and array literals as sqlRunner, same schema (search_path) as the engine.
import pg from 'pg';
import type { AppConfig } from '../config.js';
import { arrayLiteral, type Run } from './sql.js';

export interface ReadConnection {
  run: Run;
  close(): Promise<void>;
}

export async function openReadConnection(database: AppConfig['database']): Promise<ReadConnection> {
  const client = new pg.Client({ connectionString: database.url, options: `-c search_path=${database.schema}` });
  await client.connect();
  const run: Run = async <T>(sql: string, params: unknown[] = []) => {
    const result = await client.query(numberedPlaceholders(sql), params.map(arrayLiteral));
    return result.rows as T[];
  };
  return { run, close: () => client.end() };
}

/** `?` -> `$1, $2, ...` (repository SQL uses `?` only as a parameter; `?::text` casts keep working). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
