// The read models behind `rcm claims get|list` and the API: a claim's summary, each line's money
// from the ledger, its edits and timeline. Built on a bare `Run`, so the CLI can answer from a
// plain pg connection without loading the ORM (`rcm claims get` in well under half a second).
import type { ClaimStatus } from '../../domain/claims/claim-status.js';
import type { Run } from '../sql.js';

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

export class ClaimReadsRepository {
  constructor(private readonly run: Run) {}

  /** The claim with this CLM01; of several (one per billing provider and payer), the first stored. */
  async findSummary(controlNumber: string): Promise<(ClaimSummary & { id: number }) | undefined> {
    const [row] = await this.run<Record<string, any>>(
      `select c.id, ${SUMMARY_COLUMNS} from claim c join payer p on p.id = c.payer_id where c.control_number = ? order by c.id limit 1`, [controlNumber],
    );
    return row ? { id: row.id, ...summary(row) } : undefined;
  }

  /** Each line with its money from the ledger (the claim's entries, found through the claim_id index). */
  async linesWithMoney(claimId: number): Promise<ClaimLineMoney[]> {
    const rows = await this.run<Record<string, any>>(
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
    return this.run<ClaimEditView>('select code, severity, field, line, message from claim_edit where claim_id = ? order by id', [claimId]);
  }

  /** The claim's timeline, oldest first. */
  async eventsOf(claimId: number): Promise<ClaimEventView[]> {
    const rows = await this.run<Record<string, any>>('select from_status, to_status, at, detail from claim_event where claim_id = ? order by id', [claimId]);
    return rows.map((e) => ({ from: e.from_status, to: e.to_status, at: new Date(e.at).toISOString(), detail: e.detail }));
  }

  async listSummaries(filter: { status?: ClaimStatus; payerCode?: string; limit: number }): Promise<ClaimSummary[]> {
    const rows = await this.run<Record<string, any>>(
      `select ${SUMMARY_COLUMNS} from claim c join payer p on p.id = c.payer_id
       where (?::text is null or c.status = ?) and (?::text is null or p.payer_id = ?) order by c.id limit ?`,
      [filter.status ?? null, filter.status ?? null, filter.payerCode ?? null, filter.payerCode ?? null, filter.limit],
    );
    return rows.map(summary);
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.run<{ status: string; n: number }>('select status, count(*)::int as n from claim group by status order by status');
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
