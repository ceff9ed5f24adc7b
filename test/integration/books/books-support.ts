// An invented office's books written straight into the test's schema: payers, a provider,
// guarantors, claims with lines, 837P batches that sent them, and ledger entries. Invented data
// only. The services under test read these tables exactly as posting and submission leave them.
import type { TestEnv } from '../../support/test-env.js';
import { query } from '../tasks/outcome-support.js';

export { query };

export interface Office {
  providerId: number;
  payer: (code: string, days?: { timelyFiling?: number; appeal?: number; followUp?: number }) => Promise<number>;
  guarantor: () => Promise<{ accountId: number; patientId: number }>;
}

let counter = 0;

export async function inventedOffice(env: TestEnv): Promise<Office> {
  const [{ id: providerId }] = await query(env, `insert into provider (npi, name, created_at) values ('1234567893', 'INVENTED CLINIC', now()) returning id`);
  return {
    providerId,
    payer: async (code, days = {}) => {
      const [{ id }] = await query(env,
        `insert into payer (payer_id, name, timely_filing_days, appeal_days, follow_up_days, created_at) values (?, ?, ?, ?, ?, now()) returning id`,
        [code, `INVENTED PAYER ${code}`, days.timelyFiling ?? 90, days.appeal ?? 180, days.followUp ?? 30]);
      return id;
    },
    guarantor: async () => {
      counter += 1;
      const [{ id: accountId }] = await query(env, `insert into account (account_number, created_at) values (?, now()) returning id`, [`G${counter}`]);
      const [{ id: patientId }] = await query(env, `insert into patient (account_id, last_name, created_at) values (?, 'INVENTED', now()) returning id`, [accountId]);
      return { accountId, patientId };
    },
  };
}

export interface NewClaim {
  payerId: number;
  patientId: number;
  serviceDate: string;
  lineCharges: number[];
  status?: string;
}

/** A claim with its lines (charges in cents), caches as posting would leave an unpaid claim. */
export async function addClaim(env: TestEnv, office: Office, claim: NewClaim): Promise<{ claimId: number; lineIds: number[]; chargeCents: number }> {
  counter += 1;
  const charge = claim.lineCharges.reduce((a, b) => a + b, 0);
  const [{ id: claimId }] = await query(env,
    `insert into claim (control_number, payer_id, provider_id, patient_id, status, frequency, place_of_service, service_date, diagnoses,
       charge_cents, balance_cents, created_at, updated_at)
     values (?, ?, ?, ?, ?, '1', '11', ?, '[]', ?, ?, now(), now()) returning id`,
    [`CN${counter}`, claim.payerId, office.providerId, claim.patientId, claim.status ?? 'accepted', claim.serviceDate, charge, charge]);
  const lineIds: number[] = [];
  for (const [i, lineCharge] of claim.lineCharges.entries()) {
    const [{ id }] = await query(env,
      `insert into claim_line (claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents, diagnosis_pointers, service_date)
       values (?, ?, ?, '99213', '[]', 1, 'UN', ?, '[1]', ?) returning id`, [claimId, i + 1, `L${i + 1}`, lineCharge, claim.serviceDate]);
    lineIds.push(id);
  }
  return { claimId, lineIds, chargeCents: charge };
}

/** An 837P batch to the payer that carried these claims, sent at `sentAt`. */
export async function sendBatch(env: TestEnv, payerId: number, claimIds: number[], sentAt: string): Promise<number> {
  counter += 1;
  const [{ id: fileId }] = await query(env,
    `insert into edi_file (kind, direction, file_name, sha256, size_bytes, status, received_at)
     values ('837P', 'outbound', ?, ?, 0, 'processed', now()) returning id`, [`batch${counter}.837`, `sha${counter}`]);
  const [{ id }] = await query(env,
    `insert into submission (payer_id, clearinghouse, control_number, file_id, claim_count, charge_cents, status, created_at, sent_at)
     values (?, 'simulator', ?, ?, ?, 0, 'sent', ?::timestamptz, ?::timestamptz) returning id`, [payerId, 100000 + counter, fileId, claimIds.length, sentAt, sentAt]);
  for (const claimId of claimIds) await query(env, 'insert into submission_claim (submission_id, claim_id) values (?, ?)', [id, claimId]);
  return id;
}

export interface Entry {
  kind: string;
  cents: number;
  claimId?: number;
  lineId?: number;
  accountId?: number;
  date?: string;
}

/** Ledger entries as posting writes them (one idempotency key each). */
export async function addEntries(env: TestEnv, entries: Entry[]): Promise<void> {
  for (const e of entries) {
    counter += 1;
    await query(env,
      `insert into ledger_entry (kind, amount_cents, claim_id, claim_line_id, account_id, source, idempotency_key, effective_date, posted_at)
       values (?, ?, ?, ?, ?, 'test', ?, ?::date, now())`,
      [e.kind, e.cents, e.claimId ?? null, e.lineId ?? null, e.accountId ?? null, `test:${counter}`, e.date ?? '2026-11-01']);
  }
}

/**
 * Posts a payment the way posting does: ledger entries on the claim (and PR on the guarantor), and
 * the claim's and account's caches moved by the same amounts, so the books agree.
 */
export async function postPayment(env: TestEnv, p: { claimId: number; lineId?: number; accountId: number; paid: number; contractual: number; patientResp: number; date?: string }): Promise<void> {
  await addEntries(env, [
    { kind: 'payment', cents: p.paid, claimId: p.claimId, lineId: p.lineId, date: p.date },
    { kind: 'contractual', cents: p.contractual, claimId: p.claimId, lineId: p.lineId, date: p.date },
    ...(p.patientResp ? [{ kind: 'patient-responsibility', cents: p.patientResp, claimId: p.claimId, lineId: p.lineId, accountId: p.accountId, date: p.date }] : []),
  ]);
  await query(env,
    `update claim set paid_cents = paid_cents + ?, contractual_cents = contractual_cents + ?, patient_resp_cents = patient_resp_cents + ?,
       balance_cents = balance_cents - ? where id = ?`, [p.paid, p.contractual, p.patientResp, p.paid + p.contractual + p.patientResp, p.claimId]);
  await query(env, 'update account set patient_balance_cents = patient_balance_cents + ? where id = ?', [p.patientResp, p.accountId]);
}
