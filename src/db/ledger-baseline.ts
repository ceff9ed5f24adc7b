// The posting benchmark's yardstick (scripts/bench-posting.ts): the same number of ledger-shaped
// rows inserted with plain 1,000-row INSERTs through `pg` into a copy of the ledger table (same
// indexes), with no engine in between. Here because SQL text lives in src/db only.
import pg from 'pg';

/** Seconds the plain INSERTs of `rows` rows took, in `schema` of the database at `databaseUrl`. */
export async function timePlainLedgerInserts(databaseUrl: string, schema: string, rows: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query('create table ledger_baseline (like ledger_entry including all)');
    const started = performance.now();
    const perInsert = 1000;
    for (let from = 0; from < rows; from += perInsert) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let n = from; n < Math.min(rows, from + perInsert); n++) {
        const p = values.length;
        tuples.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8}, $${p + 9}, now())`);
        values.push('payment', 1000 + (n % 5000), null, 'CO', '45', null, 'remittance:0', `baseline:${n}`, '2024-02-01');
      }
      await client.query(
        `insert into ledger_baseline (kind, amount_cents, payer_id, group_code, reason_code, remark_codes, source, idempotency_key, effective_date, posted_at)
         values ${tuples.join(', ')}`, values);
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}
