// Set-up for the patient-account tests: a guarantor account owing a balance (a patient
// responsibility entry on the ledger and the cached balance to match), services run in their own
// transactions with a controllable clock, and a snapshot of everything they write.
import type { TestEnv } from '../../support/test-env.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { query } from '../tasks/outcome-support.js';

export const TODAY = '2026-12-01';

export function officeClock(day = TODAY) {
  return fixedClock(`${day}T15:00:00Z`);
}

/** An account owing `cents`: ledger and cache agree, as posting leaves them. */
export async function owingAccount(env: TestEnv, accountNumber: string, cents: number): Promise<number> {
  const [{ id }] = await query(env, `insert into account (account_number, patient_balance_cents, dunning_stage, created_at) values (?, ?, 'statement-1', now()) returning id`, [accountNumber, cents]);
  await query(env, `insert into ledger_entry (kind, amount_cents, account_id, source, idempotency_key, effective_date, posted_at)
    values ('patient-responsibility', ?, ?, 'test', ?, '2026-10-01', now())`, [cents, id, `test:${accountNumber}`]);
  return Number(id);
}

/** What the patient-account services write, to show a refusal or a re-run changed nothing. */
export async function writtenState(env: TestEnv): Promise<Record<string, unknown>> {
  const [counts] = await query(env, `select
    (select count(*) from ledger_entry)::int as ledger, (select count(*) from patient_payment)::int as payments,
    (select coalesce(sum(patient_balance_cents), 0)::bigint::text from account) as balances,
    (select string_agg(id || ':' || dunning_stage, ',' order by id) from account) as stages,
    (select count(*) from payment_plan)::int as plans,
    (select string_agg(id || ':' || status, ',' order by id) from payment_plan) as plan_statuses,
    (select string_agg(id || ':' || paid_cents || ':' || status, ',' order by id) from payment_plan_installment) as installments,
    (select count(*) from task)::int as tasks, (select count(*) from outbox)::int as outbox,
    (select count(*) from account_dispute)::int as disputes, (select count(*) from audit_event)::int as audits`);
  return counts;
}
