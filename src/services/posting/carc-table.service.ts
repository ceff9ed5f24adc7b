// The CARC table posting uses: config/carc-actions.ts with the admins' overrides from the database
// on top. Read once per job, so a change applies to the next file or chunk without a restart.
// Changing a rule is audited with who and why.
import type { EntityManager } from '@mikro-orm/postgresql';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { withCarcOverrides, type CarcAction, type CarcRule, type CarcTable } from '../../domain/remittance/index.js';
import { AuditEvent } from '../../db/entities/index.js';
import { CarcOverridesRepository } from '../../db/repositories/carc-overrides.repository.js';

export async function loadCarcTable(em: EntityManager, base: CarcTable = defaultCarcTable): Promise<CarcTable> {
  const rows = await new CarcOverridesRepository(em).all();
  if (rows.length === 0) return base;
  const overrides: Record<string, CarcRule> = {};
  for (const row of rows) overrides[row.key] = { action: row.action, recoverability: row.recoverability, description: row.description };
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
  await new CarcOverridesRepository(em).save({
    key, action: rule.action, recoverability: rule.recoverability, description: rule.description.slice(0, 200),
    reason: input.reason.slice(0, 200), changedBy: input.changedBy.slice(0, 80),
  });
  em.create(AuditEvent, { actor: input.changedBy.slice(0, 80), action: 'carc.override', subjectType: 'carc', subjectId: key, detail: { ...rule, reason: input.reason } });
  await em.flush();
}
