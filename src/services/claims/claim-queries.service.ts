// Reads for `rcm claims get/list` and the API: a claim with its lines, edits and timeline.
// Money fields are the ledger caches on the claim and its lines (zero until posting writes them).
import type { EntityManager } from '@mikro-orm/postgresql';
import { CLAIM_STATUSES, type ClaimStatus } from '../../db/entities/claims.js';
import { BadInputError } from '../../errors.js';
import { sqlRunner } from '../../db/sql.js';

export interface ClaimView {
  controlNumber: string;
  status: ClaimStatus;
  payerId: string;
  frequency: string;
  chargeCents: number;
  paidCents: number;
  contractualCents: number;
  deniedCents: number;
  patientRespCents: number;
  balanceCents: number;
  lines: Array<{ lineControlNumber: string; procedure: string; modifiers: string[]; units: number; chargeCents: number; paidCents: number; contractualCents: number; deniedCents: number; patientRespCents: number }>;
  edits: Array<{ code: string; severity: string; field: string; line: number | null; message: string }>;
  events: Array<{ from: string | null; to: string; at: string; detail: Record<string, unknown> | null }>;
}

export type ClaimSummary = Omit<ClaimView, 'lines' | 'edits' | 'events'>;

const SUMMARY_COLUMNS = `c.control_number, c.status, p.payer_id as payer_code, c.frequency, c.charge_cents, c.paid_cents, c.contractual_cents,
  c.denied_cents, c.patient_resp_cents, c.balance_cents`;

export async function getClaim(em: EntityManager, controlNumber: string): Promise<ClaimView | undefined> {
  const run = sqlRunner(em);
  const [row] = await run<Record<string, any>>(
    `select c.id, ${SUMMARY_COLUMNS} from claim c join payer p on p.id = c.payer_id where c.control_number = ?`, [controlNumber],
  );
  if (!row) return undefined;
  // Each line's money from the ledger (the claim's entries, found through the claim_id index).
  const lines = await run<Record<string, any>>(
    `select l.line_control_number, l.procedure, l.modifiers, l.units, l.charge_cents,
       coalesce(sum(e.amount_cents) filter (where e.kind = 'payment'), 0) as paid_cents,
       coalesce(sum(e.amount_cents) filter (where e.kind = 'contractual'), 0) as contractual_cents,
       coalesce(sum(e.amount_cents) filter (where e.kind = 'denial'), 0) as denied_cents,
       coalesce(sum(e.amount_cents) filter (where e.kind = 'patient-responsibility'), 0) as patient_resp_cents
     from claim_line l left join ledger_entry e on e.claim_id = l.claim_id and e.claim_line_id = l.id
     where l.claim_id = ? group by l.id order by l.line_number`, [row.id],
  );
  const edits = await run<Record<string, any>>('select code, severity, field, line, message from claim_edit where claim_id = ? order by id', [row.id]);
  const events = await run<Record<string, any>>('select from_status, to_status, at, detail from claim_event where claim_id = ? order by id', [row.id]);
  return {
    ...summary(row),
    lines: lines.map((l) => ({
      lineControlNumber: l.line_control_number, procedure: l.procedure, modifiers: l.modifiers, units: Number(l.units),
      chargeCents: Number(l.charge_cents), paidCents: Number(l.paid_cents), contractualCents: Number(l.contractual_cents),
      deniedCents: Number(l.denied_cents), patientRespCents: Number(l.patient_resp_cents),
    })),
    edits: edits.map((e) => ({ code: e.code, severity: e.severity, field: e.field, line: e.line, message: e.message })),
    events: events.map((e) => ({ from: e.from_status, to: e.to_status, at: new Date(e.at).toISOString(), detail: e.detail })),
  };
}

export async function listClaims(em: EntityManager, filter: { status?: string; payerId?: string; limit?: number } = {}): Promise<ClaimSummary[]> {
  if (filter.status && !(CLAIM_STATUSES as readonly string[]).includes(filter.status)) {
    throw new BadInputError(`unknown claim status "${filter.status}" (one of ${CLAIM_STATUSES.join(', ')})`);
  }
  const rows = await sqlRunner(em)<Record<string, any>>(
    `select ${SUMMARY_COLUMNS} from claim c join payer p on p.id = c.payer_id
     where (?::text is null or c.status = ?) and (?::text is null or p.payer_id = ?) order by c.id limit ?`,
    [filter.status ?? null, filter.status ?? null, filter.payerId ?? null, filter.payerId ?? null, filter.limit ?? 1000],
  );
  return rows.map(summary);
}

/** Claims per status, for the demo and the CLI summary. */
export async function countByStatus(em: EntityManager): Promise<Record<string, number>> {
  const rows = await sqlRunner(em)<{ status: string; n: number }>('select status, count(*)::int as n from claim group by status order by status');
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

function summary(row: Record<string, any>): ClaimSummary {
  return {
    controlNumber: row.control_number, status: row.status, payerId: row.payer_code, frequency: row.frequency,
    chargeCents: Number(row.charge_cents), paidCents: Number(row.paid_cents), contractualCents: Number(row.contractual_cents),
    deniedCents: Number(row.denied_cents), patientRespCents: Number(row.patient_resp_cents), balanceCents: Number(row.balance_cents),
  };
}
