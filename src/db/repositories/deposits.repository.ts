// Bank deposits: written in bulk when a bank file is read, then paired with remittances by
// reconciliation.deposits. Amounts are integer cents; accounts are stored masked.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BankDeposit } from '../../domain/deposits/bank-deposit.js';
import type { DepositMatch, OpenRemittance, UnmatchedDeposit } from '../../domain/deposits/deposit-matching.js';
import { json, slices, sqlRunner, type Run } from '../sql.js';

export interface DepositFileTotals {
  deposits: number;
  totalCents: number;
  /** Deposits by status: unmatched, matched, variance. */
  byStatus: Record<string, number>;
}

export interface DepositView {
  id: number;
  fileId: number;
  line: number;
  depositDate: string;
  amountCents: number;
  traceNumber: string | null;
  bankAccount: string;
  typeCode: string | null;
  status: string;
  remittanceId: number | null;
}

export class DepositsRepository {
  private readonly run: Run;

  constructor(em: EntityManager) {
    this.run = sqlRunner(em);
  }

  /** A file's deposits, all in one statement per slice; a line already stored is left as it is. */
  async addFromFile(fileId: number, deposits: readonly BankDeposit[]): Promise<number> {
    let added = 0;
    for (const slice of slices(deposits, 5000)) {
      const rows = await this.run<{ id: number }>(
        `insert into deposit (file_id, line, deposit_date, amount_cents, trace_number, bank_reference, customer_reference, bank_account, type_code, created_at)
         select ?, line, deposit_date, amount_cents, trace_number, bank_reference, customer_reference, bank_account, type_code, now()
         from json_to_recordset(?::json) as d(line int, deposit_date date, amount_cents bigint, trace_number text, bank_reference text,
           customer_reference text, bank_account text, type_code text)
         on conflict (file_id, line) do nothing returning id`,
        [fileId, json(slice.map((d) => ({
          line: d.line, deposit_date: d.depositDate, amount_cents: d.amountCents, trace_number: d.traceNumber, bank_reference: d.bankReference,
          customer_reference: d.customerReference, bank_account: d.bankAccount, type_code: d.typeCode,
        })))],
      );
      added += rows.length;
    }
    return added;
  }

  /** A bank file's row, locked for this transaction: two imports of it read it in turn. */
  async lockBankFile(fileId: number): Promise<{ kind: string; status: string; error: string | null } | undefined> {
    const [row] = await this.run<{ kind: string; status: string; error: string | null }>(
      `select kind, status, error from edi_file where id = ? and kind in ('BAI2', 'deposits-csv') for update`, [fileId]);
    return row;
  }

  async fileTotals(fileId: number): Promise<DepositFileTotals> {
    const rows = await this.run<{ status: string; n: number; cents: string }>(
      'select status, count(*)::int as n, coalesce(sum(amount_cents), 0)::text as cents from deposit where file_id = ? group by status',
      [fileId],
    );
    return {
      deposits: rows.reduce((n, r) => n + r.n, 0),
      totalCents: rows.reduce((n, r) => n + Number(r.cents), 0),
      byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
    };
  }

  /** Deposits for people (`rcm deposits list`): newest first, optionally of one status. */
  async list(options: { status?: string; limit: number }): Promise<DepositView[]> {
    const rows = await this.run<{ id: number; file_id: number; line: number; deposit_date: string; amount_cents: string; trace_number: string | null;
      bank_account: string; type_code: string | null; status: string; remittance_id: number | null }>(
      `select id, file_id, line, to_char(deposit_date, 'YYYY-MM-DD') as deposit_date, amount_cents, trace_number, bank_account, type_code, status, remittance_id
       from deposit where (?::text is null or status = ?) order by deposit_date desc, id desc limit ?`,
      [options.status ?? null, options.status ?? null, options.limit],
    );
    return rows.map((r) => ({
      id: r.id, fileId: r.file_id, line: r.line, depositDate: r.deposit_date, amountCents: Number(r.amount_cents), traceNumber: r.trace_number,
      bankAccount: r.bank_account, typeCode: r.type_code, status: r.status, remittanceId: r.remittance_id,
    }));
  }

  /** One matching pass at a time: a second run of the job waits for the first to commit. */
  async lockMatching(): Promise<void> {
    await this.run("select pg_advisory_xact_lock(hashtextextended('reconciliation.deposits', 0))");
  }

  async unmatchedDeposits(): Promise<UnmatchedDeposit[]> {
    const rows = await this.run<{ id: number; deposit_date: string; amount_cents: string; trace_number: string | null }>(
      `select id, to_char(deposit_date, 'YYYY-MM-DD') as deposit_date, amount_cents, trace_number from deposit where status = 'unmatched' order by id`,
    );
    return rows.map((r) => ({ id: r.id, depositDate: r.deposit_date, amountCents: Number(r.amount_cents), traceNumber: r.trace_number }));
  }

  /**
   * Remittances that carry money and that no deposit has been matched to: staged or posted (not a
   * duplicate copy, not a refused conflict), with a positive payment. Their date is the payment's
   * (BPR16), else the day the 835 arrived in the office's zone.
   */
  async openRemittances(timezone: string): Promise<OpenRemittance[]> {
    const rows = await this.run<{ id: number; trace_number: string; payment_cents: string; payment_method: string; era_date: string; payer_id: number | null }>(
      `select r.id, r.trace_number, r.payment_cents, r.payment_method, r.payer_id,
         to_char(coalesce(r.payment_date, (r.created_at at time zone ?)::date), 'YYYY-MM-DD') as era_date
       from remittance r
       where r.status in ('staged', 'posted') and r.payment_cents > 0
         and not exists (select 1 from deposit d where d.remittance_id = r.id)
       order by r.id`,
      [timezone],
    );
    return rows.map((r) => ({
      id: r.id, traceNumber: r.trace_number, paymentCents: Number(r.payment_cents), paymentMethod: r.payment_method, eraDate: r.era_date, payerId: r.payer_id,
    }));
  }

  /** Records the pairs; only deposits still unmatched change (a concurrent pass cannot pair one twice). */
  async recordMatches(matches: readonly DepositMatch[], at: Date): Promise<number> {
    let changed = 0;
    for (const slice of slices(matches, 5000)) {
      const rows = await this.run<{ id: number }>(
        `update deposit d set status = m.status, remittance_id = m.remittance_id, matched_at = ?
         from json_to_recordset(?::json) as m(deposit_id int, remittance_id int, status text)
         where d.id = m.deposit_id and d.status = 'unmatched' returning d.id`,
        [at, json(slice.map((m) => ({ deposit_id: m.depositId, remittance_id: m.remittanceId, status: m.status })))],
      );
      changed += rows.length;
    }
    return changed;
  }

  /**
   * The deposit-variance tasks these subjects ever had, open or closed, as "<subject id> <reason
   * key>": a variance a person has settled is not opened again by the next day's run.
   */
  async varianceTaskKeys(subjectType: 'deposit' | 'remittance', subjectIds: readonly number[]): Promise<Set<string>> {
    if (subjectIds.length === 0) return new Set();
    const rows = await this.run<{ subject_id: number; reason_key: string }>(
      `select distinct subject_id, reason_key from task where type = 'deposit-variance' and subject_type = ? and subject_id = any(?::int[])`,
      [subjectType, [...subjectIds]],
    );
    return new Set(rows.map((r) => `${r.subject_id} ${r.reason_key}`));
  }
}
