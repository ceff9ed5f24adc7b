// Raw SQL inside the caller's transaction. Bulk writes go through one JSON parameter
// (json_to_recordset) so 20,000 claims are a handful of statements, not 20,000 round trips.
import type { EntityManager } from '@mikro-orm/postgresql';

export type Run = <T = Record<string, any>>(sql: string, params?: unknown[]) => Promise<T[]>;

export function sqlRunner(em: EntityManager): Run {
  const connection = em.getConnection();
  const ctx = em.getTransactionContext();
  return <T>(sql: string, params: unknown[] = []) => connection.execute<T[]>(sql, params.map(arrayLiteral), 'all', ctx);
}

/**
 * The driver layer expands a JS array parameter into a list (`any(1, 2)`), so arrays are sent
 * as one Postgres array literal instead: `id = any(?)` and `unnest(?::int[])` then work.
 */
function arrayLiteral(param: unknown): unknown {
  if (!Array.isArray(param)) return param;
  return `{${param.map((v) => (typeof v === 'number' ? String(v) : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/** Rows in slices, so one statement's JSON parameter stays a few megabytes at most. */
export function* slices<T>(rows: readonly T[], size = 5000): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}
