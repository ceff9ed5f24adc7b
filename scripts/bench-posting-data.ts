// Invented claims in bulk, for the posting benchmark and the crash test: one payer, a few hundred
// guarantor accounts, N claims of three lines each, inserted with multi-row SQL (not the claims
// import, which is not what is measured). Returns the claims as submitted, for the 835 simulator.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubmittedClaim } from '../src/clearinghouse/simulator-835.js';

const PROCEDURES = ['99213', '93000', '36415', '99214', '85025'];
const BATCH = 5000;

export interface BulkOffice { payerId: number; payerIdentifier: string; claims: SubmittedClaim[] }

export function bulkClaims(prefix: string, count: number, linesPerClaim = 3): SubmittedClaim[] {
  return Array.from({ length: count }, (_, i) => ({
    controlNumber: `${prefix}${i + 1}`,
    lines: Array.from({ length: linesPerClaim }, (_, j) => ({
      lineControlNumber: `${prefix}${i + 1}L${j + 1}`,
      procedure: PROCEDURES[(i + j) % PROCEDURES.length],
      chargeCents: 5_000 + ((i * 37 + j * 101) % 20_000),
      serviceDate: '2024-01-02',
    })),
  }));
}

export async function seedBulkOffice(em: EntityManager, prefix: string, count: number, accounts = 500): Promise<BulkOffice> {
  const connection = em.getConnection();
  const run = <T>(sql: string, params: unknown[] = []) => connection.execute<T[]>(sql, params);
  const payerIdentifier = `${prefix}PAYER`;
  const [payer] = await run<{ id: number }>(
    `insert into payer (payer_id, name, appeal_days, created_at) values (?, 'INVENTED BENCH PAYER', 90, now()) returning id`, [payerIdentifier]);
  const [provider] = await run<{ id: number }>(
    `insert into provider (npi, name, created_at) values (?, 'INVENTED CLINIC', now())
     on conflict (npi) do update set name = excluded.name returning id`, ['1234567893']);
  await run(`insert into account (account_number, created_at) select ? || g, now() from generate_series(1, ?) g`, [`${prefix}A`, accounts]);
  const patients = await run<{ id: number }>(
    `insert into patient (account_id, last_name, created_at) select id, 'INVENTED', now() from account where account_number like ? returning id`,
    [`${prefix}A%`]);
  const claims = bulkClaims(prefix, count);
  for (let start = 0; start < claims.length; start += BATCH) {
    const slice = claims.slice(start, start + BATCH).map((c, k) => ({
      control_number: c.controlNumber,
      patient_id: patients[(start + k) % patients.length].id,
      charge: c.lines.reduce((s, l) => s + l.chargeCents, 0),
    }));
    const ids = await run<{ id: number; control_number: string }>(
      `insert into claim (control_number, payer_id, provider_id, patient_id, status, frequency, place_of_service, service_date, diagnoses,
         charge_cents, paid_cents, contractual_cents, denied_cents, patient_resp_cents, balance_cents, created_at, updated_at)
       select r.control_number, ?, ?, r.patient_id, 'accepted', '1', '11', '2024-01-02', '[]', r.charge, 0, 0, 0, 0, r.charge, now(), now()
       from json_to_recordset(?::json) as r(control_number text, patient_id int, charge bigint) returning id, control_number`,
      [payer.id, provider.id, JSON.stringify(slice)]);
    const idOf = new Map(ids.map((r) => [r.control_number, r.id]));
    const lines = claims.slice(start, start + BATCH).flatMap((c) => c.lines.map((l, j) => ({
      claim_id: idOf.get(c.controlNumber), line_number: j + 1, line_control_number: l.lineControlNumber, procedure: l.procedure, charge: l.chargeCents,
    })));
    await run(
      `insert into claim_line (claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents,
         diagnosis_pointers, service_date)
       select r.claim_id, r.line_number, r.line_control_number, r.procedure, '[]', 1, 'UN', r.charge, '[1]', '2024-01-02'
       from json_to_recordset(?::json) as r(claim_id int, line_number int, line_control_number text, procedure text, charge bigint)`,
      [JSON.stringify(lines)]);
  }
  return { payerId: payer.id, payerIdentifier, claims };
}
