// The 837P batches we send: their ISA/GS/ST control numbers, the claims each carries, whether it
// went out, what the clearinghouse said of it, and the clearinghouse's rate limit shared by every
// process. Also the payers a submission is asked for (by X12 id or because they have ready claims).
import type { EntityManager } from '@mikro-orm/postgresql';
import { Payer, Submission } from '../entities/index.js';
import { sqlRunner } from '../sql.js';

export interface PayerRef {
  id: number;
  /** The payer's X12 id (NM109 of NM1*PR). */
  payerCode: string;
}

export interface NewBatch {
  payerId: number;
  clearinghouse: string;
  controlNumber: number;
  fileId: number;
  claimIds: readonly number[];
  chargeCents: number;
  createdAt: Date;
}

export interface UnsentBatch {
  submissionId: number;
  controlNumber: number;
  fileId: number;
}

export class SubmissionsRepository {
  constructor(private readonly em: EntityManager) {}

  async findPayer(payerId: number): Promise<PayerRef | undefined> {
    const payer = await this.em.findOne(Payer, payerId, { fields: ['id', 'payerId'] });
    return payer ? { id: payer.id, payerCode: payer.payerId } : undefined;
  }

  async findPayerByCode(payerCode: string): Promise<PayerRef | undefined> {
    const payer = await this.em.findOne(Payer, { payerId: payerCode }, { fields: ['id', 'payerId'] });
    return payer ? { id: payer.id, payerCode: payer.payerId } : undefined;
  }

  async payersWithReadyClaims(): Promise<PayerRef[]> {
    const rows = await sqlRunner(this.em)<{ id: number; payer_id: string }>(
      `select p.id, p.payer_id from payer p where exists (select 1 from claim c where c.payer_id = p.id and c.status = 'ready') order by p.id`,
    );
    return rows.map((r) => ({ id: r.id, payerCode: r.payer_id }));
  }

  /** Every payer's id, for the per-payer submit schedules. */
  async allPayerIds(): Promise<number[]> {
    const rows = await sqlRunner(this.em)<{ id: number }>('select id from payer order by id');
    return rows.map((r) => r.id);
  }

  /** ISA13 = GS06 = ST02 of the next batch: unique, never reused until the sequence wraps. */
  async nextControlNumber(): Promise<number> {
    const [row] = await sqlRunner(this.em)<{ n: number }>(`select nextval('x12_control_number_seq')::int as n`);
    return row.n;
  }

  /** One holder at a time per clearinghouse until the transaction ends, so two processes cannot both take the last slot. */
  /** Records a built batch with its claims; returns the submission id. */
  async recordBatch(batch: NewBatch): Promise<number> {
    const submissionId = await this.em.insert(Submission, {
      payerId: batch.payerId, clearinghouse: batch.clearinghouse, controlNumber: batch.controlNumber, fileId: batch.fileId,
      claimCount: batch.claimIds.length, chargeCents: batch.chargeCents, status: 'built', createdAt: batch.createdAt,
    });
    await sqlRunner(this.em)(
      `insert into submission_claim (submission_id, claim_id) select ?, id from unnest(?::int[]) as id`, [submissionId, [...batch.claimIds]],
    );
    return Number(submissionId);
  }

  /** The payer's batches built but not sent (the process died in between), oldest first. */
  async unsentBatches(payerId: number): Promise<UnsentBatch[]> {
    const rows = await sqlRunner(this.em)<{ id: number; control_number: number; file_id: number }>(
      `select id, control_number, file_id from submission where payer_id = ? and status = 'built' order by id`, [payerId],
    );
    return rows.map((r) => ({ submissionId: r.id, controlNumber: r.control_number, fileId: r.file_id }));
  }

  /** Marks a built batch sent; false when another attempt recorded the send already. */
  async markSent(submissionId: number, reference: string, sentAt: Date): Promise<boolean> {
    const rows = await sqlRunner(this.em)(
      `update submission set status = 'sent', sent_at = ?, reference = ? where id = ? and status = 'built' returning id`,
      [sentAt, reference.slice(0, 120), submissionId],
    );
    return rows.length > 0;
  }

  async findByControlNumber(controlNumber: number): Promise<number | undefined> {
    const submission = await this.em.findOne(Submission, { controlNumber }, { fields: ['id'] });
    return submission?.id;
  }

  async markAccepted(submissionId: number): Promise<void> {
    await this.em.nativeUpdate(Submission, { id: submissionId, status: 'sent' }, { status: 'accepted' });
  }

  async markRejected(submissionId: number): Promise<void> {
    await this.em.nativeUpdate(Submission, { id: submissionId }, { status: 'rejected' });
  }

  async claimIdsOf(submissionId: number): Promise<number[]> {
    const rows = await sqlRunner(this.em)<{ claim_id: number }>('select claim_id from submission_claim where submission_id = ? order by claim_id', [submissionId]);
    return rows.map((r) => r.claim_id);
  }

  /** Ready claims, unsent batches and undelivered submit jobs of these payers: 0 when their submission is done. */
  async countPendingWork(payerIds: readonly number[]): Promise<number> {
    const [row] = await sqlRunner(this.em)<{ n: number }>(
      `select (select count(*) from claim where payer_id = any(?) and status = 'ready')
            + (select count(*) from submission where payer_id = any(?) and status = 'built')
            + (select count(*) from outbox where sent_at is null and queue = 'claims' and job_name = 'submit') as n`,
      [[...payerIds], [...payerIds]],
    );
    return Number(row.n);
  }
}
