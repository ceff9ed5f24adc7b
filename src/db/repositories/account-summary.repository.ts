// What an account summary reads: the account's claims (through its patients) with their lines,
// what the ledger holds for each claim by payer, kind and reason, and the statements sent.
import type { Run } from '../sql.js';

export interface SummaryClaim {
  id: number;
  controlNumber: string;
  payerId: number;
  payerName: string;
  serviceDate: string;
  status: string;
  chargeCents: number;
  balanceCents: number;
  lines: Array<{ id: number; lineNumber: number; serviceDate: string; procedure: string; modifiers: string[]; units: string; chargeCents: number }>;
}

export interface SummaryLedgerSum {
  claimId: number;
  payerId: number | null;
  payerName: string | null;
  kind: string;
  groupCode: string | null;
  reasonCode: string | null;
  amountCents: number;
}

export interface SummaryStatement {
  id: number;
  kind: string;
  stage: string;
  statementDate: string;
  amountDueCents: number;
}

export class AccountSummaryRepository {
  constructor(private readonly run: Run) {}

  /** The account's claims, oldest service first, each with its lines in line order. */
  async claimsOf(accountId: number): Promise<SummaryClaim[]> {
    const claims = await this.run(
      `select c.id, c.control_number, c.payer_id, y.name as payer_name, to_char(c.service_date, 'YYYY-MM-DD') as service_date, c.status,
         c.charge_cents, c.balance_cents
       from claim c join patient p on p.id = c.patient_id join payer y on y.id = c.payer_id
       where p.account_id = ? order by c.service_date, c.id`, [accountId],
    );
    if (claims.length === 0) return [];
    const lines = await this.run(
      `select id, claim_id, line_number, to_char(service_date, 'YYYY-MM-DD') as service_date, procedure, modifiers, units::text as units, charge_cents
       from claim_line where claim_id = any(?::int[]) order by claim_id, line_number`, [claims.map((c) => Number(c.id))],
    );
    return claims.map((c) => ({
      id: Number(c.id), controlNumber: c.control_number, payerId: Number(c.payer_id), payerName: c.payer_name, serviceDate: c.service_date,
      status: c.status, chargeCents: Number(c.charge_cents), balanceCents: Number(c.balance_cents),
      lines: lines.filter((l) => Number(l.claim_id) === Number(c.id)).map((l) => ({
        id: Number(l.id), lineNumber: Number(l.line_number), serviceDate: l.service_date, procedure: l.procedure, modifiers: l.modifiers ?? [],
        units: l.units, chargeCents: Number(l.charge_cents),
      })),
    }));
  }

  /** Ledger amounts of these claims summed by payer, kind, group and reason (charges left out: the claim has them). */
  async ledgerSumsOf(claimIds: readonly number[]): Promise<SummaryLedgerSum[]> {
    if (claimIds.length === 0) return [];
    const rows = await this.run(
      `select e.claim_id, e.payer_id, y.name as payer_name, e.kind, e.group_code, e.reason_code, sum(e.amount_cents) as amount_cents
       from ledger_entry e left join payer y on y.id = e.payer_id
       where e.claim_id = any(?::int[]) and e.kind <> 'charge'
       group by e.claim_id, e.payer_id, y.name, e.kind, e.group_code, e.reason_code
       order by e.claim_id, e.payer_id, e.kind, e.group_code, e.reason_code`, [claimIds],
    );
    return rows.map((r) => ({
      claimId: Number(r.claim_id), payerId: r.payer_id === null ? null : Number(r.payer_id), payerName: r.payer_name ?? null, kind: r.kind,
      groupCode: r.group_code ?? null, reasonCode: r.reason_code ?? null, amountCents: Number(r.amount_cents),
    }));
  }

  /** Statements sent to the account, newest first. */
  async statementsOf(accountId: number): Promise<SummaryStatement[]> {
    const rows = await this.run(
      `select id, kind, stage, to_char(statement_date, 'YYYY-MM-DD') as statement_date, amount_due_cents
       from statement where account_id = ? order by statement_date desc, id desc`, [accountId],
    );
    return rows.map((r) => ({ id: Number(r.id), kind: r.kind, stage: r.stage, statementDate: r.statement_date, amountDueCents: Number(r.amount_due_cents) }));
  }
}
