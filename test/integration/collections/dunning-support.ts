// An invented office for the dunning tests: accounts whose patients were seen, billed, paid by
// insurance with a patient share left (as posting leaves it: a patient-responsibility ledger entry
// on the account and the account's balance), with diagnoses on the claims that must never leave.
import type { TestEnv } from '../../support/test-env.js';

export interface SeededAccount {
  accountId: number;
  accountNumber: string;
  patientId: number;
}

export interface SeedVisit {
  serviceDate: string;
  procedures: Array<{ code: string; chargeCents: number }>;
  paidCents: number;
  contractualCents: number;
  patientCents: number;
}

let counter = 0;

export async function seedOffice(env: TestEnv): Promise<{ payerId: number; providerId: number }> {
  const db = env.orm.em.fork().getConnection();
  const [payer] = await db.execute(`insert into payer (payer_id, name, created_at) values ('60054', 'Evergreen Health Plan', now()) returning id`);
  const [provider] = await db.execute(`insert into provider (npi, name, created_at) values ('1234567893', 'Riverside Family Medicine', now()) returning id`);
  return { payerId: payer.id, providerId: provider.id };
}

/** An account with one patient (the guarantor) and its visits; its balance is the sum of the patient shares. */
export async function seedAccount(env: TestEnv, office: { payerId: number; providerId: number }, visits: SeedVisit[],
  lastName = 'Okafor'): Promise<SeededAccount> {
  const db = env.orm.em.fork().getConnection();
  const n = ++counter;
  const accountNumber = `ACC${String(n).padStart(5, '0')}`;
  const balance = visits.reduce((sum, v) => sum + v.patientCents, 0);
  const [account] = await db.execute(
    `insert into account (account_number, patient_balance_cents, created_at) values (?, ?, now()) returning id`, [accountNumber, balance]);
  const [patient] = await db.execute(
    `insert into patient (account_id, last_name, first_name, birth_date, gender, address, created_at)
     values (?, ?, 'Ada', '1970-03-14', 'F', ?::jsonb, now()) returning id`,
    [account.id, lastName, JSON.stringify({ line1: '12 Elm Street', city: 'Springfield', state: 'ST', postalCode: '00001' })]);
  for (const [i, visit] of visits.entries()) {
    const charge = visit.procedures.reduce((sum, p) => sum + p.chargeCents, 0);
    const [claim] = await db.execute(
      `insert into claim (control_number, payer_id, provider_id, patient_id, status, frequency, place_of_service, service_date, diagnoses,
         charge_cents, paid_cents, contractual_cents, denied_cents, patient_resp_cents, balance_cents, created_at, updated_at)
       values (?, ?, ?, ?, 'paid', '1', '11', ?, ?::jsonb, ?, ?, ?, 0, ?, ?, now(), now()) returning id`,
      [`${accountNumber}-${i + 1}`, office.payerId, office.providerId, patient.id, visit.serviceDate,
        JSON.stringify([{ qualifier: 'ABK', code: 'E119' }, { qualifier: 'ABF', code: 'I10' }]), charge, visit.paidCents, visit.contractualCents,
        visit.patientCents, charge - visit.paidCents - visit.contractualCents - visit.patientCents]);
    for (const [j, p] of visit.procedures.entries()) {
      await db.execute(
        `insert into claim_line (claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents, diagnosis_pointers, service_date)
         values (?, ?, ?, ?, '[]', 1, 'UN', ?, '[1,2]', ?)`, [claim.id, j + 1, `L${j + 1}`, p.code, p.chargeCents, visit.serviceDate]);
    }
    await db.execute(
      `insert into ledger_entry (kind, amount_cents, claim_id, account_id, payer_id, group_code, reason_code, source, idempotency_key, effective_date, posted_at)
       values ('patient-responsibility', ?, ?, ?, ?, 'PR', '2', 'test', ?, ?, now())`,
      [visit.patientCents, claim.id, account.id, office.payerId, `test:${accountNumber}:${i}`, visit.serviceDate]);
  }
  return { accountId: account.id, accountNumber, patientId: patient.id };
}

/** A routine office visit: $250 billed, insurance paid $150 and adjusted $40, the patient owes `patientCents`. */
export function officeVisit(serviceDate: string, patientCents = 6000): SeedVisit {
  return {
    serviceDate, procedures: [{ code: '99214', chargeCents: 20_000 }, { code: '36415', chargeCents: 5000 }],
    paidCents: 15_000, contractualCents: 25_000 - 15_000 - patientCents, patientCents,
  };
}

export async function accountRow(env: TestEnv, accountId: number): Promise<Record<string, any>> {
  const [row] = await env.orm.em.fork().getConnection().execute(
    `select patient_balance_cents::int as balance, dunning_stage as stage, to_char(dunning_cycle_start, 'YYYY-MM-DD') as cycle_start,
       dunning_cycle_stage as cycle_stage, to_char(dunning_paused_since, 'YYYY-MM-DD') as paused_since from account where id = ?`, [accountId]);
  return row;
}

export async function statementsOf(env: TestEnv, accountId: number): Promise<Array<Record<string, any>>> {
  return env.orm.em.fork().getConnection().execute(
    `select id, kind, stage, to_char(statement_date, 'YYYY-MM-DD') as date, amount_due_cents::int as due, to_char(due_date, 'YYYY-MM-DD') as due_date
     from statement where account_id = ? order by id`, [accountId]);
}

export async function patientCallTasks(env: TestEnv, accountId: number): Promise<Array<Record<string, any>>> {
  return env.orm.em.fork().getConnection().execute(
    `select id, type, status, reason_codes, amount_at_risk_cents::int as at_risk from task
     where type = 'patient-call' and subject_type = 'account' and subject_id = ? order by id`, [accountId]);
}
