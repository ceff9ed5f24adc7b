// `rcm acks import FILE`: a TA1, 999 or 277CA from the clearinghouse, applied by the claims.ack job.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { CliError, command, output } from '../context.js';

export function registerAckCommands(acks: Command): void {
  acks.command('import')
    .argument('<file>', 'a TA1, 999 or 277CA file')
    .option('--wait', 'wait until it is applied to the claims')
    .option('--json', 'print JSON')
    .description('store an acknowledgment file and enqueue claims.ack')
    .action(command(async (ctx, file: string, opts: { wait?: boolean; json?: boolean }) => {
      const [{ receiveAckFile }, { waitForAck }] = await Promise.all([
        import('../../services/claims/claim-ack.service.js'), import('../../services/claims/claim-waits.service.js'),
      ]);
      const content = await readFile(file).catch(() => { throw new CliError(`cannot read ${file}`); });
      const orm = await ctx.db();
      const received = await orm.em.fork().transactional((em) => receiveAckFile(em, { fileName: basename(file), content }));
      await ctx.relayNow();
      if (!opts.wait) {
        output(opts.json, { file: basename(file), fileId: received.fileId, status: 'queued', duplicate: received.duplicate }, () => `acknowledgment file ${received.fileId} queued`);
        return;
      }
      const outcome = await waitForAck(orm.em, received.fileId, 10 * 60_000);
      output(opts.json, { file: basename(file), ...outcome }, () => outcome.status === 'processed'
        ? `${outcome.kind}: ${outcome.accepted} accepted, ${outcome.rejected} rejected, ${outcome.unmatched} not ours`
        : `rejected: ${outcome.error}`);
      if (outcome.status === 'rejected') process.exitCode = 1;
    }));
}
