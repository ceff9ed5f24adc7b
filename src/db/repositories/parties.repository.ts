// Payers, billing providers, patients (with their accounts) and coverages: found or created in
// bulk for an imported chunk of claims. Which rows are the same person is decided in
// src/domain/claims/party-matching.ts; this only reads and writes them.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BilledPerson } from '../../domain/claims/party-matching.js';
import { json, slices, sqlRunner, type Run } from '../sql.js';

export interface KnownCoverage {
  coverageId: number; patientId: number; payerId: number; memberId: string; last: string; first: string | null; birthDate: string | null;
}

export interface NewPatient extends BilledPerson {
  accountNumber: string;
}

export class PartiesRepository {
  readonly #run: Run;

  constructor(em: EntityManager) {
    this.#run = sqlRunner(em);
  }

  /** Payer ids (NM109 of NM1*PR) to payer rows, creating the ones not known yet. */
  async findOrCreatePayers(rows: ReadonlyArray<{ key: string; name: string; timelyFilingDays: number }>): Promise<Map<string, number>> {
    await this.#run(`insert into payer (payer_id, name, timely_filing_days, created_at)
      select r.key, r.name, r.days, now() from json_to_recordset(?::json) as r(key text, name text, days int)
      on conflict (payer_id) do nothing`, [json(rows.map((r) => ({ key: r.key, name: r.name, days: r.timelyFilingDays })))]);
    return this.#idsByKey('payer', 'payer_id', rows);
  }

  /** Billing NPIs to provider rows, creating the ones not known yet. */
  async findOrCreateProviders(rows: ReadonlyArray<{ key: string; name: string; taxId: string | null }>): Promise<Map<string, number>> {
    await this.#run(`insert into provider (npi, name, tax_id, created_at)
      select r.key, r.name, r.tax, now() from json_to_recordset(?::json) as r(key text, name text, tax text)
      on conflict (npi) do nothing`, [json(rows.map((r) => ({ key: r.key, name: r.name, tax: r.taxId })))]);
    return this.#idsByKey('provider', 'npi', rows);
  }

  /** Coverages with these payers and member ids, with the name and birth date of their patient. */
  async findCoverages(wanted: ReadonlyArray<{ payerId: number; memberId: string }>): Promise<KnownCoverage[]> {
    const found: KnownCoverage[] = [];
    for (const slice of slices(wanted)) {
      const rows = await this.#run<{ coverage_id: number; patient_id: number; payer_id: number; member_id: string; last_name: string; first_name: string | null; birth_date: string | null }>(
        `select c.id as coverage_id, c.patient_id, c.payer_id, c.member_id, p.last_name, p.first_name, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date
         from json_to_recordset(?::json) as r(payer int, member text)
         join coverage c on c.payer_id = r.payer and c.member_id = r.member join patient p on p.id = c.patient_id`,
        [json(slice.map((w) => ({ payer: w.payerId, member: w.memberId })))],
      );
      for (const row of rows) {
        found.push({ coverageId: row.coverage_id, patientId: row.patient_id, payerId: row.payer_id, memberId: row.member_id,
          last: row.last_name, first: row.first_name, birthDate: row.birth_date });
      }
    }
    return found;
  }

  /** An account, a patient and a coverage for each new person; returns their ids by match key. */
  async createPatients(people: readonly NewPatient[]): Promise<Map<string, { patientId: number; coverageId: number }>> {
    const created = new Map<string, { patientId: number; coverageId: number }>();
    for (const slice of slices(people)) {
      const rows = await this.#run<{ key: string; patient_id: number; coverage_id: number }>(
        `with r as (select * from json_to_recordset(?::json) as r(acct text, last text, first text, middle text, dob date,
               gender text, address jsonb, payer int, member text, grp text, rank text, rel text, key text)),
             a as (insert into account (account_number, created_at) select acct, now() from r returning id, account_number),
             p as (insert into patient (account_id, last_name, first_name, middle_name, birth_date, gender, address, created_at)
                   select a.id, r.last, r.first, r.middle, r.dob, r.gender, r.address, now() from r join a on a.account_number = r.acct
                   returning id, account_id),
             c as (insert into coverage (patient_id, payer_id, member_id, group_number, rank, relationship, created_at)
                   select p.id, r.payer, r.member, r.grp, r.rank, r.rel, now() from r join a on a.account_number = r.acct join p on p.account_id = a.id
                   returning id, patient_id)
         select r.key, p.id as patient_id, c.id as coverage_id
         from r join a on a.account_number = r.acct join p on p.account_id = a.id join c on c.patient_id = p.id`,
        [json(slice.map((p) => ({
          acct: p.accountNumber, last: p.last, first: p.first, middle: p.middle, dob: p.birthDate, gender: p.gender, address: p.address,
          payer: p.payerId, member: p.memberId, grp: p.groupNumber, rank: p.rank, rel: p.relationship, key: p.key,
        })))],
      );
      for (const row of rows) created.set(row.key, { patientId: row.patient_id, coverageId: row.coverage_id });
    }
    return created;
  }

  async #idsByKey(table: 'payer' | 'provider', column: 'payer_id' | 'npi', rows: ReadonlyArray<{ key: string }>): Promise<Map<string, number>> {
    const found = await this.#run<{ id: number; key: string }>(
      `select id, ${column} as key from ${table} where ${column} in (select json_array_elements_text(?::json))`, [json(rows.map((r) => r.key))],
    );
    return new Map(found.map((r) => [r.key, r.id]));
  }
}
