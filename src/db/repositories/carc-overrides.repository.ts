// Admins' overrides of the CARC table (config/carc-actions.ts): one row per key ('CO-45', or 'CO'
// for a group's default), with who changed it and why.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CarcAction } from '../../domain/remittance/index.js';
import { sqlRunner } from '../sql.js';

export interface CarcOverrideRow {
  key: string;
  action: CarcAction;
  recoverability: number;
  description: string;
}

export class CarcOverridesRepository {
  constructor(private readonly em: EntityManager) {}

  async all(): Promise<CarcOverrideRow[]> {
    const rows = await sqlRunner(this.em)<{ carc_key: string; action: CarcAction; recoverability: string; description: string }>(
      'select carc_key, action, recoverability, description from carc_override order by carc_key');
    return rows.map((r) => ({ key: r.carc_key, action: r.action, recoverability: Number(r.recoverability), description: r.description }));
  }

  /** Sets or replaces the override of one key. */
  async save(row: CarcOverrideRow & { reason: string; changedBy: string }): Promise<void> {
    await sqlRunner(this.em)(
      `insert into carc_override (carc_key, action, recoverability, description, reason, changed_by, changed_at)
       values (?, ?, ?, ?, ?, ?, now())
       on conflict (carc_key) do update set action = excluded.action, recoverability = excluded.recoverability,
         description = excluded.description, reason = excluded.reason, changed_by = excluded.changed_by, changed_at = now()`,
      [row.key, row.action, row.recoverability, row.description, row.reason, row.changedBy],
    );
  }
}
