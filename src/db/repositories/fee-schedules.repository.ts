// Payers' fee schedules (allowed cents per unit of a procedure, optionally per modifier): optional
// data that posting checks payments against for underpayments.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FeeSchedule } from '../../domain/remittance/index.js';
import { sqlRunner } from '../sql.js';

export class FeeSchedulesRepository {
  constructor(private readonly em: EntityManager) {}

  /** Per payer: 'procedure:modifier' (modifier '' for any) -> allowed cents per unit. */
  async ofPayers(payerIds: readonly number[]): Promise<Map<number, FeeSchedule>> {
    const byPayer = new Map<number, Map<string, number>>();
    if (payerIds.length === 0) return byPayer;
    const rows = await sqlRunner(this.em)<{ payer_id: number; procedure: string; modifier: string; allowed_cents: string }>(
      'select payer_id, procedure, modifier, allowed_cents from fee_schedule where payer_id = any(?::int[])',
      [payerIds],
    );
    for (const row of rows) {
      const fees = byPayer.get(row.payer_id) ?? new Map<string, number>();
      fees.set(`${row.procedure}:${row.modifier}`, Number(row.allowed_cents));
      byPayer.set(row.payer_id, fees);
    }
    return byPayer;
  }
}
