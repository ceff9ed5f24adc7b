// `rcm audit --since T [--json]`: the audit trail since an ISO time or a duration (30m, 24h, 7d).
import type { Command } from 'commander';
import { CliError, command, output } from '../context.js';
import { refused } from './users.js';

export function registerAuditCommands(audit: Command): void {
  audit
    .requiredOption('--since <time>', 'ISO time (2026-12-04T09:00:00Z) or a duration back from now (30m, 24h, 7d)')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { since: string; limit: string; json?: boolean }) => {
      const [{ parseSince }, { AuditRepository }] = await Promise.all([
        import('../../domain/people/since.js'), import('../../db/repositories/audit.repository.js'),
      ]);
      const since = await refused(async () => parseSince(opts.since, new Date()));
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit must be a whole number of events (1 or more), not ${opts.limit}`, 2);
      const events = await new AuditRepository(await ctx.reads()).since(since, limit);
      output(opts.json, events, () => events.length === 0 ? `no audit events since ${since.toISOString()}` : events.map((e) =>
        `${e.at} ${e.actor} ${e.action} ${e.subjectType} ${e.subjectId}${e.detail ? ` ${JSON.stringify(e.detail)}` : ''}`).join('\n'));
    }));
}
