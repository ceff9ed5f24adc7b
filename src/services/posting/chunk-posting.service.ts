// The `posting.chunk` job's work: post one staged chunk of a remittance's claims in one
// transaction. The chunk row is locked and marked posted in that transaction, so a chunk run twice,
// or killed half-way and run again, posts once; every ledger row also carries its idempotency key.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  planRemittancePosting, type CarcTable, type PlannedLedgerEntry, type RemittanceClaim as EraClaim,
} from '../../domain/remittance/index.js';
import type { LedgerKind } from '../../db/entities/index.js';
import { matchClaimLines, type OurClaimLine } from './claim-matching.js';
import { applyLedgerDeltas, insertLedgerRows, type LedgerRow } from './ledger-writer.js';
import { sqlRunner, type Run } from '../../db/sql.js';
import { appealDeadline, createPostingTasks, denialOf, underpaymentOf, type PostingTask } from './posting-follow-up.js';

export interface ChunkResult {
  posted: number;
  matched: number;
  unmatched: number;
  ledgerRows: number;
  tasksCreated: number;
  /** The remittance's progress after this chunk (claims posted of all), for the board. */
  progress?: { postedClaims: number; claims: number };
}

const NOTHING: ChunkResult = { posted: 0, matched: 0, unmatched: 0, ledgerRows: 0, tasksCreated: 0 };

interface StagedChunk {
  id: number;
  claims: string;
  posted_at: string | null;
  remittance_key: string;
  payer_id: number | null;
  status: string;
  effective: string;
}
interface OurClaim { id: number; control_number: string; payer_id: number; account_id: number | null; appeal_days: number | null }

export async function postRemittanceChunk(
  em: EntityManager, remittanceId: number, from: number, to: number, options: { carcTable: CarcTable; timezone: string },
): Promise<ChunkResult> {
  return em.fork().transactional(async (tx) => {
    const run = sqlRunner(tx);
    // The chunk row lock: a second run of this chunk waits for the first, then finds it posted.
    const [chunk] = await run<StagedChunk>(
      `select c.id, c.claims, c.posted_at, r.remittance_key, r.payer_id, r.status,
         to_char(coalesce(r.payment_date, r.created_at::date), 'YYYY-MM-DD') as effective
       from remittance_chunk c join remittance r on r.id = c.remittance_id
       where c.remittance_id = ? and c.first_sequence = ? and c.last_sequence = ? for update of c`,
      [remittanceId, from, to],
    );
    if (!chunk || chunk.posted_at !== null || chunk.status !== 'staged') return NOTHING;
    const staged = JSON.parse(chunk.claims) as EraClaim[];

    const claims = await run<OurClaim>(
      `select c.id, c.control_number, c.payer_id, p.account_id, y.appeal_days from claim c
       left join patient p on p.id = c.patient_id left join payer y on y.id = c.payer_id
       where c.control_number = any(?::text[]) order by c.id for no key update of c`,
      [[...new Set(staged.map((s) => s.controlNumber))]],
    );
    const claimByControl = new Map(claims.map((c) => [c.control_number, c]));
    const linesByClaim = await claimLinesOf(run, claims.map((c) => c.id));
    const fees = await feeScheduleOf(run, [...new Set(claims.map((c) => chunk.payer_id ?? c.payer_id))]);
    const remittanceClaimIds = await recordRemittanceClaims(run, remittanceId, staged, claimByControl);

    const effectiveDate = chunk.effective;
    const source = `remittance:${remittanceId}`;
    const rows: LedgerRow[] = [];
    const tasks: PostingTask[] = [];
    let matchedCount = 0;
    let withDenial = 0;
    for (const claim of staged) {
      const ours = claimByControl.get(claim.controlNumber);
      if (!ours) {
        // No claim of ours: the money is held as unapplied until a person finds where it belongs.
        const claimKey = `${chunk.remittance_key}:clp${claim.sequence}`;
        if (claim.paidCents !== 0) {
          rows.push({ kind: 'unapplied', amount_cents: claim.paidCents, payer_id: chunk.payer_id ?? undefined, idempotency_key: `${claimKey}:unapplied` });
        }
        tasks.push({ type: 'unmatched-remittance', remittanceClaimId: remittanceClaimIds.get(claim.sequence)!, payerId: chunk.payer_id, amountAtRiskCents: claim.paidCents });
        continue;
      }
      matchedCount += 1;
      const matched = matchClaimLines(claim.lines, linesByClaim.get(ours.id) ?? []);
      const matchedIds = new Map([...matched].map(([sequence, line]) => [sequence, String(line.id)]));
      const entries = planRemittancePosting(claim, { remittanceKey: chunk.remittance_key, carcTable: options.carcTable, matchedLines: matchedIds });
      const payerId = chunk.payer_id ?? ours.payer_id;
      for (const entry of entries) rows.push(entryRow(entry, ours, payerId));
      const deadline = appealDeadline(effectiveDate, ours.appeal_days);
      const denial = denialOf(entries);
      if (denial) {
        withDenial += 1;
        tasks.push({ type: 'denial', claimId: ours.id, payerId, deadline, ...denial });
      }
      const shortfall = underpaymentOf(claim.lines, entries, matched, fees.get(payerId) ?? new Map());
      if (shortfall > 0) tasks.push({ type: 'underpayment', claimId: ours.id, payerId, deadline, amountAtRiskCents: shortfall });
    }

    await insertLedgerRows(run, { source, effectiveDate }, rows);
    await applyLedgerDeltas(run, rows);
    const tasksCreated = await createPostingTasks(tx, tasks, options.timezone);
    await run('update remittance_chunk set posted_at = now() where id = ?', [chunk.id]);
    const [progress] = await run<{ posted_claims: number; claim_count: number }>(
      `update remittance set posted_claims = posted_claims + ?, matched_claims = matched_claims + ?, unmatched_claims = unmatched_claims + ?,
         claims_with_denial = claims_with_denial + ?, tasks_created = tasks_created + ? where id = ? returning posted_claims, claim_count`,
      [staged.length, matchedCount, staged.length - matchedCount, withDenial, tasksCreated, remittanceId],
    );
    return {
      posted: staged.length, matched: matchedCount, unmatched: staged.length - matchedCount, ledgerRows: rows.length, tasksCreated,
      progress: { postedClaims: progress.posted_claims, claims: progress.claim_count },
    };
  });
}

async function claimLinesOf(run: Run, claimIds: number[]): Promise<Map<number, OurClaimLine[]>> {
  const lines = await run<OurClaimLine & { claimId: number }>(
    `select id, claim_id as "claimId", line_control_number as "lineControlNumber", procedure, modifiers,
       to_char(service_date, 'YYYY-MM-DD') as "serviceDate", units::text as units
     from claim_line where claim_id = any(?::int[]) order by claim_id, line_number`,
    [claimIds],
  );
  const byClaim = new Map<number, OurClaimLine[]>();
  for (const line of lines) {
    const list = byClaim.get(line.claimId);
    if (list) list.push(line);
    else byClaim.set(line.claimId, [line]);
  }
  return byClaim;
}

/**
 * One row per remittance claim: which claim of ours it paid (or none), CLP02 (19/20/21: forwarded
 * to the next payer). The claim as sent is kept only when it matched nothing, for the person who
 * works the unmatched-remittance task. Returns the row id per claim sequence.
 */
async function recordRemittanceClaims(
  run: Run, remittanceId: number, staged: readonly EraClaim[], claimByControl: ReadonlyMap<string, OurClaim>,
): Promise<Map<number, number>> {
  const rows = staged.map((claim) => {
    const ours = claimByControl.get(claim.controlNumber);
    return {
      sequence: claim.sequence, control_number: claim.controlNumber, status_code: claim.status, charge_cents: claim.chargeCents,
      paid_cents: claim.paidCents, claim_id: ours?.id ?? null, detail: ours ? null : claim,
    };
  });
  const ids = await run<{ id: number; sequence: number }>(
    `insert into remittance_claim (remittance_id, sequence, control_number, status_code, charge_cents, paid_cents, detail, claim_id, forwarded, posted_at)
     select ?, r.sequence, r.control_number, r.status_code, r.charge_cents, r.paid_cents, r.detail, r.claim_id, r.status_code in ('19', '20', '21'), now()
     from json_to_recordset(?::json) as r(sequence int, control_number text, status_code text, charge_cents bigint, paid_cents bigint, detail json, claim_id int)
     returning id, sequence`,
    [remittanceId, JSON.stringify(rows)],
  );
  return new Map(ids.map((r) => [r.sequence, r.id]));
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

function entryRow(entry: PlannedLedgerEntry, claim: OurClaim, payerId: number): LedgerRow {
  const kind = KIND[entry.kind];
  return {
    kind,
    amount_cents: entry.amountCents,
    claim_id: claim.id,
    claim_line_id: entry.line?.claimLineId ? Number(entry.line.claimLineId) : undefined,
    // Patient responsibility lands on the guarantor's account as well as the claim.
    account_id: kind === 'patient-responsibility' ? claim.account_id ?? undefined : undefined,
    payer_id: payerId,
    group_code: entry.group,
    reason_code: entry.reason,
    remark_codes: entry.remarkCodes.length ? entry.remarkCodes : undefined,
    idempotency_key: entry.idempotencyKey,
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
