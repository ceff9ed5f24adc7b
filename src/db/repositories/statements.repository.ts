// Statements as read back: one statement with what its PDF prints (the guarantor, the visits behind
// the balance with what insurance paid and adjusted), the day's agency referrals, and the PDF kept.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgencyReferral } from '../../domain/collections/agency-referral.js';
import { sqlRunner, type Run } from '../sql.js';

export interface StatementRecord {
  id: number;
  accountId: number;
  accountNumber: string;
  kind: 'statement' | 'final-notice' | 'agency-referral';
  stage: string;
  statementDate: string;
  dueDate: string | null;
  amountDueCents: number;
  hasPdf: boolean;
}

export interface StatementVisit {
  serviceDate: string;
  payerName: string;
  procedures: Array<{ code: string; chargeCents: number }>;
  chargeCents: number;
  insurancePaidCents: number;
  adjustedCents: number;
  /** Still with insurance (billed, not yet settled). */
  pendingCents: number;
  patientCents: number;
}

export interface StatementGuarantor {
  lastName: string;
  firstName: string | null;
  address: Record<string, string> | null;
}

const STATEMENT_COLUMNS = `s.id, s.account_id, a.account_number, s.kind, s.stage, to_char(s.statement_date, 'YYYY-MM-DD') as statement_date,
  to_char(s.due_date, 'YYYY-MM-DD') as due_date, s.amount_due_cents, s.pdf is not null as has_pdf`;

export class StatementsRepository {
  private readonly run: Run;

  constructor(em: EntityManager | Run) {
    this.run = typeof em === 'function' ? em : sqlRunner(em);
  }

  async statement(id: number): Promise<StatementRecord | undefined> {
    const [r] = await this.run<Record<string, any>>(`select ${STATEMENT_COLUMNS} from statement s join account a on a.id = s.account_id where s.id = ?`, [id]);
    return r === undefined ? undefined : toRecord(r);
  }

  async statementsOf(accountId: number): Promise<StatementRecord[]> {
    const rows = await this.run<Record<string, any>>(
      `select ${STATEMENT_COLUMNS} from statement s join account a on a.id = s.account_id where s.account_id = ? order by s.statement_date, s.id`, [accountId]);
    return rows.map(toRecord);
  }

  /** The account's first patient (by id) stands for the guarantor: accounts hold no separate guarantor row. */
  async guarantor(accountId: number): Promise<StatementGuarantor | undefined> {
    const [r] = await this.run<Record<string, any>>(
      'select last_name, first_name, address from patient where account_id = ? order by id limit 1', [accountId]);
    return r === undefined ? undefined : { lastName: r.last_name, firstName: r.first_name ?? null, address: r.address ?? null };
  }

  /** The visits with a patient share, served on or before the statement date, oldest first. */
  async visits(accountId: number, through: string): Promise<StatementVisit[]> {
    const rows = await this.run<Record<string, any>>(
      `select to_char(c.service_date, 'YYYY-MM-DD') as service_date, y.name as payer_name, c.charge_cents, c.paid_cents, c.patient_resp_cents,
         c.balance_cents, c.charge_cents - c.paid_cents - c.patient_resp_cents - c.balance_cents as adjusted_cents,
         coalesce((select json_agg(json_build_object('code', l.procedure, 'cents', l.charge_cents) order by l.line_number)
           from claim_line l where l.claim_id = c.id), '[]'::json) as procedures
       from claim c join patient p on p.id = c.patient_id join payer y on y.id = c.payer_id
       where p.account_id = ? and c.patient_resp_cents > 0 and c.service_date <= ?::date
       order by c.service_date, c.id`,
      [accountId, through],
    );
    return rows.map((r) => ({
      serviceDate: r.service_date, payerName: r.payer_name, chargeCents: Number(r.charge_cents), insurancePaidCents: Number(r.paid_cents),
      adjustedCents: Number(r.adjusted_cents), pendingCents: Number(r.balance_cents), patientCents: Number(r.patient_resp_cents),
      procedures: (r.procedures as Array<{ code: string; cents: number }>).map((l) => ({ code: l.code, chargeCents: Number(l.cents) })),
    }));
  }

  async pdf(id: number): Promise<Buffer | null> {
    const [r] = await this.run<{ pdf: Buffer | null }>('select pdf from statement where id = ?', [id]);
    return r?.pdf ?? null;
  }

  /** Keeps the first rendering only: a second render (a race) leaves the stored one, which the caller then reads. */
  async keepPdf(id: number, pdf: Buffer): Promise<void> {
    await this.run('update statement set pdf = ?, pdf_rendered_at = now() where id = ? and pdf is null', [pdf, id]);
  }

  /** Statements with no PDF yet, oldest first (for batch rendering). */
  async withoutPdf(limit: number): Promise<number[]> {
    const rows = await this.run<{ id: number }>(
      `select id from statement where pdf is null order by id limit ?`, [limit]);
    return rows.map((r) => r.id);
  }

  /** The accounts referred to the agency on `asOf`, by account number. */
  async agencyReferrals(asOf: string): Promise<AgencyReferral[]> {
    const rows = await this.run<Record<string, any>>(
      `select a.account_number, s.amount_due_cents, g.last_name, g.first_name, g.address,
         coalesce((select json_agg(json_build_object('date', to_char(c.service_date, 'YYYY-MM-DD'), 'cents', c.patient_resp_cents)
             order by c.service_date, c.id)
           from claim c join patient p on p.id = c.patient_id where p.account_id = a.id and c.patient_resp_cents > 0), '[]'::json) as services
       from statement s join account a on a.id = s.account_id
       left join lateral (select last_name, first_name, address from patient where account_id = a.id order by id limit 1) g on true
       where s.kind = 'agency-referral' and s.statement_date = ?::date
       order by a.account_number`,
      [asOf],
    );
    return rows.map((r) => ({
      accountNumber: r.account_number, guarantorLastName: r.last_name ?? '', guarantorFirstName: r.first_name ?? null, address: r.address ?? null,
      balanceCents: Number(r.amount_due_cents), referredOn: asOf,
      services: (r.services as Array<{ date: string; cents: number }>).map((s) => ({ date: s.date, cents: Number(s.cents) })),
    }));
  }
}

function toRecord(r: Record<string, any>): StatementRecord {
  return {
    id: r.id, accountId: r.account_id, accountNumber: r.account_number, kind: r.kind, stage: r.stage, statementDate: r.statement_date,
    dueDate: r.due_date ?? null, amountDueCents: Number(r.amount_due_cents), hasPdf: r.has_pdf,
  };
}
