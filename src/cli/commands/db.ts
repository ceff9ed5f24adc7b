// `rcm db migrate`: create the database if needed and apply pending migrations.
import type { Command } from 'commander';
import { command, output } from '../context.js';

export function registerDbCommands(db: Command): void {
  db.command('migrate')
    .description('create the database if it does not exist and apply pending migrations')
    .option('--json', 'print JSON')
    .action(
      command(async (ctx, opts: { json?: boolean }) => {
        const { ensureDatabase, migrate } = await import('../../db/orm.js');
        const created = await ensureDatabase(ctx.config.database.url);
        const applied = await migrate(await ctx.db({ migrations: true }));
        output(opts.json, { createdDatabase: created, applied }, () =>
          [created ? 'created the database' : '', applied.length ? `applied ${applied.join(', ')}` : 'database is up to date']
            .filter(Boolean)
            .join('\n'),
        );
      }),
    );
}
