// `rcm era import FILE... [--wait] [--json]`: store 835 files and enqueue their posting. With
// --wait, stay until a running engine has posted, recognised or rejected each file. --json
// prints one object per file, one per line. Exit code 1 when any file was rejected or any of its
// transactions refused (a trace number already used for another payment).
import type { Command } from 'commander';
import { formatDollars } from '../../domain/money.js';
import type { EraFileSummary } from '../../services/posting/posting-queries.service.js';
import { sleep } from '../../util/time.js';
import { CliError, command, output, type CliContext } from '../context.js';
import type { CarcAction } from '../../domain/remittance/index.js';

const SETTLED = new Set(['posted', 'duplicate', 'conflict', 'rejected']);

// Services are imported when an action runs, so `rcm era --help` loads none of them.
const intake = () => import('../../services/intake.service.js');
const inputFile = () => import('../file-input.js');
const queries = () => import('../../services/posting/posting-queries.service.js');
const carcTables = () => import('../../services/posting/carc-table.service.js');

export function registerEraCommands(era: Command): void {
  era
    .command('import')
    .description('store 835 files and post them through the engine')
    .argument('<files...>', '835 files')
    .option('--wait', 'wait until each file is posted, found duplicate or rejected')
    .option('--timeout <seconds>', 'how long --wait waits for each file', '600')
    .option('--json', 'print one JSON object per file')
    .action(command(async (ctx, files: string[], opts: { wait?: boolean; json?: boolean; timeout: string }) => {
      const [{ receiveEra }, { eraFileSummary }, { openInputFile }] = await Promise.all([intake(), queries(), inputFile()]);
      const orm = await ctx.db();
      const received: Array<{ name: string; fileId: number; duplicate: boolean }> = [];
      for (const path of files) {
        const upload = await openInputFile(path);
        const result = await orm.em.fork().transactional((em) => receiveEra(em, upload));
        received.push({ name: upload.fileName, ...result });
      }
      // Redis down: a running engine's relay delivers later. A prefix bound to another installation is said, though.
      await ctx.relayNow().catch((error) => {
        if ((error as Error).name === 'InstallationConflictError') throw error;
      });
      let rejected = false;
      for (const file of received) {
        const summary = file.duplicate
          ? await eraFileSummary(orm.em.fork(), file.fileId, { file: file.name, asDuplicate: true })
          : await settle(ctx, file.fileId, file.name, opts.wait ? Number(opts.timeout) * 1000 : 0);
        rejected ||= summary.status === 'rejected' || summary.transactions.some((t) => t.status === 'conflict');
        const { fileId: _fileId, ...printed } = summary;
        process.stdout.write(`${opts.json ? JSON.stringify(printed) : describe(summary)}\n`);
      }
      if (rejected) process.exitCode = 1;
    }));

  const carc = era.command('carc').description('how claim adjustment reason codes post (config/carc-actions.ts + admin overrides)');
  carc
    .command('set')
    .description('override one code (CO-45) or a group default (CO); applies to the next file or chunk')
    .argument('<key>', "'GROUP-REASON' or 'GROUP'")
    .argument('<action>', 'contractual | denial | patient-responsibility | other-adjustment')
    .requiredOption('--reason <text>', 'why (kept in the audit trail)')
    .option('--recoverability <0..1>', 'denials: how likely working it recovers money', '0')
    .option('--description <text>', 'short description for people')
    .option('--by <login>', 'who changes it', process.env.USER ?? 'admin')
    .action(command(async (ctx, key: string, action: string, opts: { reason: string; recoverability: string; description?: string; by: string }) => {
      const { setCarcOverride } = await carcTables();
      const orm = await ctx.db();
      await orm.em.fork().transactional((em) => setCarcOverride(em, {
        key, action: action as CarcAction, recoverability: Number(opts.recoverability), description: opts.description, reason: opts.reason, changedBy: opts.by,
      })).catch((error: Error) => {
        throw new CliError(error.message);
      });
      process.stdout.write(`${key.toUpperCase()} now posts as ${action}\n`);
    }));
  carc
    .command('list')
    .description('the table posting uses now')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { json?: boolean }) => {
      const { loadCarcTable } = await carcTables();
      const table = await loadCarcTable((await ctx.db()).em.fork());
      const unpaid = Object.entries(table.unpaidServiceDefaults).map(([group, rule]) => [`${group} unpaid`, rule] as const);
      output(opts.json, table, () => [...Object.entries({ ...table.rules, ...table.groupDefaults }), ...unpaid]
        .map(([key, rule]) => `${key.padEnd(9)} ${rule!.action.padEnd(22)} ${rule!.description}`).join('\n'));
    }));
}

async function settle(ctx: CliContext, fileId: number, name: string, waitMs: number): Promise<EraFileSummary> {
  const { eraFileSummary } = await queries();
  const orm = await ctx.db();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const summary = await eraFileSummary(orm.em.fork(), fileId, { file: name });
    if (waitMs === 0 || SETTLED.has(summary.status)) return summary;
    if (Date.now() > deadline) throw new CliError(`${name}: still ${summary.status} after ${waitMs / 1000} s (is the engine running?)`);
    await sleep(200);
  }
}

function describe(s: EraFileSummary): string {
  if (s.status === 'rejected') return `${s.file}: rejected: ${s.error}`;
  if (s.status === 'queued' || s.status === 'processing') return `${s.file}: ${s.status} (file ${s.fileId})`;
  const posted = `${s.file}: ${s.status}, trace ${s.traceNumber}; posted: payment ${formatDollars(s.paymentCents)}, ${s.claims} claims`
    + ` (${s.matched} matched, ${s.unmatched} unmatched), charges ${formatDollars(s.chargeCents)}: paid ${formatDollars(s.paidCents)},`
    + ` contractual ${formatDollars(s.contractualCents)}, denied ${formatDollars(s.deniedCents)}, patient ${formatDollars(s.patientRespCents)},`
    + ` other ${formatDollars(s.otherAdjustmentCents)}; provider adjustments ${formatDollars(s.providerAdjustmentCents)};`
    + ` ${s.claimsWithDenial} with denial, ${s.tasksCreated} tasks created`;
  // A file of one transaction that posted needs no list; otherwise say what became of each.
  if (s.transactions.length === 1 && s.transactions[0].status === 'posted') return posted;
  return [posted, ...s.transactions.map((t) => `  ST ${t.controlNumber} trace ${t.traceNumber}: ${t.status}, payment ${formatDollars(t.paymentCents)}`
    + (t.duplicateOf ? ` (remittance ${t.duplicateOf} has it${t.sameContent === false ? '; its content differs' : ''})` : '')
    + (t.reason ? `: ${t.reason}` : ''))].join('\n');
}
