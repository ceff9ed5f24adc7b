// `rcm claims import|get|list|submit`: thin client over the claims services. Files are stored
// and their jobs committed through the outbox, then relayed at once; --wait follows the
// outcome in Postgres while a running engine's workers do the work.
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatDollars } from '../../domain/money.js';
import { CliError, command, output } from '../context.js';

// Each action imports the services it calls when it runs (`rcm claims get` loads no import code).
const importing = () => import('../../services/intake.service.js');
const inputFile = () => import('../file-input.js');
const queries = () => import('../../services/claims/claim-queries.service.js');
const submitting = () => import('../../services/claims/claim-submit.service.js');
const waits = () => import('../../services/claims/claim-waits.service.js');
const scheduling = () => import('../../services/claims/claim-schedule.service.js');

const WAIT_MS = 10 * 60_000;

export function registerClaimsCommands(claims: Command): void {
  claims.command('import')
    .argument('<file>', 'an 837P (005010X222A1) file or a JSON claims file (docs/claims.md)')
    .option('--wait', 'wait until the file is imported and its claims scrubbed')
    .option('--json', 'print JSON')
    .description('store a claims file and enqueue its import')
    .action(command(async (ctx, file: string, opts: { wait?: boolean; json?: boolean }) => {
      const [{ receiveClaimFile }, { waitForImport }, { openInputFile }] = await Promise.all([importing(), waits(), inputFile()]);
      const upload = await openInputFile(file);
      const orm = await ctx.db();
      const received = await orm.em.fork().transactional((em) => receiveClaimFile(em, upload));
      await ctx.relayNow();
      if (!opts.wait) {
        output(opts.json, { file: basename(file), fileId: received.fileId, status: 'queued', duplicate: received.duplicate },
          () => `claims file ${received.fileId} queued${received.duplicate ? ' (same bytes as an earlier file)' : ''}`);
        return;
      }
      const outcome = await waitForImport(orm.em, received.fileId, WAIT_MS);
      const result = {
        file: basename(file), fileId: received.fileId, status: outcome.status, claims: outcome.claims, newClaims: outcome.newClaims,
        duplicates: outcome.duplicates, conflicts: outcome.conflicts, chargeCents: outcome.chargeCents,
        ...(outcome.conflicts > 0 ? { conflictClaims: outcome.conflictClaims } : {}), ...(outcome.error ? { error: outcome.error } : {}),
      };
      output(opts.json, result, () => (outcome.status === 'imported'
        ? [`imported ${outcome.claims} claims (${outcome.newClaims} new, ${outcome.duplicates} duplicates, ${outcome.conflicts} conflicts), `
          + `${formatDollars(outcome.chargeCents)} charged`, ...outcome.conflictClaims.map((c) => `  conflict: ${c.message}`)].join('\n')
        : `rejected: ${outcome.error}`));
      if (outcome.status === 'rejected') process.exitCode = 1;
    }));

  claims.command('get')
    .argument('<controlNumber>', 'the claim control number (CLM01)')
    .option('--json', 'print JSON')
    .description('one claim with its lines, edits and status history')
    .action(command(async (ctx, controlNumber: string, opts: { json?: boolean }) => {
      const { getClaim } = await queries();
      const claim = await getClaim(await ctx.reads(), controlNumber);
      if (!claim) throw new CliError(`no claim ${controlNumber}`);
      output(opts.json, claim, () => [
        `${claim.controlNumber}  ${claim.status}  payer ${claim.payerId}  charge ${formatDollars(claim.chargeCents)}  balance ${formatDollars(claim.balanceCents)}`,
        ...claim.lines.map((l) => `  ${l.lineControlNumber}  ${l.procedure}${l.modifiers.length ? `-${l.modifiers.join('-')}` : ''} x${l.units}  ${formatDollars(l.chargeCents)}`),
        ...claim.edits.map((e) => `  edit ${e.code} (${e.severity}) ${e.field}: ${e.message}`),
        ...claim.events.map((e) => `  ${e.at}  ${e.from ?? '-'} -> ${e.to}`),
      ].join('\n'));
    }));

  claims.command('list')
    .option('--status <status>', 'only claims in this status')
    .option('--payer <payerId>', 'only claims of this payer (X12 payer id)')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--json', 'print JSON')
    .description('claims with their status and totals')
    .action(command(async (ctx, opts: { status?: string; payer?: string; limit: string; json?: boolean }) => {
      const { listClaims } = await queries();
      const rows = await listClaims(await ctx.reads(), { status: opts.status, payerId: opts.payer, limit: Number(opts.limit) || 1000 });
      output(opts.json, rows, () => rows.length === 0 ? 'no claims'
        : rows.map((c) => `${c.controlNumber.padEnd(20)} ${c.status.padEnd(14)} ${c.payerId.padEnd(10)} ${formatDollars(c.chargeCents)}`).join('\n'));
    }));

  claims.command('submit')
    .option('--payer <payerId>', 'only this payer (X12 payer id); default every payer with ready claims')
    .option('--wait', 'wait until the ready claims are batched and sent')
    .option('--json', 'print JSON')
    .description('enqueue claims.submit: ready claims go out in 837P batches through the clearinghouse')
    .action(command(async (ctx, opts: { payer?: string; wait?: boolean; json?: boolean }) => {
      const [{ requestSubmission }, { waitForSubmission }, { countByStatus }] = await Promise.all([submitting(), waits(), queries()]);
      const orm = await ctx.db();
      const payers = await orm.em.fork().transactional((em) => requestSubmission(em, opts.payer));
      await ctx.relayNow();
      if (opts.wait && payers.length > 0) await waitForSubmission(orm.em, payers.map((p) => p.id), WAIT_MS);
      const counts = await countByStatus(orm.em.fork());
      output(opts.json, { payers: payers.map((p) => p.payerId), waited: Boolean(opts.wait), claimsByStatus: counts },
        () => payers.length === 0 ? 'no ready claims to submit' : `submit requested for ${payers.map((p) => p.payerId).join(', ')}`);
    }));

  claims.command('schedule')
    .option('--every-minutes <n>', 'submit each payer\'s ready claims this often (default: the clearinghouse config\'s submitEveryMs, 15)')
    .option('--off', 'remove the schedules')
    .option('--json', 'print JSON')
    .description('a BullMQ job scheduler per payer that enqueues claims.submit on a fixed interval')
    .action(command(async (ctx, opts: { everyMinutes?: string; off?: boolean; json?: boolean }) => {
      const { scheduleSubmissions } = await scheduling();
      const minutes = opts.everyMinutes === undefined ? ctx.config.clearinghouse.submitEveryMs / 60_000 : Number(opts.everyMinutes);
      if (!opts.off && !(minutes >= 1)) throw new CliError('--every-minutes must be at least 1');
      const result = await scheduleSubmissions((await ctx.db()).em.fork(), (await ctx.queues()).get('claims'), opts.off ? undefined : minutes * 60_000);
      output(opts.json, result, () => opts.off ? `removed ${result.schedulers.length} schedules` : `submitting every ${minutes} min for ${result.schedulers.length} payers`);
    }));
}
