// `rcm queues status`: how many jobs each queue holds in each state, and whether it is paused.
// `rcm queues pause|resume QUEUE`: stop and restart a queue's workers (audited, as `--as LOGIN`,
// an operator or admin). `rcm queues outbox`: jobs waiting in the outbox for the relay, and rows
// the relay set aside with their reasons; `rcm queues outbox-retry ID...` gives set-aside rows
// back to the relay.
import type { Command } from 'commander';
import { RcmError } from '../../errors.js';
import { CliError, command, output } from '../context.js';
import { actorOf } from './users.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

export function registerQueueCommands(queues: Command): void {
  queues
    .command('status')
    .description('job counts per queue and state')
    .option('--json', 'print JSON')
    .action(
      command(async (ctx, opts: { json?: boolean }) => {
        const { queueRunStates } = await import('../../services/operations/queue-pause.service.js');
        const queues = await ctx.queues();
        const runStates = await queueRunStates(await ctx.reads(), queues);
        const rows: Array<Record<string, string | number>> = [];
        for (const run of runStates) {
          const counts = await queues.get(run.queue).getJobCounts(...STATES);
          rows.push({ queue: run.queue, state: run.state, ...Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) });
        }
        const paused = runStates.filter((r) => r.state === 'paused');
        output(opts.json, { prefix: ctx.config.queuePrefix, queues: rows, paused }, () => [
          formatTable(rows),
          ...paused.map((p) => `${p.queue} paused${p.pausedBy ? ` by ${p.pausedBy} at ${p.pausedAt}` : ''}${p.reason ? `: ${p.reason}` : ''}`),
        ].join('\n'));
      }),
    );

  queues
    .command('pause')
    .argument('<queue>', 'claims, posting, reconciliation, collections or tasks')
    .requiredOption('--reason <text>', 'why (shown in status and the audit; no patient data)')
    .option('--as <login>', 'the operator or admin pausing it (default: RCM_USER)')
    .option('--json', 'print JSON')
    .description("stop every worker taking the queue's jobs (running jobs finish; the rest wait for resume)")
    .action(
      command(async (ctx, queue: string, opts: { reason: string; as?: string; json?: boolean }) => {
        const { pauseQueue } = await import('../../services/operations/queue-pause.service.js');
        const actor = actorOf(opts);
        const change = await refusedExit2(async () => pauseQueue(await ctx.db(), await ctx.queues(), { queue, actor, reason: opts.reason }, new Date()));
        output(opts.json, change, () => (change.changed ? `paused ${queue}` : `${queue} was already paused`));
      }),
    );

  queues
    .command('resume')
    .argument('<queue>', 'claims, posting, reconciliation, collections or tasks')
    .option('--as <login>', 'the operator or admin resuming it (default: RCM_USER)')
    .option('--json', 'print JSON')
    .description('let workers take the queue\'s jobs again')
    .action(
      command(async (ctx, queue: string, opts: { as?: string; json?: boolean }) => {
        const { resumeQueue } = await import('../../services/operations/queue-pause.service.js');
        const actor = actorOf(opts);
        const change = await refusedExit2(async () => resumeQueue(await ctx.db(), await ctx.queues(), { queue, actor }, new Date()));
        output(opts.json, change, () => (change.changed ? `resumed ${queue}` : `${queue} was not paused`));
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

/** Refused requests (unknown queue, no reason, not an operator) exit 2 and change nothing. */
async function refusedExit2<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RcmError && ['RequestRefused', 'BadInputError'].includes(error.name)) throw new CliError(error.message, 2);
    throw error;
  }
}

function formatTable(rows: Array<Record<string, string | number>>): string {
  const columns = ['queue', 'state', ...STATES];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i <= 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c]))))].join('\n');
}
