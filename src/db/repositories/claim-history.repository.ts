// Claims as the submit, acknowledgment and query paths see them: status changes with their
// claim_event rows, the edits a person must fix, the ready queue per payer, and the read models
// behind `rcm claims get|list` and the API (each line's money from the ledger).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClaimMove, ClaimStatus } from '../../domain/claims/claim-status.js';
import { ClaimEdit } from '../entities/index.js';
import { json, slices, sqlRunner } from '../sql.js';

export interface ClaimStatusChange {
  claimId: number;
  /** Written on the claim_event row (file, codes, submission): never patient data. */
  detail: Record<string, unknown>;
}

export interface ClaimSummary {
  controlNumber: string;
  status: ClaimStatus;
  /** The payer's X12 id. */
  payerId: string;
  frequency: string;
  chargeCents: number;
  paidCents: number;
  contractualCents: number;
  deniedCents: number;
  patientRespCents: number;
  balanceCents: number;
}

export interface ClaimLineMoney {
  lineControlNumber: string; procedure: string; modifiers: string[]; units: number; chargeCents: number;
  paidCents: number; contractualCents: number; deniedCents: number; patientRespCents: number;
}
export interface ClaimEditView { code: string; severity: string; field: string; line: number | null; message: string }
export interface ClaimEventView { from: string | null; to: string; at: string; detail: Record<string, unknown> | null }

const SUMMARY_COLUMNS = `c.control_number, c.status, p.payer_id as payer_code, c.frequency, c.charge_cents, c.paid_cents,
  c.contractual_cents, c.denied_cents, c.patient_resp_cents, c.balance_cents`;

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

  /** Claim ids by control number (CLM01), for the control numbers we know. */
  async claimIdsByControlNumber(controlNumbers: readonly string[]): Promise<Map<string, number>> {
    if (controlNumbers.length === 0) return new Map();
    const rows = await sqlRunner(this.em)<{ id: number; control_number: string }>(
      'select id, control_number from claim where control_number = any(?)', [[...new Set(controlNumbers)]],
    );
    return new Map(rows.map((r) => [r.control_number, r.id]));
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

  async findSummary(controlNumber: string): Promise<(ClaimSummary & { id: number }) | undefined> {
    const [row] = await sqlRunner(this.em)<Record<string, any>>(
      `select c.id, ${SUMMARY_COLUMNS} from claim c join payer p on p.id = c.payer_id where c.control_number = ?`, [controlNumber],
    );
    return row ? { id: row.id, ...summary(row) } : undefined;
  }

  /** Each line with its money from the ledger (the claim's entries, found through the claim_id index). */
  async linesWithMoney(claimId: number): Promise<ClaimLineMoney[]> {
    const rows = await sqlRunner(this.em)<Record<string, any>>(
      `select l.line_control_number, l.procedure, l.modifiers, l.units, l.charge_cents,
         coalesce(sum(e.amount_cents) filter (where e.kind = 'payment'), 0) as paid_cents,
         coalesce(sum(e.amount_cents) filter (where e.kind = 'contractual'), 0) as contractual_cents,
         coalesce(sum(e.amount_cents) filter (where e.kind = 'denial'), 0) as denied_cents,
         coalesce(sum(e.amount_cents) filter (where e.kind = 'patient-responsibility'), 0) as patient_resp_cents
       from claim_line l left join ledger_entry e on e.claim_id = l.claim_id and e.claim_line_id = l.id
       where l.claim_id = ? group by l.id order by l.line_number`, [claimId],
    );
    return rows.map((l) => ({
      lineControlNumber: l.line_control_number, procedure: l.procedure, modifiers: l.modifiers, units: Number(l.units),
      chargeCents: Number(l.charge_cents), paidCents: Number(l.paid_cents), contractualCents: Number(l.contractual_cents),
      deniedCents: Number(l.denied_cents), patientRespCents: Number(l.patient_resp_cents),
    }));
  }

  async editsOf(claimId: number): Promise<ClaimEditView[]> {
    return sqlRunner(this.em)<ClaimEditView>('select code, severity, field, line, message from claim_edit where claim_id = ? order by id', [claimId]);
  }

  /** The claim's timeline, oldest first. */
  async eventsOf(claimId: number): Promise<ClaimEventView[]> {
    const rows = await sqlRunner(this.em)<Record<string, any>>('select from_status, to_status, at, detail from claim_event where claim_id = ? order by id', [claimId]);
    return rows.map((e) => ({ from: e.from_status, to: e.to_status, at: new Date(e.at).toISOString(), detail: e.detail }));
  }

  async listSummaries(filter: { status?: ClaimStatus; payerCode?: string; limit: number }): Promise<ClaimSummary[]> {
    const rows = await sqlRunner(this.em)<Record<string, any>>(
      `select ${SUMMARY_COLUMNS} from claim c join payer p on p.id = c.payer_id
       where (?::text is null or c.status = ?) and (?::text is null or p.payer_id = ?) order by c.id limit ?`,
      [filter.status ?? null, filter.status ?? null, filter.payerCode ?? null, filter.payerCode ?? null, filter.limit],
    );
    return rows.map(summary);
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await sqlRunner(this.em)<{ status: string; n: number }>('select status, count(*)::int as n from claim group by status order by status');
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}

function summary(row: Record<string, any>): ClaimSummary {
  return {
    controlNumber: row.control_number, status: row.status, payerId: row.payer_code, frequency: row.frequency,
    chargeCents: Number(row.charge_cents), paidCents: Number(row.paid_cents), contractualCents: Number(row.contractual_cents),
    deniedCents: Number(row.denied_cents), patientRespCents: Number(row.patient_resp_cents), balanceCents: Number(row.balance_cents),
  };
}
