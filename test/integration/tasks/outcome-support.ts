// Set-up for outcome tests: the posting tests' office (seedOffice), an 835 posted through the
// posting jobs' own transactions so denials open their tasks (with CLP07 in the staged chunk),
// people in a reporting chain, and a task handed to its assignee in SQL (assignment is built
// elsewhere).
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { PeopleRepository } from '../../../src/db/repositories/people.repository.js';
import { sqlRunner } from '../../../src/db/sql.js';
import type { Person } from '../../../src/domain/people/person.js';
import { receiveEra } from '../../../src/services/intake.service.js';
import { postingTransactions } from '../../../workers/posting.js';
import { eraText, type TextClaim } from '../posting/era-text.js';
import { signedInPerson, type TestPerson } from '../../support/sign-in.js';
import type { TestEnv } from '../../support/test-env.js';

export async function query<T = Record<string, any>>(env: TestEnv, sql: string, params: unknown[] = []): Promise<T[]> {
  return env.orm.em.fork().getConnection().execute(sql, params);
}

/** Posts an 835 of these claims (payer 1935665544, payee NPI 1234567893) without workers. */
export async function postEra(env: TestEnv, trace: string, claims: TextClaim[]): Promise<void> {
  const options = { carcTable: defaultCarcTable, timezone: 'UTC', chunkClaims: 1000 };
  const text = eraText({ trace, claims });
  const { fileId } = await env.orm.em.fork().transactional((tx) => receiveEra(tx, { fileName: `${trace}.835`, content: Buffer.from(text) }));
  const staged = await postingTransactions.stageEraFile(env.orm.em.fork(), fileId, options);
  for (const remittance of staged.remittances) {
    for (const chunk of remittance.chunks) await postingTransactions.postRemittanceChunk(env.orm.em.fork(), remittance.remittanceId, chunk.from, chunk.to, options);
    await postingTransactions.finalizeRemittance(env.orm.em.fork(), remittance.remittanceId);
  }
}

/** A director, a supervisor reporting to them, two specialists under the supervisor, another team's supervisor, an admin. */
export interface Team {
  director: TestPerson; supervisor: TestPerson; alice: TestPerson; bob: TestPerson; otherSupervisor: TestPerson; admin: TestPerson;
}

export async function team(env: TestEnv): Promise<Team> {
  const director = await signedInPerson(env.orm, 'director');
  const supervisor = await signedInPerson(env.orm, 'supervisor', { supervisorId: director.id });
  const alice = await signedInPerson(env.orm, 'specialist', { supervisorId: supervisor.id });
  const bob = await signedInPerson(env.orm, 'specialist', { supervisorId: supervisor.id });
  const otherSupervisor = await signedInPerson(env.orm, 'supervisor');
  const admin = await signedInPerson(env.orm, 'admin');
  return { director, supervisor, alice, bob, otherSupervisor, admin };
}

export async function personOf(env: TestEnv, person: TestPerson): Promise<Person> {
  return (await new PeopleRepository(sqlRunner(env.orm.em.fork())).findById(person.id))!;
}

/** Hands the task to a person, as assignment would. */
export async function assign(env: TestEnv, taskId: number, person: TestPerson, status: 'assigned' | 'in-progress' = 'assigned'): Promise<void> {
  await query(env, `update task set assignee_id = ?, status = ?, lease_expires_at = case when ? = 'in-progress' then now() + interval '1 hour' end where id = ?`,
    [person.id, status, status, taskId]);
}

/** The open task of this type on the claim with this CLM01. */
export async function taskOn(env: TestEnv, controlNumber: string, type = 'denial'): Promise<{ id: number; amount: number; reasonCodes: string[] }> {
  const [row] = await query(env,
    `select t.id, t.amount_at_risk_cents::int as amount, t.reason_codes from task t join claim c on c.id = t.subject_id and t.subject_type = 'claim'
     where c.control_number = ? and t.type = ? order by t.id desc limit 1`, [controlNumber, type]);
  if (!row) throw new Error(`no ${type} task on ${controlNumber}`);
  return { id: row.id, amount: row.amount, reasonCodes: row.reason_codes };
}

/** Everything an outcome may write, to show that a refused one wrote nothing. */
export async function footprint(env: TestEnv): Promise<Record<string, unknown>> {
  const [row] = await query(env, `select
    (select json_agg(json_build_object('id', id, 'status', status, 'outcome', outcome, 'assignee', assignee_id, 'closed', closed_at) order by id) from task) as tasks,
    (select count(*)::int from task_event) as events, (select count(*)::int from audit_event) as audits,
    (select count(*)::int from outbox) as outbox, (select count(*)::int from ledger_entry) as ledger,
    (select count(*)::int from task_note) as notes, (select count(*)::int from task_outcome) as outcomes,
    (select json_agg(json_build_object('id', id, 'status', status, 'frequency', frequency, 'balance', balance_cents) order by id) from claim) as claims`);
  return row;
}
