// A guarantor's account as collections works it: found by number or id, locked while its balance
// moves, its cached patient balance and dunning stage changed, and the payments it received.
import type { Run } from '../sql.js';
import type { PaymentMethod } from '../../domain/collections/patient-payment.js';

export interface PatientAccount {
  id: number;
  accountNumber: string;
  patientBalanceCents: number;
  dunningStage: string;
}

export interface PatientPaymentRow {
  id: number;
  accountId: number;
  amountCents: number;
  paymentDate: string;
  method: PaymentMethod;
  reference: string;
  planId: number | null;
  appliedToPlanCents: number;
  receivedBy: string | null;
  createdAt: string;
}

const ACCOUNT_COLUMNS = 'id, account_number, patient_balance_cents, dunning_stage';
const PAYMENT_SELECT = `select p.id, p.account_id, p.amount_cents, to_char(p.payment_date, 'YYYY-MM-DD') as payment_date, p.method, p.reference,
    p.plan_id, p.applied_to_plan_cents, s.login as received_by, p.created_at
  from patient_payment p left join specialist s on s.id = p.received_by_id`;

function accountOf(row: Record<string, any>): PatientAccount {
  return { id: Number(row.id), accountNumber: row.account_number, patientBalanceCents: Number(row.patient_balance_cents), dunningStage: row.dunning_stage };
}

function paymentOf(row: Record<string, any>): PatientPaymentRow {
  return {
    id: Number(row.id), accountId: Number(row.account_id), amountCents: Number(row.amount_cents), paymentDate: row.payment_date,
    method: row.method, reference: row.reference, planId: row.plan_id === null ? null : Number(row.plan_id),
    appliedToPlanCents: Number(row.applied_to_plan_cents), receivedBy: row.received_by ?? null, createdAt: new Date(row.created_at).toISOString(),
  };
}

export class PatientAccountsRepository {
  constructor(private readonly run: Run) {}

  async findById(id: number): Promise<PatientAccount | undefined> {
    const [row] = await this.run(`select ${ACCOUNT_COLUMNS} from account where id = ?`, [id]);
    return row && accountOf(row);
  }

  async findByNumber(accountNumber: string): Promise<PatientAccount | undefined> {
    const [row] = await this.run(`select ${ACCOUNT_COLUMNS} from account where account_number = ?`, [accountNumber]);
    return row && accountOf(row);
  }

  /** The account locked as posting locks it (no key update): its balance moves one change at a time. */
  async lock(id: number): Promise<PatientAccount | undefined> {
    const [row] = await this.run(`select ${ACCOUNT_COLUMNS} from account where id = ? for no key update`, [id]);
    return row && accountOf(row);
  }

  /** Moves the cached patient balance (the account is locked by the caller). */
  async moveBalance(id: number, deltaCents: number): Promise<number> {
    const [row] = await this.run<{ patient_balance_cents: string }>(
      'update account set patient_balance_cents = patient_balance_cents + ? where id = ? returning patient_balance_cents', [deltaCents, id],
    );
    return Number(row.patient_balance_cents);
  }

  /** Sets the dunning stage, only from the stage given (so a plan never moves an account the cycle has moved since). */
  async moveDunningStage(id: number, from: string, to: string): Promise<boolean> {
    const rows = await this.run('update account set dunning_stage = ? where id = ? and dunning_stage = ? returning id', [to, id, from]);
    return rows.length > 0;
  }

  async setDunningStage(id: number, to: string): Promise<void> {
    await this.run('update account set dunning_stage = ? where id = ?', [to, id]);
  }

  async paymentByKey(idempotencyKey: string): Promise<PatientPaymentRow | undefined> {
    const [row] = await this.run(`${PAYMENT_SELECT} where p.idempotency_key = ?`, [idempotencyKey]);
    return row && paymentOf(row);
  }

  async insertPayment(payment: {
    accountId: number; amountCents: number; paymentDate: string; method: PaymentMethod; reference: string; idempotencyKey: string;
    planId: number | null; appliedToPlanCents: number; receivedById: number | null;
  }, at: Date): Promise<number> {
    const [row] = await this.run<{ id: number }>(
      `insert into patient_payment (account_id, amount_cents, payment_date, method, reference, idempotency_key, plan_id, applied_to_plan_cents,
         received_by_id, created_at) values (?, ?, ?::date, ?, ?, ?, ?, ?, ?, ?) returning id`,
      [payment.accountId, payment.amountCents, payment.paymentDate, payment.method, payment.reference, payment.idempotencyKey, payment.planId,
        payment.appliedToPlanCents, payment.receivedById, at],
    );
    return Number(row.id);
  }

  async paymentById(id: number): Promise<PatientPaymentRow | undefined> {
    const [row] = await this.run(`${PAYMENT_SELECT} where p.id = ?`, [id]);
    return row && paymentOf(row);
  }

  /** The account's payments, newest first. */
  async paymentsOf(accountId: number): Promise<PatientPaymentRow[]> {
    return (await this.run(`${PAYMENT_SELECT} where p.account_id = ? order by p.payment_date desc, p.id desc`, [accountId])).map(paymentOf);
  }
}
