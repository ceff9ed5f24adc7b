// `rcm repair [--json]`: one repair sweep now (README "Repair sweep"), e.g. after Redis lost its
// data or `rcm install rebind`; prints what it repaired and the repairs counted so far. The jobs it
// wrote to the outbox are delivered before it exits (or by the engine's relay if Redis is down).
import type { Command } from 'commander';
import { CliError, command, output } from '../context.js';

export function registerRepairCommands(repair: Command): void {
  repair
    .option('--grace-ms <ms>', 'leave work younger than this alone (default: REPAIR_GRACE_MS)')
    .option('--json', 'print JSON')
    .action(
      command(async (ctx, opts: { graceMs?: string; json?: boolean }) => {
        const graceMs = opts.graceMs === undefined ? ctx.config.repair.graceMs : Number(opts.graceMs);
        if (!Number.isInteger(graceMs) || graceMs < 0) throw new CliError(`--grace-ms must be a whole number of milliseconds, not ${opts.graceMs}`);
        const [{ runRepairSweep }, { RepairRepository }, { createLogger }] = await Promise.all([
          import('../../services/repair/repair-sweep.service.js'), import('../../db/repositories/repair.repository.js'), import('../../logger.js'),
        ]);
        const orm = await ctx.db();
        const queues = await ctx.queues();
        const result = await runRepairSweep(orm, queues as never, ctx.config.queuePrefix, { trigger: 'cli', graceMs }, createLogger({ logLevel: 'silent' }));
        const delivered = result.repairs.length > 0 ? await ctx.relayNow() : 0;
        const totals = await new RepairRepository(orm.em.fork()).totals();
        output(opts.json, { ...result, delivered, totals }, () => {
          if (result.skipped === 'locked') return 'another process is sweeping right now; nothing done';
          const lines = [`sweep ${result.sweepId}: ${result.repairs.length} repaired (looked at ${describeChecked(result.checked)})`];
          for (const r of result.repairs) lines.push(`  ${r.kind.padEnd(12)} ${r.subject} -> ${r.jobId}`);
          const kinds = Object.entries(totals.repairs).map(([kind, n]) => `${kind} ${n}`).join(', ');
          lines.push(`repairs so far, ${totals.sweeps} sweeps: ${kinds || 'none'}`);
          return lines.join('\n');
        });
      }),
    );
}

function describeChecked(checked: Record<string, number>): string {
  return Object.entries(checked).map(([what, n]) => `${n} ${what}`).join(', ');
}
