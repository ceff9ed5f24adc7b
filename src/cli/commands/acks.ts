// `rcm acks import FILE`: a TA1, 999 or 277CA from the clearinghouse, applied by the claims.ack job.
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
      const [{ receiveAckFile }, { waitForAck }, { openInputFile }] = await Promise.all([
        import('../../services/intake.service.js'), import('../../services/claims/claim-waits.service.js'), import('../file-input.js'),
      ]);
      const upload = await openInputFile(file);
      const orm = await ctx.db();
      const received = await orm.em.fork().transactional((em) => receiveAckFile(em, upload));
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
