// Admins' rate-limit overrides (table `throttle_override`), with the payers they name.
import type { ThrottleScope } from '../entities/throttles.js';
import type { Run } from '../sql.js';

export interface ThrottleOverrideRecord {
  scope: ThrottleScope;
  /** The clearinghouse's name, or the payer's database id. */
  subject: string;
  /** For a payer: its X12 payer id. */
  payerCode: string | null;
  maxBatches: number;
  perMs: number;
  changedBy: string;
  changedAt: string;
}

interface OverrideRow { scope: ThrottleScope; subject: string; payer_code: string | null; max_batches: number; per_ms: number; changed_by: string; changed_at: Date }

const SELECT = `select o.scope, o.subject, p.payer_id as payer_code, o.max_batches, o.per_ms, o.changed_by, o.changed_at
  from throttle_override o left join payer p on o.scope = 'payer' and p.id::text = o.subject`;

function toRecord(r: OverrideRow): ThrottleOverrideRecord {
  return {
    scope: r.scope, subject: r.subject, payerCode: r.payer_code, maxBatches: Number(r.max_batches), perMs: Number(r.per_ms),
    changedBy: r.changed_by, changedAt: new Date(r.changed_at).toISOString(),
  };
}

export class ThrottlesRepository {
  constructor(private readonly run: Run) {}

  async list(): Promise<ThrottleOverrideRecord[]> {
    return (await this.run<OverrideRow>(`${SELECT} order by o.scope, o.subject`)).map(toRecord);
  }

  async find(scope: ThrottleScope, subject: string): Promise<ThrottleOverrideRecord | undefined> {
    const [row] = await this.run<OverrideRow>(`${SELECT} where o.scope = ? and o.subject = ?`, [scope, subject]);
    return row ? toRecord(row) : undefined;
  }

  /** The overrides a submission for this clearinghouse and payer falls under. */
  async forSubmission(clearinghouse: string, payerId: number): Promise<ThrottleOverrideRecord[]> {
    const rows = await this.run<OverrideRow>(`${SELECT} where (o.scope = 'clearinghouse' and o.subject = ?) or (o.scope = 'payer' and o.subject = ?)`,
      [clearinghouse, String(payerId)]);
    return rows.map(toRecord);
  }

  /** Locks the override's row (or its absence, through the unique key) for the change's transaction. */
  async lock(scope: ThrottleScope, subject: string): Promise<void> {
    await this.run(`select pg_advisory_xact_lock(hashtext(?))`, [`throttle:${scope}:${subject}`]);
  }

  async upsert(scope: ThrottleScope, subject: string, limit: { maxBatches: number; perMs: number }, changedBy: string, at: Date): Promise<void> {
    await this.run(
      `insert into throttle_override (scope, subject, max_batches, per_ms, changed_by, changed_at) values (?, ?, ?, ?, ?, ?)
       on conflict (scope, subject) do update set max_batches = excluded.max_batches, per_ms = excluded.per_ms,
         changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
      [scope, subject, limit.maxBatches, limit.perMs, changedBy, at],
    );
  }

  async remove(scope: ThrottleScope, subject: string): Promise<boolean> {
    const rows = await this.run(`delete from throttle_override where scope = ? and subject = ? returning id`, [scope, subject]);
    return rows.length > 0;
  }
}
