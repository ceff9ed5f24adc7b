// Writes a migration for the difference between the entities and a fresh database built from
// the existing migrations. Usage: npm run migration:new (then add it to migrations/index.ts).
import { loadConfig } from '../src/config.js';
import { ensureDatabase, openOrm } from '../src/db/orm.js';

// Its own scratch database, never DATABASE_URL: the script drops every table in the database it uses.
const scratch = process.env.MIGRATION_SCRATCH_URL ?? 'postgres://postgres@127.0.0.1:5432/rcm_migration_scratch';
if (!new URL(scratch).pathname.endsWith('_scratch')) throw new Error('MIGRATION_SCRATCH_URL must name a database ending in _scratch');
const config = loadConfig({ ...process.env, DATABASE_URL: scratch, DATABASE_SCHEMA: 'public' });
await ensureDatabase(config.database.url);
const orm = await openOrm(config.database, {
  migrations: { path: 'src/db/migrations', pathTs: 'src/db/migrations', glob: 'migration-*.ts', emit: 'ts', snapshot: false, fileName: (ts: string) => `migration-${ts}` },
});
try {
  await orm.getSchemaGenerator().dropSchema({ dropMigrationsTable: true });
  await orm.getMigrator().up();
  const result = await orm.getMigrator().createMigration(undefined, false, false);
  console.log(result.fileName ? `wrote src/db/migrations/${result.fileName}` : 'no changes');
} finally {
  await orm.close();
}
