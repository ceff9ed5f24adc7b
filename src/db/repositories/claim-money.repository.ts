// Claims as payment posting sees them: the claims a chunk of a remittance pays, locked in id order
// with their money caches, their lines for matching, and the caches (claims' and guarantors')
// moved by what was posted. Claim intake and scrubbing have their own repository.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OurClaimLine } from '../../domain/remittance/index.js';
import { json, sqlRunner } from '../sql.js';

export interface ClaimToPost {
  id: number;
  controlNumber: string;
  payerId: number;
  /** The billing provider's NPI and tax id: with the payer, the claim's identity as an 835 names it. */
  providerNpi: string;
  providerTaxId: string | null;
  accountId: number | null;
  appealDays: number | null;
  status: string;
  paidCents: number;
  deniedCents: number;
  balanceCents: number;
}

/** A claim's new caches, as deltas, and the status decided from them. */
export interface ClaimMoneyChange {
  id: number;
  paid: number;
  contractual: number;
  denied: number;
  patient_resp: number;
  other: number;
  status: string;
  /** The status read under the claim's lock, before this change. */
  from_status: string;
  /** Why the status changed ('paid', 'denied', ...); null when it did not (no claim_event row). */
  reason: string | null;
}

export class ClaimMoneyRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Locks the claims with these control numbers (every candidate: the domain picks among them by
   * payer and payee) in id order (FOR NO KEY UPDATE), so chunks that
   * touch the same claims apply one after another and cannot deadlock; the caches read here are
   * the latest, so what is decided from them holds until the transaction ends.
   */
  async lockClaimsByControlNumber(controlNumbers: readonly string[]): Promise<ClaimToPost[]> {
    const rows = await sqlRunner(this.em)<Record<string, any>>(
      `select c.id, c.control_number, c.payer_id, v.npi, v.tax_id, p.account_id, y.appeal_days, c.status, c.paid_cents, c.denied_cents,
         c.balance_cents
       from claim c left join patient p on p.id = c.patient_id left join payer y on y.id = c.payer_id join provider v on v.id = c.provider_id
       where c.control_number = any(?::text[]) order by c.id for no key update of c`,
      [controlNumbers],
    );
    return rows.map((r) => ({
      id: r.id, controlNumber: r.control_number, payerId: r.payer_id, providerNpi: r.npi, providerTaxId: r.tax_id ?? null, accountId: r.account_id ?? null, appealDays: r.appeal_days ?? null,
      status: r.status, paidCents: Number(r.paid_cents), deniedCents: Number(r.denied_cents), balanceCents: Number(r.balance_cents),
    }));
  }

  /** The claims' lines in line order, per claim id. */
  async linesOf(claimIds: readonly number[]): Promise<Map<number, OurClaimLine[]>> {
    const lines = await sqlRunner(this.em)<OurClaimLine & { claimId: number }>(
      `select id, claim_id as "claimId", line_control_number as "lineControlNumber", procedure, modifiers,
         to_char(service_date, 'YYYY-MM-DD') as "serviceDate", units::text as units
       from claim_line where claim_id = any(?::int[]) order by claim_id, line_number`,
      [claimIds],
    );
    const byClaim = new Map<number, OurClaimLine[]>();
    for (const line of lines) {
      const list = byClaim.get(line.claimId);
      if (list) list.push(line);
      else byClaim.set(line.claimId, [line]);
    }
    return byClaim;
  }

  /**
   * Moves the caches by the deltas, sets the decided status and writes a claim_event row for every
   * claim whose status changed (detail: the remittance and the reason), all in one statement. The
   * caller holds the claims' row locks (lockClaimsByControlNumber), so the deltas apply to what it
   * decided from; the event rows commit or roll back with the chunk, so a chunk run again writes none.
   */
  async applyClaimMoney(changes: readonly ClaimMoneyChange[], source: { remittanceId: number }): Promise<void> {
    if (changes.length === 0) return;
    await sqlRunner(this.em)(
      `with d as (select * from json_to_recordset(?::json) as d(id int, paid bigint, contractual bigint, denied bigint, patient_resp bigint,
              other bigint, status text, from_status text, reason text)),
            moved as (update claim c set paid_cents = c.paid_cents + d.paid, contractual_cents = c.contractual_cents + d.contractual,
              denied_cents = c.denied_cents + d.denied, patient_resp_cents = c.patient_resp_cents + d.patient_resp,
              balance_cents = c.balance_cents - d.paid - d.contractual - d.patient_resp - d.other,
              status = d.status, updated_at = now()
            from d where c.id = d.id returning c.id)
       insert into claim_event (claim_id, from_status, to_status, detail, at)
       select d.id, d.from_status, d.status, jsonb_build_object('remittanceId', ?::int, 'reason', d.reason), now()
       from d join moved on moved.id = d.id where d.reason is not null order by d.id`,
      [json(changes), source.remittanceId],
    );
  }

  /** Adds patient responsibility to guarantors' balances, locking the accounts in id order first. */
  async addPatientResponsibility(byAccount: ReadonlyMap<number, number>): Promise<void> {
    if (byAccount.size === 0) return;
    const run = sqlRunner(this.em);
    const changes = [...byAccount].sort((a, b) => a[0] - b[0]).map(([account_id, cents]) => ({ account_id, cents }));
    // Locked in id order first, so two chunks touching the same accounts cannot deadlock.
    await run('select id from account where id = any(?::int[]) order by id for no key update', [changes.map((c) => c.account_id)]);
    await run(
      `update account a set patient_balance_cents = a.patient_balance_cents + d.cents
       from json_to_recordset(?::json) as d(account_id int, cents bigint) where a.id = d.account_id`,
      [json(changes)],
    );
  }
}
