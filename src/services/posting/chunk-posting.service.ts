// The `posting.chunk` job's work: post one staged chunk of a remittance's claims, in the
// transaction it is given (the chunk job's). The chunk row is locked and marked posted in that
// transaction, so a chunk run twice, or killed half-way and run again, posts once; every ledger
// row also carries its idempotency key. The domain plans the entries, matches the lines, decides
// the follow-up tasks and each claim's new status; the repositories write what was decided, with a
// claim_event row for every status the chunk changed.
import type { EntityManager } from '@mikro-orm/postgresql';
import { claimMoneyAfter, ledgerDeltas, moneyStatusReason, type LedgerDeltas } from '../../domain/claims/claim-money-status.js';
import {
  appealDeadline, denialOf, followUpTaskOf, matchClaimLines, matchRemittanceClaim, planRemittancePosting, planUnappliedPayment, underpaymentOf,
  type CarcTable, type ClaimMatch, type PostingTask, type RemittanceClaim as EraClaim,
} from '../../domain/remittance/index.js';
import { ClaimMoneyRepository, type ClaimMoneyChange, type ClaimToPost } from '../../db/repositories/claim-money.repository.js';
import { FeeSchedulesRepository } from '../../db/repositories/fee-schedules.repository.js';
import { LedgerRepository, type LedgerRow } from '../../db/repositories/ledger.repository.js';
import { RemittancesRepository, type RemittanceClaimRow } from '../../db/repositories/remittances.repository.js';
import { createFollowUpTasks } from '../tasks.service.js';
import { ledgerRowOf } from './ledger-entries.js';

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

export async function postRemittanceChunk(
  tx: EntityManager, remittanceId: number, from: number, to: number, options: { carcTable: CarcTable; timezone: string },
): Promise<ChunkResult> {
  const remittances = new RemittancesRepository(tx);
  const claimMoney = new ClaimMoneyRepository(tx);
  // The chunk row lock: a second run of this chunk waits for the first, then finds it posted.
  const chunk = await remittances.lockChunk(remittanceId, from, to);
  if (!chunk || chunk.postedAt !== null || chunk.remittanceStatus !== 'staged') return NOTHING;
  const staged = JSON.parse(chunk.claims) as EraClaim[];

  const claims = await claimMoney.lockClaimsByControlNumber([...new Set(staged.map((s) => s.controlNumber))]);
  // Each CLP's claim: its CLP01 among our claims of this remittance's payer and payee (never a guess among several).
  const parties = { payerId: chunk.payerId, payeeNpi: chunk.payeeNpi, payeeTaxId: chunk.payeeTaxId };
  const byControl = new Map<string, ClaimToPost[]>();
  for (const c of claims) byControl.set(c.controlNumber, [...(byControl.get(c.controlNumber) ?? []), c]);
  const matches = new Map(staged.map((s) => [s.sequence, matchRemittanceClaim(s.controlNumber, byControl.get(s.controlNumber) ?? [], parties)]));
  const linesByClaim = await claimMoney.linesOf(claims.map((c) => c.id));
  const fees = await new FeeSchedulesRepository(tx).ofPayers([...new Set(claims.map((c) => chunk.payerId ?? c.payerId))]);
  const remittanceClaimIds = await remittances.recordClaims(remittanceId, staged.map((claim) => remittanceClaimRow(claim, matches.get(claim.sequence)!)));

  const rows: LedgerRow[] = [];
  const tasks: PostingTask[] = [];
  let matchedCount = 0;
  let withDenial = 0;
  for (const claim of staged) {
    const match = matches.get(claim.sequence)!;
    if (!('claim' in match)) {
      for (const entry of planUnappliedPayment(claim, chunk.remittanceKey)) rows.push(ledgerRowOf(entry, { payerId: chunk.payerId }));
      tasks.push({
        type: 'unmatched-remittance', remittanceClaimId: remittanceClaimIds.get(claim.sequence)!, payerId: chunk.payerId, amountAtRiskCents: claim.paidCents,
        ambiguous: match.unmatched === 'ambiguous',
      });
      continue;
    }
    const ours = match.claim;
    matchedCount += 1;
    const matched = matchClaimLines(claim.lines, linesByClaim.get(ours.id) ?? []);
    const matchedIds = new Map([...matched].map(([sequence, line]) => [sequence, String(line.id)]));
    const entries = planRemittancePosting(claim, { remittanceKey: chunk.remittanceKey, carcTable: options.carcTable, matchedLines: matchedIds });
    const payerId = chunk.payerId ?? ours.payerId;
    for (const entry of entries) rows.push(ledgerRowOf(entry, { claimId: ours.id, accountId: ours.accountId, payerId }));
    const deadline = appealDeadline(chunk.effectiveDate, ours.appealDays);
    const denial = denialOf(entries);
    if (denial) {
      withDenial += 1;
      tasks.push({ type: 'denial', claimId: ours.id, payerId, deadline, ...denial });
    }
    const shortfall = underpaymentOf(claim.lines, entries, matched, fees.get(payerId) ?? new Map());
    if (shortfall > 0) tasks.push({ type: 'underpayment', claimId: ours.id, payerId, deadline, amountAtRiskCents: shortfall });
  }

  await new LedgerRepository(tx).addEntries({ source: `remittance:${remittanceId}`, effectiveDate: chunk.effectiveDate }, rows);
  const deltas = ledgerDeltas(rows);
  await claimMoney.applyClaimMoney(claimMoneyChanges(deltas.claims, claims), { remittanceId });
  await claimMoney.addPatientResponsibility(deltas.accounts);
  const tasksCreated = await createFollowUpTasks(tx, tasks.map(followUpTaskOf), { timezone: options.timezone });
  await remittances.markChunkPosted(chunk.id);
  const progress = await remittances.addChunkCounts(remittanceId, {
    posted: staged.length, matched: matchedCount, unmatched: staged.length - matchedCount, withDenial, tasksCreated,
  });
  return { posted: staged.length, matched: matchedCount, unmatched: staged.length - matchedCount, ledgerRows: rows.length, tasksCreated, progress };
}

/**
 * One row per remittance claim: which claim of ours it paid (or none), CLP02. The claim as sent is
 * kept only when it matched nothing, for the person who works the unmatched-remittance task.
 */
function remittanceClaimRow(claim: EraClaim, match: ClaimMatch<ClaimToPost>): RemittanceClaimRow {
  const ours = 'claim' in match ? match.claim : undefined;
  return {
    sequence: claim.sequence, control_number: claim.controlNumber, status_code: claim.status, charge_cents: claim.chargeCents,
    paid_cents: claim.paidCents, claim_id: ours?.id ?? null, detail: ours ? null : claim,
  };
}

/**
 * Each claim's deltas with the status its money now means, decided from the caches read under its
 * lock, and the reason to record when that status is a change (the claim's history).
 */
function claimMoneyChanges(deltas: LedgerDeltas['claims'], claims: readonly ClaimToPost[]): ClaimMoneyChange[] {
  const changes: ClaimMoneyChange[] = [];
  for (const claim of claims) { // in id order, as they were locked
    const delta = deltas.get(claim.id);
    if (!delta) continue;
    const after = claimMoneyAfter(claim, delta);
    changes.push({
      id: claim.id, paid: delta.paid, contractual: delta.contractual, denied: delta.denied, patient_resp: delta.patientResp,
      other: delta.other, status: after.status, from_status: claim.status, reason: moneyStatusReason(claim.status, after.status),
    });
  }
  return changes;
}
