// Raw SQL inside the caller's transaction, for the bulk paths (import, posting) where one
// statement with a JSON parameter (json_to_recordset) replaces thousands of ORM round trips.
import type { EntityManager } from '@mikro-orm/postgresql';

export type Run = <T = Record<string, any>>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * Runs SQL with bound parameters in the EntityManager's transaction (if any). Through knex
 * directly: MikroORM's execute() inlines parameters into the statement text, which for a
 * megabyte of JSON costs more than the insert itself.
 */
export function sqlRunner(em: EntityManager): Run {
  const knex = em.getConnection().getKnex();
  const ctx = em.getTransactionContext();
  return async <T>(sql: string, params: unknown[] = []) => {
    const query = knex.raw(sql, params.map(arrayLiteral) as never[]);
    const result = await (ctx ? query.transacting(ctx) : query);
    return (result as { rows: T[] }).rows;
  };
}

/**
 * knex expands a JS array parameter into a list (`any(1, 2)`), so arrays are sent as one
 * Postgres array literal instead: `id = any(?)` and `unnest(?::int[])` then work.
 */
export function arrayLiteral(param: unknown): unknown {
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
