// `rcm deposits import FILE... --as LOGIN [--json]`: bank files (BAI2 or the documented CSV,
// docs/deposits.md) read into deposits, each file whole or not at all; a refused file is kept
// quarantined with its line and field, and the command exits 1. The same file again adds nothing.
// `rcm deposits list [--status S] [--limit N] [--json]`: the newest deposits and what matching made of them.
import type { Command } from 'commander';
import { formatDollars } from '../../domain/money.js';
import { DEPOSIT_STATUSES } from '../../db/entities/deposits.js';
import { CliError, command, output } from '../context.js';
import { operatorLogin } from '../operator.js';

export function registerDepositCommands(group: Command): void {
  group
    .command('import')
    .description('read bank files (BAI2 or CSV) into deposits; reconciliation.deposits matches them to ERAs')
    .argument('<files...>', 'BAI2 or CSV files')
    .option('--as <login>', 'the operator or admin importing (default: RCM_USER)')
    .option('--json', 'print one JSON object per file')
    .action(command(async (ctx, files: string[], opts: { as?: string; json?: boolean }) => {
      const [{ importDepositFile }, { openInputFile }] = await Promise.all([import('../../services/deposits/deposit-import.service.js'), import('../file-input.js')]);
      const orm = await ctx.db();
      const actor = await operatorLogin(orm, opts);
      let refused = false;
      for (const path of files) {
        const upload = await openInputFile(path);
        try {
          const result = await importDepositFile(orm.em.fork(), upload, { timezone: ctx.config.timezone, actor });
          print(opts.json, { file: upload.fileName, ...result }, () => `${upload.fileName}: ${result.status} (${result.format}, file ${result.fileId}), `
            + `${result.added} deposits added; the file holds ${result.totals.deposits} totalling ${formatDollars(result.totals.totalCents)}`);
        } catch (error) {
          if ((error as Error).name !== 'DepositFileRefused') throw error;
          refused = true;
          const { fileId, message } = error as Error & { fileId: number };
          print(opts.json, { file: upload.fileName, fileId, status: 'refused', error: message }, () => `${upload.fileName}: refused: ${message}`);
        }
      }
      if (refused) process.exitCode = 1;
    }));

  /** One line per file, JSON or text, as each file is settled. */
  const print = (json: boolean | undefined, value: unknown, human: () => string) => process.stdout.write(`${json ? JSON.stringify(value) : human()}\n`);

  group
    .command('list')
    .description('the newest deposits and what matching made of them')
    .option('--status <status>', `only ${DEPOSIT_STATUSES.join(', ')}`)
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(command(async (ctx, opts: { status?: string; limit: string; json?: boolean }) => {
      if (opts.status && !(DEPOSIT_STATUSES as readonly string[]).includes(opts.status)) throw new CliError(`--status must be one of ${DEPOSIT_STATUSES.join(', ')}`, 2);
      if (!/^[1-9]\d{0,5}$/.test(opts.limit)) throw new CliError('--limit must be a whole number from 1 to 999999', 2);
      const { DepositsRepository } = await import('../../db/repositories/deposits.repository.js');
      const deposits = await new DepositsRepository((await ctx.db()).em.fork()).list({ status: opts.status, limit: Number(opts.limit) });
      output(opts.json, deposits, () => deposits.map((d) => `${d.id} ${d.depositDate} ${formatDollars(d.amountCents).padStart(12)} ${d.bankAccount} `
        + `trace ${d.traceNumber ?? '-'} ${d.status}${d.remittanceId ? ` remittance ${d.remittanceId}` : ''}`).join('\n'));
    }));
}
