// Invented offices in bulk for the posting benchmark and the crash test: a payer, a provider,
// guarantor accounts with one patient each, and claims with their lines, in multi-row statements
// (not the claims import, which is not what those measure). Invented data only, never PHI.
import type { EntityManager } from '@mikro-orm/postgresql';
import { json, sqlRunner } from '../sql.js';

export interface InventedClaim { control_number: string; patient_id: number; charge: number }
export interface InventedLine { claim_id: number; line_number: number; line_control_number: string; procedure: string; charge: number }

export class InventedOfficeRepository {
  constructor(private readonly em: EntityManager) {}

  async addPayer(payerIdentifier: string, name: string, appealDays: number): Promise<number> {
    const [payer] = await sqlRunner(this.em)<{ id: number }>(
      'insert into payer (payer_id, name, appeal_days, created_at) values (?, ?, ?, now()) returning id', [payerIdentifier, name, appealDays]);
    return payer.id;
  }

  /** The provider with this NPI (created, or renamed when it exists). */
  async addProvider(npi: string, name: string): Promise<number> {
    const [provider] = await sqlRunner(this.em)<{ id: number }>(
      `insert into provider (npi, name, created_at) values (?, ?, now())
       on conflict (npi) do update set name = excluded.name returning id`, [npi, name]);
    return provider.id;
  }

  /** `count` accounts numbered `<prefix>1..n`, each with one patient; returns the patient ids. */
  async addGuarantors(accountPrefix: string, count: number, lastName: string): Promise<number[]> {
    const run = sqlRunner(this.em);
    await run('insert into account (account_number, created_at) select ? || g, now() from generate_series(1, ?) g', [accountPrefix, count]);
    const patients = await run<{ id: number }>(
      `insert into patient (account_id, last_name, created_at) select id, ?, now() from account where account_number like ? returning id`,
      [lastName, `${accountPrefix}%`]);
    return patients.map((p) => p.id);
  }

  /** Accepted claims with nothing paid (balance = charge); returns the id per control number. */
  async addAcceptedClaims(payerId: number, providerId: number, claims: readonly InventedClaim[]): Promise<Map<string, number>> {
    const ids = await sqlRunner(this.em)<{ id: number; control_number: string }>(
      `insert into claim (control_number, payer_id, provider_id, patient_id, status, frequency, place_of_service, service_date, diagnoses,
         charge_cents, paid_cents, contractual_cents, denied_cents, patient_resp_cents, balance_cents, created_at, updated_at)
       select r.control_number, ?, ?, r.patient_id, 'accepted', '1', '11', '2024-01-02', '[]', r.charge, 0, 0, 0, 0, r.charge, now(), now()
       from json_to_recordset(?::json) as r(control_number text, patient_id int, charge bigint) returning id, control_number`,
      [payerId, providerId, json(claims)]);
    return new Map(ids.map((r) => [r.control_number, r.id]));
  }

  async addClaimLines(lines: readonly InventedLine[]): Promise<void> {
    await sqlRunner(this.em)(
      `insert into claim_line (claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents,
         diagnosis_pointers, service_date)
       select r.claim_id, r.line_number, r.line_control_number, r.procedure, '[]', 1, 'UN', r.charge, '[1]', '2024-01-02'
       from json_to_recordset(?::json) as r(claim_id int, line_number int, line_control_number text, procedure text, charge bigint)`,
      [json(lines)]);
  }
}
