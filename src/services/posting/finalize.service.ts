// The `posting.finalize` job's work, once every chunk of a remittance has posted, in the transaction
// it is given (the finalize job's): the provider-level adjustments (PLB) go to the ledger as the
// domain plans them, the remittance's ledger is checked against its CLP04s and BPR02, and the
// remittance (and, with its last remittance, the file) is marked posted.
import type { EntityManager } from '@mikro-orm/postgresql';
import { planProviderAdjustments, postedLedgerMismatch } from '../../domain/remittance/index.js';
import { RcmError } from '../../errors.js';
import { LedgerRepository } from '../../db/repositories/ledger.repository.js';
import { RemittancesRepository } from '../../db/repositories/remittances.repository.js';
import { markFile } from '../edi-intake.service.js';
import { ledgerRowOf } from './ledger-entries.js';

/** Ids and cents only, so operators see it in the job's failure (it is retried, then fails). */
export class PostingTotalsError extends RcmError {
  override name = 'PostingTotalsError';
}

export async function finalizeRemittance(tx: EntityManager, remittanceId: number): Promise<{ finalized: boolean; filePosted: boolean }> {
  const remittances = new RemittancesRepository(tx);
  const ledger = new LedgerRepository(tx);
  // The remittance row lock: its status changes in the same transaction as its PLB entries.
  const remittance = await remittances.lockForFinalize(remittanceId);
  if (!remittance || remittance.status !== 'staged') return { finalized: false, filePosted: false };
  const open = await remittances.unpostedChunkCount(remittanceId);
  // Retried, not failed for good: a chunk may still be running after a takeover.
  if (open > 0) throw new PostingTotalsError(`remittance ${remittanceId}: ${open} chunks are not posted yet`);

  const source = `remittance:${remittanceId}`;
  const plb = planProviderAdjustments(remittance.providerAdjustments, remittance.remittanceKey);
  await ledger.addEntries({ source, effectiveDate: remittance.effectiveDate }, plb.map((entry) => ledgerRowOf(entry, { payerId: remittance.payerId })));

  const mismatch = postedLedgerMismatch(await ledger.postedTotalsOf(source), remittance);
  if (mismatch) throw new PostingTotalsError(`remittance ${remittanceId}: ${mismatch}`);
  await remittances.markPosted(remittanceId);
  const staged = await remittances.stagedLeftInFile(remittance.fileId);
  if (staged === 0) await markFile(tx, remittance.fileId, 'processed');
  return { finalized: true, filePosted: staged === 0 };
}
