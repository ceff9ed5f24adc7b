// The claim side of task outcomes: the claim locked while an outcome acts on it, the payer's
// claim number from its latest remittance (CLP07), the next payer's coverage, a copy of the claim
// billed to that payer, and the claim's and guarantor's balances moved by a write-off or transfer.
import type { Run } from '../sql.js';
import { json } from '../sql.js';

export interface OutcomeClaim {
  id: number;
  controlNumber: string;
  status: string;
  payerId: number;
  providerId: number;
  patientId: number;
  coverageId: number | null;
  balanceCents: number;
  payerClaimNumber: string | null;
  accountId: number | null;
  /** Days after an appeal the payer should have answered (payer.follow_up_days). */
  followUpDays: number;
}

export interface NextCoverage {
  id: number;
  payerId: number;
  rank: string;
  memberId: string;
  groupNumber: string | null;
  payerName: string;
  payerCode: string;
}

export class OutcomeClaimsRepository {
  constructor(private readonly run: Run) {}

  /** The claim, locked (FOR NO KEY UPDATE, as posting locks it), with its guarantor and payer's follow-up days. */
  async lockClaim(claimId: number): Promise<OutcomeClaim | undefined> {
    const [row] = await this.run<Record<string, any>>(
      `select c.id, c.control_number, c.status, c.payer_id, c.provider_id, c.patient_id, c.coverage_id, c.balance_cents, c.payer_claim_number,
         p.account_id, y.follow_up_days
       from claim c left join patient p on p.id = c.patient_id join payer y on y.id = c.payer_id
       where c.id = ? for no key update of c`,
      [claimId],
    );
    return row && {
      id: Number(row.id), controlNumber: row.control_number, status: row.status, payerId: Number(row.payer_id), providerId: Number(row.provider_id),
      patientId: Number(row.patient_id), coverageId: row.coverage_id === null ? null : Number(row.coverage_id), balanceCents: Number(row.balance_cents),
      payerClaimNumber: row.payer_claim_number, accountId: row.account_id === null ? null : Number(row.account_id),
      followUpDays: Number(row.follow_up_days),
    };
  }

  /**
   * The payer's claim number (CLP07) on the latest remittance that paid or denied this claim, read
   * from the staged chunk that carried it (remittance_claim keeps no copy of matched claims).
   */
  async latestPayerClaimNumber(claimId: number): Promise<string | undefined> {
    const [row] = await this.run<{ number: string | null }>(
      `select e->>'payerClaimNumber' as number
       from remittance_claim rc
       join remittance_chunk ch on ch.remittance_id = rc.remittance_id and rc.sequence between ch.first_sequence and ch.last_sequence
       cross join lateral json_array_elements(ch.claims::json) e
       where rc.claim_id = ? and (e->>'sequence')::int = rc.sequence and e->>'payerClaimNumber' is not null
       order by rc.remittance_id desc, rc.id desc limit 1`,
      [claimId],
    );
    return row?.number ?? undefined;
  }

  /** A replacement (frequency 7) names the claim the payer holds by its claim number (REF*F8). */
  async markReplacement(claimId: number, payerClaimNumber: string): Promise<void> {
    await this.run(`update claim set frequency = '7', payer_claim_number = ?, updated_at = now() where id = ?`, [payerClaimNumber, claimId]);
  }

  async coverageRank(coverageId: number): Promise<string | undefined> {
    const [row] = await this.run<{ rank: string }>('select rank from coverage where id = ?', [coverageId]);
    return row?.rank;
  }

  /** The patient's coverage of that rank (the lowest id if several), with its payer. */
  async coverageOfRank(patientId: number, rank: string): Promise<NextCoverage | undefined> {
    const [row] = await this.run<Record<string, any>>(
      `select v.id, v.payer_id, v.rank, v.member_id, v.group_number, y.name as payer_name, y.payer_id as payer_code
       from coverage v join payer y on y.id = v.payer_id where v.patient_id = ? and v.rank = ? order by v.id limit 1`,
      [patientId, rank],
    );
    return row && {
      id: Number(row.id), payerId: Number(row.payer_id), rank: row.rank, memberId: row.member_id, groupNumber: row.group_number,
      payerName: row.payer_name, payerCode: row.payer_code,
    };
  }

  /** The claim of this identity (CLM01, billing provider, payer), if one is stored. */
  async claimIdOf(controlNumber: string, providerId: number, payerId: number): Promise<number | undefined> {
    const [row] = await this.run<{ id: number }>(
      'select id from claim where control_number = ? and provider_id = ? and payer_id = ?', [controlNumber, providerId, payerId]);
    return row ? Number(row.id) : undefined;
  }

  /**
   * The claim billed again to the next payer: a new draft under the same CLM01 (the identity
   * includes the payer), with its lines, and the billed parties as sent with the subscriber's
   * member id, group and rank of that coverage. One statement; returns the new claim's id.
   */
  async billToNextPayer(claimId: number, next: NextCoverage, detail: { taskId: number }): Promise<number> {
    const [row] = await this.run<{ id: number }>(
      `with c as (
         insert into claim (control_number, payer_id, provider_id, patient_id, coverage_id, source_file_id, status, frequency, payer_claim_number,
           place_of_service, service_date, diagnoses, charge_cents, balance_cents, fingerprint, created_at, updated_at)
         select control_number, ?, provider_id, patient_id, ?, null, 'draft', '1', null, place_of_service, service_date, diagnoses,
           charge_cents, charge_cents, null, now(), now()
         from claim where id = ? returning id),
       l as (
         insert into claim_line (claim_id, line_number, line_control_number, procedure, modifiers, units, unit_basis, charge_cents,
           diagnosis_pointers, service_date, service_date_end)
         select c.id, l.line_number, l.line_control_number, l.procedure, l.modifiers, l.units, l.unit_basis, l.charge_cents,
           l.diagnosis_pointers, l.service_date, l.service_date_end
         from claim_line l cross join c where l.claim_id = ?),
       d as (
         insert into claim_detail (claim_id, detail)
         select c.id, jsonb_set(d.detail || jsonb_build_object('payerName', ?::text), '{subscriber}',
           coalesce(d.detail->'subscriber', '{}'::jsonb) || jsonb_build_object('memberId', ?::text, 'payerRank', ?::text)
             || case when ?::text is null then '{}'::jsonb else jsonb_build_object('groupNumber', ?::text) end)
         from claim_detail d cross join c where d.claim_id = ?),
       e as (insert into claim_event (claim_id, from_status, to_status, detail, at) select c.id, null, 'draft', ?::jsonb, now() from c)
       select id from c`,
      [next.payerId, next.id, claimId, claimId, next.payerName, next.memberId, next.rank, next.groupNumber, next.groupNumber, claimId,
        json({ ...detail, reason: 'billed to the next payer', billedAfterClaimId: claimId })],
    );
    return Number(row.id);
  }

  /** Lowers the claim's open balance (a write-off or a transfer out of it). The claim is locked. */
  async lowerClaimBalance(claimId: number, cents: number): Promise<void> {
    await this.run('update claim set balance_cents = balance_cents - ?, updated_at = now() where id = ?', [cents, claimId]);
  }

  /** Adds to the guarantor's balance, the account locked first (as posting locks accounts). */
  async raiseGuarantorBalance(accountId: number, cents: number): Promise<void> {
    await this.run('select id from account where id = ? for no key update', [accountId]);
    await this.run('update account set patient_balance_cents = patient_balance_cents + ? where id = ?', [cents, accountId]);
  }
}
