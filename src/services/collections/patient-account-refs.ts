// What the patient-account services share: how an account is named (its id from the API, its
// number from the CLI), who acts, and the audit row every change and every read leaves.
import { RequestRefused } from '../../errors.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { PatientAccountsRepository, type PatientAccount } from '../../db/repositories/patient-accounts.repository.js';
import type { Run } from '../../db/sql.js';
import type { Clock } from '../../domain/clock.js';
import type { PersonRole } from '../../domain/people/person.js';

/** Who talks to patients about their bills (API roles, and the CLI's --as check). Operators run the machines and do not. */
export const PATIENT_DESK_ROLES: readonly PersonRole[] = ['specialist', 'supervisor', 'director', 'admin'];
/** Who may resolve a dispute by decision rather than by the inquiry task's outcome. */
export const DISPUTE_RESOLVER_ROLES: readonly PersonRole[] = ['supervisor', 'director', 'admin'];

/** An account by its id (API paths) or by the number on its statements (CLI). */
export type AccountRef = { id: number } | { number: string };

/** The person acting: their id (null for the system) and login for the audit. */
export interface AccountActor {
  id: number | null;
  login: string;
}

export interface CollectionsOptions {
  clock: Clock;
  timezone: string;
}

export function describeRef(ref: AccountRef): string {
  return 'id' in ref ? `account ${ref.id}` : `account number ${ref.number}`;
}

/** The account, or 404 naming what was asked for. `lock` holds it for this transaction. */
export async function accountOrRefuse(run: Run, ref: AccountRef, lock = false): Promise<PatientAccount> {
  const accounts = new PatientAccountsRepository(run);
  const found = 'id' in ref ? await accounts.findById(ref.id) : await accounts.findByNumber(ref.number);
  if (!found) throw new RequestRefused(404, `no ${describeRef(ref)}; nothing changed`);
  if (!lock) return found;
  return (await accounts.lock(found.id))!;
}

/** One audit row: ids, amounts and codes only (never notes, names or references a patient gave). */
export async function auditAccount(run: Run, actor: AccountActor, action: string, accountId: number, detail: Record<string, unknown>, at: Date): Promise<void> {
  await new AuditRepository(run).record({ actor: actor.login, action, subjectType: 'account', subjectId: String(accountId), detail }, at);
}
