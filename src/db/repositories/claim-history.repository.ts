// Claims as the submit, acknowledgment and query paths see them: status changes with their
// claim_event rows, the edits a person must fix and the ready queue per payer. The read models
// behind `rcm claims get|list` and the API are in claim-reads.repository.ts.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClaimMove } from '../../domain/claims/claim-status.js';
import type { ClaimEditView } from './claim-reads.repository.js';
import { ClaimEdit } from '../entities/index.js';
import { json, slices, sqlRunner } from '../sql.js';

export interface ClaimStatusChange {
  claimId: number;
  /** Written on the claim_event row (file, codes, submission): never patient data. */
  detail: Record<string, unknown>;
}

export class ClaimHistoryRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Applies a move to the claims still in one of its from-statuses, each with its own event
   * detail, in one statement per slice; returns the ids that moved. Others are left alone.
   */
  async moveEach(move: ClaimMove, changes: readonly ClaimStatusChange[], at: Date): Promise<number[]> {
    const moved: number[] = [];
    const run = sqlRunner(this.em);
    for (const slice of slices(changes)) {
      const rows = await run<{ id: number }>(
        `with input as (select * from json_to_recordset(?::json) as r(claim_id int, detail jsonb)),
              old as (select c.id, c.status from claim c where c.id in (select claim_id from input) and c.status = any(?) order by c.id for update),
              upd as (update claim c set status = ?, updated_at = ? from old where c.id = old.id returning c.id, old.status as from_status)
         insert into claim_event (claim_id, from_status, to_status, detail, at)
         select upd.id, upd.from_status, ?, input.detail, ? from upd join input on input.claim_id = upd.id
         returning claim_id as id`,
        [json(slice.map((c) => ({ claim_id: c.claimId, detail: c.detail }))), move.from, move.to, at, move.to, at],
      );
      moved.push(...rows.map((r) => r.id));
    }
    return moved.sort((a, b) => a - b);
  }

  /** The same move and event detail for every claim given (a batch, a rejected interchange). */
  moveAll(move: ClaimMove, claimIds: readonly number[], detail: Record<string, unknown>, at: Date): Promise<number[]> {
    return this.moveEach(move, [...new Set(claimIds)].map((claimId) => ({ claimId, detail })), at);
  }

  /** Up to `limit` of the payer's ready claims, locked; claims another batch holds are skipped. */
  async lockReadyClaims(payerId: number, limit: number): Promise<number[]> {
    const rows = await sqlRunner(this.em)<{ id: number }>(
      `select id from claim where payer_id = ? and status = 'ready' order by id limit ? for update skip locked`, [payerId, limit],
    );
    return rows.map((r) => r.id);
  }

  async hasReadyClaims(payerId: number): Promise<boolean> {
    const rows = await sqlRunner(this.em)(`select 1 from claim where payer_id = ? and status = 'ready' limit 1`, [payerId]);
    return rows.length > 0;
  }

  /** Every claim carrying one of these control numbers (CLM01 is unique per provider and payer only), with its status. */
  async claimsByControlNumber(controlNumbers: readonly string[]): Promise<Array<{ id: number; controlNumber: string; status: string }>> {
    if (controlNumbers.length === 0) return [];
    const rows = await sqlRunner(this.em)<{ id: number; control_number: string; status: string }>(
      'select id, control_number, status from claim where control_number = any(?) order by id', [[...new Set(controlNumbers)]],
    );
    return rows.map((r) => ({ id: r.id, controlNumber: r.control_number, status: r.status }));
  }

  /** The payer's claim number (REF*1K) where the claim has none yet. */
  async recordPayerClaimNumbers(numbers: ReadonlyArray<{ claimId: number; payerClaimNumber: string }>): Promise<void> {
    if (numbers.length === 0) return;
    await sqlRunner(this.em)(
      `update claim c set payer_claim_number = r.number from json_to_recordset(?::json) as r(claim_id int, number text)
       where c.id = r.claim_id and c.payer_claim_number is null`,
      [json(numbers.map((n) => ({ claim_id: n.claimId, number: n.payerClaimNumber })))],
    );
  }

  async addEdit(claimId: number, edit: Omit<ClaimEditView, 'line'> & { line: number | null; severity: 'error' | 'warning' }, at: Date): Promise<void> {
    await this.em.insert(ClaimEdit, { claimId, code: edit.code, severity: edit.severity, field: edit.field, line: edit.line, message: edit.message, createdAt: at });
  }

  /** How many claims of an imported file are still drafts (not scrubbed yet). */
  async countDraftsFromFile(fileId: number): Promise<number> {
    const [row] = await sqlRunner(this.em)<{ n: number }>(`select count(*)::int as n from claim where source_file_id = ? and status = 'draft'`, [fileId]);
    return row.n;
  }
}
