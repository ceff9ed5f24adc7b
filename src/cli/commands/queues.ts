// `rcm queues status`: how many jobs each queue holds in each state.
import type { Command } from 'commander';
import { command, output } from '../context.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export function registerQueueCommands(queues: Command): void {
  queues
    .command('status')
    .description('job counts per queue and state')
    .option('--json', 'print JSON')
    .action(
      command(async (ctx, opts: { json?: boolean }) => {
        const [{ Queue }, { queueNames }] = await Promise.all([import('bullmq'), import('../../queues/registry.js')]);
        const connection = await ctx.redisConnection();
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
}

function formatTable(rows: Array<Record<string, string | number>>): string {
  const columns = ['queue', ...STATES];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c]))))].join('\n');
}
