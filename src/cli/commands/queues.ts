// `rcm queues status`: how many jobs each queue holds in each state. `rcm queues outbox`: jobs
// waiting in the outbox for the relay, and rows the relay set aside with their reasons;
// `rcm queues outbox-retry ID...` gives set-aside rows back to the relay.
import type { Command } from 'commander';
import { CliError, command, output } from '../context.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export function registerQueueCommands(queues: Command): void {
  queues
    .command('status')
    .description('job counts per queue and state')
    .option('--json', 'print JSON')
    .action(
      command(async (ctx, opts: { json?: boolean }) => {
        const [{ Queue }, { queueNames }] = await Promise.all([import('bullmq'), import('../../queues/registry.js')]);
        const connection = await ctx.boundRedis();
        const rows: Array<Record<string, string | number>> = [];
        for (const name of queueNames) {
          const queue = new Queue(name, { connection, prefix: ctx.config.queuePrefix });
          try {
            const counts = await queue.getJobCounts(...STATES);
            rows.push({ queue: name, ...Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) });
          } finally {
            await queue.close();
          }
        }
        output(opts.json, { prefix: ctx.config.queuePrefix, queues: rows }, () => formatTable(rows));
      }),
    );

  queues
    .command('outbox')
    .description('outbox rows waiting for the relay, set aside (with why) and sent rows still kept')
    .option('--limit <n>', 'list at most this many set-aside rows', '50')
    .option('--json', 'print JSON')
    .action(
      command(async (ctx, opts: { limit: string; json?: boolean }) => {
        const { outboxSummary, setAsideRows } = await import('../../db/repositories/outbox.repository.js');
        const run = await ctx.reads();
        const summary = await outboxSummary(run);
        const rows = await setAsideRows(run, Math.max(0, Number(opts.limit) || 0));
        output(opts.json, { ...summary, retentionHours: ctx.config.outboxRetentionHours, setAsideRows: rows }, () => [
          `waiting ${summary.waiting}${summary.oldestWaitingSeconds !== null ? ` (oldest ${summary.oldestWaitingSeconds} s)` : ''}  `
            + `set aside ${summary.setAside}  sent and kept ${summary.sentKept} (deleted after ${ctx.config.outboxRetentionHours} h)`,
          ...rows.map((r) => `  #${r.id}  ${r.queue}.${r.jobName}  set aside ${r.setAsideAt.toISOString()}: ${r.reason}`),
        ].join('\n'));
      }),
    );

  queues
    .command('outbox-retry')
    .argument('<ids...>', 'ids of set-aside outbox rows (`rcm queues outbox`)')
    .option('--json', 'print JSON')
    .description('give set-aside outbox rows back to the relay, e.g. after a deploy that knows their job')
    .action(
      command(async (ctx, ids: string[], opts: { json?: boolean }) => {
        const wanted = ids.map(Number);
        if (wanted.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw new CliError('outbox row ids are whole numbers');
        const { releaseSetAside } = await import('../../db/repositories/outbox.repository.js');
        const released = await releaseSetAside(await ctx.reads(), wanted);
        const missing = wanted.filter((id) => !released.includes(id));
        output(opts.json, { released, notSetAside: missing }, () => [
          released.length ? `released ${released.join(', ')}: a running engine's relay tries them again` : 'nothing released',
          missing.length ? `not set aside: ${missing.join(', ')}` : '',
        ].filter(Boolean).join('\n'));
        if (missing.length) process.exitCode = 1;
      }),
    );
}

function formatTable(rows: Array<Record<string, string | number>>): string {
  const columns = ['queue', ...STATES];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c]))))].join('\n');
}
