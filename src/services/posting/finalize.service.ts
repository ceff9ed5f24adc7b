// The `posting.finalize` job's work, once every chunk of a remittance has posted: the provider-level
// adjustments (PLB) go to the ledger, the remittance's ledger is checked against its BPR02, and the
// remittance (and, with its last remittance, the file) is marked posted.
import type { EntityManager } from '@mikro-orm/postgresql';
import { RcmError } from '../../errors.js';
import { markFile } from '../edi-intake.service.js';
import { insertLedgerRows, type LedgerRow } from './ledger-writer.js';
import { sqlRunner } from '../../db/sql.js';

/** Ids and cents only, so operators see it in the job's failure (it is retried, then fails). */
export class PostingTotalsError extends RcmError {
  override name = 'PostingTotalsError';
}

interface RemittanceRow {
  id: number;
  file_id: number;
  status: string;
  remittance_key: string;
  payer_id: number | null;
  payment_cents: string;
  paid_cents: string;
  claim_count: number;
  posted_claims: number;
  provider_adjustments: Array<{ sequence: number; reason: string; amountCents: number }>;
  effective: string;
}

export async function finalizeRemittance(em: EntityManager, remittanceId: number): Promise<{ finalized: boolean; filePosted: boolean }> {
  return em.fork().transactional(async (tx) => {
    const run = sqlRunner(tx);
    const [remittance] = await run<RemittanceRow>(
      `select id, file_id, status, remittance_key, payer_id, payment_cents, paid_cents, claim_count, posted_claims, provider_adjustments,
         to_char(coalesce(payment_date, created_at::date), 'YYYY-MM-DD') as effective
       from remittance where id = ? for update`, [remittanceId],
    );
    if (!remittance || remittance.status !== 'staged') return { finalized: false, filePosted: false };
    const [{ open }] = await run<{ open: number }>(
      'select count(*)::int as open from remittance_chunk where remittance_id = ? and posted_at is null', [remittanceId],
    );
    // Retried, not failed for good: a chunk may still be running after a takeover.
    if (open > 0) throw new PostingTotalsError(`remittance ${remittanceId}: ${open} chunks are not posted yet`);

    const source = `remittance:${remittanceId}`;
    const plb: LedgerRow[] = remittance.provider_adjustments.filter((a) => a.amountCents !== 0).map((a) => ({
      kind: 'provider-adjustment', amount_cents: a.amountCents, payer_id: remittance.payer_id ?? undefined, reason_code: a.reason.slice(0, 5),
      idempotency_key: `${remittance.remittance_key}:plb${a.sequence}`,
    }));
    await insertLedgerRows(run, { source, effectiveDate: remittance.effective }, plb);

    const [sums] = await run<{ paid: string; plb: string }>(
      `select coalesce(sum(amount_cents) filter (where kind in ('payment', 'unapplied')), 0) as paid,
         coalesce(sum(amount_cents) filter (where kind = 'provider-adjustment'), 0) as plb
       from ledger_entry where source = ?`, [source],
    );
    const paid = Number(sums.paid);
    const net = paid - Number(sums.plb);
    if (paid !== Number(remittance.paid_cents) || net !== Number(remittance.payment_cents)) {
      throw new PostingTotalsError(`remittance ${remittanceId}: ledger payments ${paid} and net ${net} cents do not match`
        + ` the file's ${remittance.paid_cents} and BPR02 ${remittance.payment_cents} cents`);
    }
    await run(`update remittance set status = 'posted', posted_at = now() where id = ?`, [remittanceId]);
    // The file row lock: two remittances of one file finalizing at once would otherwise each still
    // see the other as staged, and neither would mark the file processed.
    await run('select id from edi_file where id = ? for update', [remittance.file_id]);
    const [{ staged }] = await run<{ staged: number }>(
      `select count(*)::int as staged from remittance where file_id = ? and status = 'staged'`, [remittance.file_id],
    );
    if (staged === 0) await markFile(tx, remittance.file_id, 'processed');
    return { finalized: true, filePosted: staged === 0 };
  });
}
