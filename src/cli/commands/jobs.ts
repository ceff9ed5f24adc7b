// `rcm jobs failed [--queue Q]`: dead letters, jobs that failed for good. `rcm jobs replay ID` or
// `rcm jobs replay --queue Q --since T`: puts them back to work once, --as an active operator or
// admin (or RCM_USER), audited. An unknown job, or one not failed now, is refused (exit 2).
import type { Command } from 'commander';
import { CliError, command, output } from '../context.js';
import { refusals } from './policies.js';
import { actorOf } from './users.js';

export function registerJobCommands(jobs: Command): void {
  jobs.command('failed').description('dead letters: jobs that failed for good, newest first')
    .option('--queue <queue>', 'only this queue')
    .option('--since <time>', 'failed at or after this time (ISO 8601)')
    .option('--all', 'replayed ones too')
    .option('--limit <n>', 'at most this many', '200')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { queue?: string; since?: string; all?: boolean; limit: string; json?: boolean }) => {
      const { listDeadLetters } = await import('../../services/operations/dead-letters.service.js');
      const letters = await listDeadLetters(await ctx.reads(), {
        queue: opts.queue, since: opts.since ? timeOf(opts.since) : undefined, status: opts.all ? 'all' : 'open', limit: Math.max(1, Number(opts.limit) || 200),
      });
      output(opts.json, letters, () => letters.length === 0 ? 'no dead letters' : letters.map((l) =>
        `${l.failedAt}  ${l.queue}.${l.jobName}  ${l.jobId}  ${l.attempts} attempt(s), ${l.reason}: ${l.errorMessage}`
        + `${l.taskId !== null ? `  task ${l.taskId}` : ''}${l.status === 'replayed' ? `  replayed by ${l.replayedBy}` : ''}`).join('\n'));
    }));

  jobs.command('replay').argument('[jobId]', 'the job id of a dead letter (rcm jobs failed)')
    .description('replay dead letters: one job, or a queue\'s since a time; each runs again once and is audited')
    .option('--queue <queue>', 'with --since: every open dead letter of this queue; with a job id: the queue holding it')
    .option('--since <time>', 'with --queue: failed at or after this time (ISO 8601)')
    .option('--as <login>', 'the operator or admin replaying (default: RCM_USER)')
    .option('--json', 'print JSON')
    .action(command(async (ctx, jobId: string | undefined, opts: { queue?: string; since?: string; as?: string; json?: boolean }) => {
      if (!jobId && !(opts.queue && opts.since)) throw new CliError('give a job id, or --queue and --since; nothing replayed', 2);
      if (jobId && opts.since) throw new CliError('give a job id or --since, not both; nothing replayed', 2);
      const { replayJob, replaySince } = await import('../../services/operations/dead-letters.service.js');
      const actor = actorOf(opts);
      const queues = await ctx.queues();
      if (opts.queue && !queues.catalog[opts.queue as never]) throw new CliError(`unknown queue "${opts.queue}"; nothing replayed`, 2);
      const deps = { orm: await ctx.db(), queue: (name: string) => queues.get(name as never), now: () => new Date() };
      if (jobId) {
        const result = await refusals(() => replayJob(deps, actor, jobId, opts.queue));
        output(opts.json, result, () => `replayed ${result.queue} job ${result.jobId} (${result.how})${result.taskClosed ? '; its task closed as retried' : ''}`);
        return;
      }
      const result = await refusals(() => replaySince(deps, actor, opts.queue!, timeOf(opts.since!)));
      output(opts.json, result, () => [`replayed ${result.replayed.length}: ${result.replayed.map((r) => r.jobId).join(', ') || '-'}`,
        ...result.refused.map((r) => `  not replayed: ${r.reason}`)].join('\n'));
      if (result.refused.length > 0) process.exitCode = 1;
    }));
}

function timeOf(text: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new CliError(`"${text}" is not a time (ISO 8601, e.g. 2026-12-04T09:00:00Z); nothing replayed`, 2);
  return at;
}
