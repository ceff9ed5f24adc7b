// The `posting.chunk` job's work: post a slice of a staged remittance's claims in one transaction.
// Claims already posted (an earlier attempt committed) are skipped, and every ledger row carries
// its idempotency key, so a chunk run twice, or killed half-way and run again, posts once.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  planRemittancePosting, type CarcTable, type PlannedLedgerEntry, type RemittanceClaim as EraClaim,
} from '../../domain/remittance/index.js';
import type { LedgerKind } from '../../db/entities/index.js';
import { matchClaimLines, type OurClaimLine } from './claim-matching.js';
import { addPatientResponsibility, insertLedgerRows, recomputeClaimCaches, type LedgerRow } from './ledger-writer.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { appealDeadline, createPostingTasks, denialOf, underpaymentOf, type PostingTask } from './posting-follow-up.js';

export interface ChunkResult {
  posted: number;
  matched: number;
  unmatched: number;
  ledgerRows: number;
  tasksCreated: number;
}

interface StagedClaim { id: number; sequence: number; control_number: string; detail: EraClaim }
interface OurClaim { id: number; control_number: string; payer_id: number; account_id: number | null; appeal_days: number | null }

export async function postRemittanceChunk(
  em: EntityManager, remittanceId: number, from: number, to: number, options: { carcTable: CarcTable; timezone: string },
): Promise<ChunkResult> {
  return em.fork().transactional(async (tx) => {
    const run = sqlRunner(tx);
    const [remittance] = await run<{ remittance_key: string; payer_id: number | null; payment_date: string | null; created: string }>(
      `select remittance_key, payer_id, to_char(payment_date, 'YYYY-MM-DD') as payment_date,
         to_char(created_at, 'YYYY-MM-DD') as created from remittance where id = ? and status = 'staged'`, [remittanceId],
    );
    if (!remittance) return { posted: 0, matched: 0, unmatched: 0, ledgerRows: 0, tasksCreated: 0 };
    // Row locks: a second run of this chunk waits for the first, then finds nothing left to post.
    const staged = await run<StagedClaim>(
      `select id, sequence, control_number, detail from remittance_claim
       where remittance_id = ? and sequence between ? and ? and posted_at is null order by sequence for update`,
      [remittanceId, from, to],
    );
    if (staged.length === 0) return { posted: 0, matched: 0, unmatched: 0, ledgerRows: 0, tasksCreated: 0 };

    const claims = await run<OurClaim>(
      `select c.id, c.control_number, c.payer_id, p.account_id, y.appeal_days from claim c
       left join patient p on p.id = c.patient_id left join payer y on y.id = c.payer_id
       where c.control_number = any(?::text[]) order by c.id for no key update of c`,
      [[...new Set(staged.map((s) => s.control_number))]],
    );
    const claimByControl = new Map(claims.map((c) => [c.control_number, c]));
    const lines = await run<OurClaimLine & { claimId: number }>(
      `select id, claim_id as "claimId", line_control_number as "lineControlNumber", procedure, modifiers,
         to_char(service_date, 'YYYY-MM-DD') as "serviceDate", units::text as units
       from claim_line where claim_id = any(?::int[]) order by claim_id, line_number`,
      [claims.map((c) => c.id)],
    );
    const linesByClaim = new Map<number, OurClaimLine[]>();
    for (const line of lines) linesByClaim.set(line.claimId, [...(linesByClaim.get(line.claimId) ?? []), line]);
    const fees = await feeScheduleOf(run, [...new Set(claims.map((c) => remittance.payer_id ?? c.payer_id))]);

    const effectiveDate = remittance.payment_date ?? remittance.created;
    const source = `remittance:${remittanceId}`;
    const rows: LedgerRow[] = [];
    const tasks: PostingTask[] = [];
    const postedClaims: Array<{ id: number; claim_id: number | null }> = [];
    let withDenial = 0;
    for (const stagedClaim of staged) {
      const claim = stagedClaim.detail;
      const ours = claimByControl.get(stagedClaim.control_number);
      const claimKey = `${remittance.remittance_key}:clp${claim.sequence}`;
      postedClaims.push({ id: stagedClaim.id, claim_id: ours?.id ?? null });
      if (!ours) {
        // No claim of ours: the money is held as unapplied until a person finds where it belongs.
        if (claim.paidCents !== 0) {
          rows.push(ledgerRow('unapplied', claim.paidCents, { claimKey, remittance, source, effectiveDate, key: `${claimKey}:unapplied` }));
        }
        tasks.push({ type: 'unmatched-remittance', remittanceClaimId: stagedClaim.id, payerId: remittance.payer_id, amountAtRiskCents: claim.paidCents });
        continue;
      }
      const matched = matchClaimLines(claim.lines, linesByClaim.get(ours.id) ?? []);
      const matchedIds = new Map([...matched].map(([sequence, line]) => [sequence, String(line.id)]));
      const entries = planRemittancePosting(claim, { remittanceKey: remittance.remittance_key, carcTable: options.carcTable, matchedLines: matchedIds });
      for (const entry of entries) rows.push(entryRow(entry, ours, remittance.payer_id ?? ours.payer_id, source, effectiveDate));
      const deadline = appealDeadline(effectiveDate, ours.appeal_days);
      const payerId = remittance.payer_id ?? ours.payer_id;
      const denial = denialOf(entries);
      if (denial) {
        withDenial += 1;
        tasks.push({ type: 'denial', claimId: ours.id, payerId, deadline, ...denial });
      }
      const shortfall = underpaymentOf(claim.lines, entries, matched, fees.get(payerId) ?? new Map());
      if (shortfall > 0) tasks.push({ type: 'underpayment', claimId: ours.id, payerId, deadline, amountAtRiskCents: shortfall });
    }

    const inserted = await insertLedgerRows(run, rows);
    await recomputeClaimCaches(run, claims.map((c) => c.id));
    await addPatientResponsibility(run, inserted);
    await run(
      `update remittance_claim rc set posted_at = now(), claim_id = v.claim_id
       from json_to_recordset(?::json) as v(id int, claim_id int) where rc.id = v.id`,
      [JSON.stringify(postedClaims)],
    );
    const tasksCreated = await createPostingTasks(tx, tasks, options.timezone);
    const matchedCount = postedClaims.filter((c) => c.claim_id !== null).length;
    await run(
      `update remittance set posted_claims = posted_claims + ?, matched_claims = matched_claims + ?, unmatched_claims = unmatched_claims + ?,
         claims_with_denial = claims_with_denial + ?, tasks_created = tasks_created + ? where id = ?`,
      [staged.length, matchedCount, staged.length - matchedCount, withDenial, tasksCreated, remittanceId],
    );
    return { posted: staged.length, matched: matchedCount, unmatched: staged.length - matchedCount, ledgerRows: inserted.length, tasksCreated };
  });
}

const KIND: Record<PlannedLedgerEntry['kind'], LedgerKind> = {
  payment: 'payment',
  reversal: 'payment', // negative as written: backs out the earlier payment
  contractual: 'contractual',
  denial: 'denial',
  'patient-responsibility': 'patient-responsibility',
  'other-adjustment': 'other-adjustment',
  'provider-adjustment': 'provider-adjustment',
};

function entryRow(entry: PlannedLedgerEntry, claim: OurClaim, payerId: number, source: string, effectiveDate: string): LedgerRow {
  const kind = KIND[entry.kind];
  return {
    kind,
    amount_cents: entry.amountCents,
    claim_id: claim.id,
    claim_line_id: entry.line?.claimLineId ? Number(entry.line.claimLineId) : null,
    // Patient responsibility lands on the guarantor's account as well as the claim.
    account_id: kind === 'patient-responsibility' ? claim.account_id : null,
    payer_id: payerId,
    group_code: entry.group ?? null,
    reason_code: entry.reason ?? null,
    remark_codes: entry.remarkCodes.length ? entry.remarkCodes : null,
    source,
    idempotency_key: entry.idempotencyKey,
    effective_date: effectiveDate,
  };
}

function ledgerRow(
  kind: LedgerKind, amountCents: number,
  at: { claimKey: string; remittance: { payer_id: number | null }; source: string; effectiveDate: string; key: string },
): LedgerRow {
  return {
    kind, amount_cents: amountCents, claim_id: null, claim_line_id: null, account_id: null, payer_id: at.remittance.payer_id,
    group_code: null, reason_code: null, remark_codes: null, source: at.source, idempotency_key: at.key, effective_date: at.effectiveDate,
  };
}

async function feeScheduleOf(run: Run, payerIds: number[]): Promise<Map<number, Map<string, number>>> {
  const byPayer = new Map<number, Map<string, number>>();
  if (payerIds.length === 0) return byPayer;
  const rows = await run<{ payer_id: number; procedure: string; modifier: string; allowed_cents: string }>(
    'select payer_id, procedure, modifier, allowed_cents from fee_schedule where payer_id = any(?::int[])',
    [payerIds],
  );
  for (const row of rows) {
    const fees = byPayer.get(row.payer_id) ?? new Map<string, number>();
    fees.set(`${row.procedure}:${row.modifier}`, Number(row.allowed_cents));
    byPayer.set(row.payer_id, fees);
  }
  return byPayer;
}
