// `rcm db migrate`: create the database if needed and apply pending migrations.
import type { Command } from 'commander';
import { ensureDatabase, migrate } from '../../db/orm.js';
import { command, output } from '../context.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('create the database if it does not exist and apply pending migrations')
    .option('--json', 'print JSON')
    .action(
      command(async (ctx, opts: { json?: boolean }) => {
        const created = await ensureDatabase(ctx.config.database.url);
        const applied = await migrate(await ctx.db());
        output(opts.json, { createdDatabase: created, applied }, () =>
          [created ? 'created the database' : '', applied.length ? `applied ${applied.join(', ')}` : 'database is up to date']
            .filter(Boolean)
            .join('\n'),
        );
      }),
    );
}
