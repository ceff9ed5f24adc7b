// A small office whose KPIs are worked out by hand (the figures are written in kpi-figures.test.ts):
// four claims of two payers, three remittances (one reversal then a repayment), five tasks of three
// people (a denial resolved across a weekend), in November 2026, office zone UTC. Rows are written
// as the engine writes them (claim_event moves, ledger sources 'remittance:<id>', task events).
import type { Orm } from '../../../src/db/orm.js';
import { sqlRunner, type Run } from '../../../src/db/sql.js';
import { signedInPerson, type TestPerson } from '../../support/sign-in.js';

export interface KpiOffice {
  payers: { a: number; b: number };
  claims: { c1: number; c2: number; c3: number; c4: number };
  people: { director: TestPerson; sup: TestPerson; s1: TestPerson; s2: TestPerson; other: TestPerson };
}

async function one(run: Run, sql: string, params: unknown[]): Promise<number> {
  const [row] = await run<{ id: number }>(sql, params);
  return Number(row.id);
}

export async function seedKpiOffice(orm: Orm): Promise<KpiOffice> {
  const run = sqlRunner(orm.em.fork());
  const payer = (x12: string) => one(run, `insert into payer (payer_id, name, created_at) values (?, ?, now()) returning id`, [x12, `Payer ${x12}`]);
  const payers = { a: await payer('PAYERA'), b: await payer('PAYERB') };
  const provider = await one(run, `insert into provider (npi, name, created_at) values ('1234567893', 'Clinic', now()) returning id`, []);
  const account = await one(run, `insert into account (account_number, created_at) values ('ACC1', now()) returning id`, []);
  const patient = await one(run, `insert into patient (account_id, last_name, created_at) values (?, 'X', now()) returning id`, [account]);
  const claim = (cn: string, payerId: number, charge: number, serviceDate: string) => one(run,
    `insert into claim (control_number, payer_id, provider_id, patient_id, status, place_of_service, service_date, diagnoses, charge_cents, balance_cents, created_at, updated_at)
     values (?, ?, ?, ?, 'draft', '11', ?, '[]', ?, ?, now(), now()) returning id`, [cn, payerId, provider, patient, serviceDate, charge, charge]);
  const claims = {
    c1: await claim('C1', payers.a, 10000, '2026-06-01'),
    c2: await claim('C2', payers.a, 20000, '2026-10-01'),
    c3: await claim('C3', payers.b, 5000, '2026-07-01'),
    c4: await claim('C4', payers.b, 8000, '2026-11-01'),
  };
  const moves: Array<[number, string | null, string, string]> = [
    // C1: clean, accepted first time.
    [claims.c1, 'draft', 'ready', '2026-11-02T09:00:00Z'], [claims.c1, 'ready', 'submitted', '2026-11-02T10:00:00Z'], [claims.c1, 'submitted', 'accepted', '2026-11-03T09:00:00Z'],
    // C2: scrub edits, corrected, sent, rejected, resubmitted, accepted.
    [claims.c2, 'draft', 'edits', '2026-11-02T09:00:00Z'], [claims.c2, 'edits', 'draft', '2026-11-02T11:00:00Z'], [claims.c2, 'draft', 'ready', '2026-11-02T11:05:00Z'],
    [claims.c2, 'ready', 'submitted', '2026-11-02T12:00:00Z'], [claims.c2, 'submitted', 'rejected', '2026-11-03T09:00:00Z'],
    [claims.c2, 'rejected', 'ready', '2026-11-03T10:00:00Z'], [claims.c2, 'ready', 'submitted', '2026-11-03T11:00:00Z'], [claims.c2, 'submitted', 'accepted', '2026-11-04T09:00:00Z'],
    // C3: scrubbed ready, held by the 837P writer (a person overrides), sent, accepted.
    [claims.c3, 'draft', 'ready', '2026-11-03T09:00:00Z'], [claims.c3, 'ready', 'edits', '2026-11-03T10:00:00Z'], [claims.c3, 'edits', 'ready', '2026-11-03T11:00:00Z'],
    [claims.c3, 'ready', 'submitted', '2026-11-03T12:00:00Z'], [claims.c3, 'submitted', 'accepted', '2026-11-04T09:00:00Z'],
    // C4: clean, sent, no answer yet.
    [claims.c4, 'draft', 'ready', '2026-11-05T09:00:00Z'], [claims.c4, 'ready', 'submitted', '2026-11-05T10:00:00Z'],
  ];
  for (const [claimId, from, to, at] of moves) {
    await run(`insert into claim_event (claim_id, from_status, to_status, at) values (?, ?, ?, ?)`, [claimId, from, to, at]);
  }

  const remittance = async (n: number, received: string, posted: string) => {
    const file = await one(run, `insert into edi_file (kind, direction, file_name, sha256, size_bytes, status, received_at) values ('835', 'inbound', ?, ?, 1, 'processed', ?) returning id`,
      [`r${n}.835`, `sha${n}`, received]);
    return one(run, `insert into remittance (file_id, transaction_sequence, st_control_number, remittance_key, trace_number, payer_identifier, payer_id, status,
        payment_cents, payment_method, provider_adjustments, job_key, created_at, posted_at)
      values (?, 1, '0001', ?, ?, 'PAYERA', ?, 'posted', 0, 'ACH', '[]', gen_random_uuid(), ?, ?) returning id`, [file, `PAYERA:T${n}`, `T${n}`, payers.a, received, posted]);
  };
  const r1 = await remittance(1, '2026-11-04T10:00:00Z', '2026-11-04T12:00:00Z');
  const r2 = await remittance(2, '2026-11-10T08:00:00Z', '2026-11-10T12:00:00Z');
  const r3 = await remittance(3, '2026-11-12T08:00:00Z', '2026-11-12T09:00:00Z');
  const remitClaims: Array<[number, number, string, number | null, number, string]> = [
    [r1, 1, '1', claims.c1, 10000, '2026-11-04T12:00:00Z'], [r1, 2, '4', claims.c2, 20000, '2026-11-04T12:00:00Z'], [r1, 3, '1', null, 3000, '2026-11-04T12:00:00Z'],
    [r2, 1, '1', claims.c2, 20000, '2026-11-10T12:00:00Z'],
    [r3, 1, '22', claims.c2, -20000, '2026-11-12T09:00:00Z'], [r3, 2, '1', claims.c2, 20000, '2026-11-12T09:00:00Z'],
  ];
  for (const [rid, seq, status, claimId, charge, posted] of remitClaims) {
    await run(`insert into remittance_claim (remittance_id, sequence, control_number, status_code, charge_cents, paid_cents, claim_id, posted_at) values (?, ?, 'X', ?, ?, 0, ?, ?)`,
      [rid, seq, status, charge, claimId, posted]);
  }
  let keyNumber = 0;
  const ledger = (kind: string, cents: number, claimId: number, rid: number, posted: string, carc: [string, string] | null = null) => run(
    `insert into ledger_entry (kind, amount_cents, claim_id, payer_id, group_code, reason_code, source, idempotency_key, effective_date, posted_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?)`, [kind, cents, claimId, payers.a, carc?.[0] ?? null, carc?.[1] ?? null, `remittance:${rid}`, `k${++keyNumber}`, posted.slice(0, 10), posted]);
  await ledger('payment', 8000, claims.c1, r1, '2026-11-04T12:00:00Z');
  await ledger('contractual', 2000, claims.c1, r1, '2026-11-04T12:00:00Z', ['CO', '45']);
  await ledger('denial', 20000, claims.c2, r1, '2026-11-04T12:00:00Z', ['CO', '50']);
  await ledger('payment', 15000, claims.c2, r2, '2026-11-10T12:00:00Z');
  await ledger('contractual', 5000, claims.c2, r2, '2026-11-10T12:00:00Z', ['CO', '45']);
  await ledger('payment', -15000, claims.c2, r3, '2026-11-12T09:00:00Z'); // the reversal (CLP02 22)
  await ledger('payment', 15000, claims.c2, r3, '2026-11-12T09:00:00Z'); // and the payment again

  const director = await signedInPerson(orm, 'director', { login: 'dora' });
  const sup = await signedInPerson(orm, 'supervisor', { login: 'sam', supervisorId: director.id });
  const s1 = await signedInPerson(orm, 'specialist', { login: 'ann', supervisorId: sup.id });
  const s2 = await signedInPerson(orm, 'specialist', { login: 'bob', supervisorId: sup.id });
  const other = await signedInPerson(orm, 'specialist', { login: 'cy', supervisorId: director.id });
  const task = (type: string, claimId: number, assignee: number, created: string, status: string, due: string | null, closed: string | null) => one(run,
    `insert into task (type, status, subject_type, subject_id, reason_key, reason_codes, required_skills, assignee_id, due_at, created_at, updated_at, closed_at)
     values (?, ?, 'claim', ?, ?, '[]', '[]', ?, ?, ?, ?, ?) returning id`, [type, status, claimId, `${type}-${claimId}`, assignee, due, created, created, closed]);
  const event = (taskId: number, kind: string, actor: string, at: string, detail: Record<string, unknown> | null = null) =>
    run(`insert into task_event (task_id, kind, actor, detail, at) values (?, ?, ?, ?::jsonb, ?)`, [taskId, kind, actor, detail ? JSON.stringify(detail) : null, at]);
  const outcome = (taskId: number, name: string, by: number, at: string) =>
    run(`insert into task_outcome (task_id, outcome, state, recorded_by_id, recorded_at) values (?, ?, 'applied', ?, ?)`, [taskId, name, by, at]);
  // T1: the denial of C2, opened Friday 16:00, resolved Monday 10:00 by ann (claimed 09:30).
  const t1 = await task('denial', claims.c2, s1.id, '2026-11-06T16:00:00Z', 'done', null, '2026-11-09T10:00:00Z');
  await event(t1, 'claimed', 'ann', '2026-11-09T09:30:00Z');
  await outcome(t1, 'appealed', s1.id, '2026-11-09T10:00:00Z');
  // T2: C2's scrub edits, fixed by bob (claimed 10:00, done 11:00).
  const t2 = await task('claim-edit', claims.c2, s2.id, '2026-11-02T09:00:00Z', 'done', null, '2026-11-02T11:00:00Z');
  await event(t2, 'claimed', 'bob', '2026-11-02T10:00:00Z');
  await outcome(t2, 'corrected', s2.id, '2026-11-02T11:00:00Z');
  // T3: C2's rejection, resubmitted by bob without taking a lease.
  const t3 = await task('claim-rejection', claims.c2, s2.id, '2026-11-03T09:00:00Z', 'done', null, '2026-11-03T10:00:00Z');
  await outcome(t3, 'resubmitted', s2.id, '2026-11-03T10:00:00Z');
  // T4: C3 held by the writer, overridden by bob (claimed 10:30, done 11:00).
  const t4 = await task('claim-edit', claims.c3, s2.id, '2026-11-03T10:00:00Z', 'done', null, '2026-11-03T11:00:00Z');
  await event(t4, 'claimed', 'bob', '2026-11-03T10:30:00Z');
  await outcome(t4, 'overridden', s2.id, '2026-11-03T11:00:00Z');
  // T5: ann's task due Thursday noon, still open: an SLA miss, escalated to sam.
  const t5 = await task('underpayment', claims.c1, s1.id, '2026-11-04T12:00:00Z', 'assigned', '2026-11-05T12:00:00Z', null);
  await event(t5, 'escalated', 'system', '2026-11-05T12:00:00Z', { level: 1, to: 'sam', from: null });
  return { payers, claims, people: { director, sup, s1, s2, other } };
}
