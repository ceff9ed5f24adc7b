// The CARC table posting uses: config/carc-actions.ts with the admins' overrides from the database
// on top. Read once per job, so a change applies to the next file or chunk without a restart.
// Changing a rule is audited with who and why.
import type { EntityManager } from '@mikro-orm/postgresql';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { withCarcOverrides, type CarcAction, type CarcRule, type CarcTable } from '../../domain/remittance/index.js';
import { AuditEvent } from '../../db/entities/index.js';
import { sqlRunner } from '../../db/sql.js';

export async function loadCarcTable(em: EntityManager, base: CarcTable = defaultCarcTable): Promise<CarcTable> {
  const rows = await sqlRunner(em)<{ carc_key: string; action: CarcAction; recoverability: string; description: string }>(
    'select carc_key, action, recoverability, description from carc_override order by carc_key');
  if (rows.length === 0) return base;
  const overrides: Record<string, CarcRule> = {};
  for (const row of rows) overrides[row.carc_key] = { action: row.action, recoverability: Number(row.recoverability), description: row.description };
  return withCarcOverrides(base, overrides);
}

export interface CarcOverrideInput {
  key: string; // 'CO-45', or 'CO' for the group's default
  action: CarcAction;
  recoverability?: number;
  description?: string;
  reason: string;
  changedBy: string;
}

/** Sets (or replaces) one override after checking it against the table rules; audited. */
export async function setCarcOverride(em: EntityManager, input: CarcOverrideInput): Promise<void> {
  const key = input.key.trim().toUpperCase();
  const rule: CarcRule = { action: input.action, recoverability: input.recoverability ?? 0, description: input.description ?? `Override of ${key}` };
  withCarcOverrides(defaultCarcTable, { [key]: rule }); // throws on a bad key, action or weight
  await sqlRunner(em)(
    `insert into carc_override (carc_key, action, recoverability, description, reason, changed_by, changed_at)
     values (?, ?, ?, ?, ?, ?, now())
     on conflict (carc_key) do update set action = excluded.action, recoverability = excluded.recoverability,
       description = excluded.description, reason = excluded.reason, changed_by = excluded.changed_by, changed_at = now()`,
    [key, rule.action, rule.recoverability, rule.description.slice(0, 200), input.reason.slice(0, 200), input.changedBy.slice(0, 80)]);
  em.create(AuditEvent, { actor: input.changedBy.slice(0, 80), action: 'carc.override', subjectType: 'carc', subjectId: key, detail: { ...rule, reason: input.reason } });
  await em.flush();
}
