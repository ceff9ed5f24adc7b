// The `claims.ack` job's work: read a TA1, 999 or 277CA and apply it, in the transaction the job
// handler gives it. A rejected interchange (TA1) or transaction set (999) rejects every claim of
// that batch; a 277CA accepts or rejects claim by claim. The domain decides what each answer
// means (src/domain/claims/acknowledgments.ts); rejected claims get claim-rejection tasks, in bulk.
import type { EntityManager } from '@mikro-orm/postgresql';
import { AcknowledgmentsRepository, type AckCounts } from '../../db/repositories/acknowledgments.repository.js';
import { ClaimHistoryRepository } from '../../db/repositories/claim-history.repository.js';
import { SubmissionsRepository } from '../../db/repositories/submissions.repository.js';
import {
  ack999RejectionCodes, acknowledgedClaimIds, claimRejectionTask, claimVerdicts, submissionControlNumber, ta1RejectionCodes, type ClaimVerdict,
} from '../../domain/claims/acknowledgments.js';
import { CLAIM_MOVES } from '../../domain/claims/claim-status.js';
import type { Clock } from '../../domain/clock.js';
import { readAcknowledgment } from '../../domain/x12/ack.js';
import type { Ack277ca } from '../../domain/x12/ack-277ca.js';
import type { Ack999 } from '../../domain/x12/ack-999.js';
import type { Ta1Ack } from '../../domain/x12/ack-ta1.js';
import { BadInputError } from '../../errors.js';
import { loadFileContent, markFile } from '../edi-intake.service.js';
import { createFollowUpTasks } from '../tasks.service.js';
import { ClaimsRepository } from '../../db/repositories/claims.repository.js';

export interface AckOutcome {
  fileId: number;
  kind: string;
  status: 'processed' | 'rejected';
  accepted: number;
  rejected: number;
  unmatched: number;
  error?: string;
}

export interface ApplyAckOptions {
  timezone: string;
  /** Dates the claims' events and the file's outcome. */
  clock: Clock;
}

/**
 * Applies an acknowledgment file in the caller's transaction: the ack job runs it inside
 * readFileOrQuarantine, so an unreadable file rolls back and is quarantined. A file applied
 * before (a redelivered job) returns its recorded outcome and changes nothing.
 */
export async function applyAckFile(tx: EntityManager, fileId: number, options: ApplyAckOptions): Promise<AckOutcome> {
  const acks = new AcknowledgmentsRepository(tx);
  const file = await acks.lockFile(fileId);
  if (!file) throw new BadInputError(`no file ${fileId}`);
  if (file.status !== 'received') return (await ackOutcome(tx, fileId))!;
  const { content } = await loadFileContent(tx, fileId);
  // Errors name the file by its id: they reach the job's failure and logs, the sender's file name must not.
  const ack = readAcknowledgment(content.toString('latin1'), { file: String(fileId) });
  const applier = new AckApplier(tx, fileId, options.clock.now(), options.timezone);
  const counts = ack.kind === '277CA' ? await applier.apply277ca(ack)
    : ack.kind === '999' ? await applier.apply999(ack)
      : await applier.applyTa1(ack);
  await acks.recordOutcome(fileId, ack.kind, counts, applier.at);
  await markFile(tx, fileId, 'processed');
  return { fileId, kind: ack.kind, status: 'processed', ...counts };
}

class AckApplier {
  private readonly claims: ClaimHistoryRepository;
  private readonly submissions: SubmissionsRepository;

  constructor(private readonly tx: EntityManager, private readonly fileId: number, readonly at: Date, private readonly timezone: string) {
    this.claims = new ClaimHistoryRepository(tx);
    this.submissions = new SubmissionsRepository(tx);
  }

  async applyTa1(ack: Ta1Ack): Promise<AckCounts> {
    const counts: AckCounts = { accepted: 0, rejected: 0, unmatched: 0 };
    for (const interchange of ack.interchanges) {
      const submissionId = await this.findSubmission(interchange.controlNumber);
      if (submissionId === undefined) counts.unmatched += 1;
      else if (interchange.status === 'rejected') counts.rejected += await this.rejectSubmission(submissionId, ta1RejectionCodes(interchange));
      else counts.accepted += 1;
    }
    return counts;
  }

  async apply999(ack: Ack999): Promise<AckCounts> {
    const counts: AckCounts = { accepted: 0, rejected: 0, unmatched: 0 };
    for (const transaction of ack.transactions) {
      // We write ISA13 = GS06 = ST02, so the group control number finds the batch.
      const submissionId = await this.findSubmission(transaction.groupControlNumber);
      if (submissionId === undefined) {
        counts.unmatched += 1;
      } else if (transaction.status === 'rejected') {
        counts.rejected += await this.rejectSubmission(submissionId, ack999RejectionCodes(transaction));
      } else {
        await this.submissions.markAccepted(submissionId);
        counts.accepted += 1;
      }
    }
    return counts;
  }

  async apply277ca(ack: Ack277ca): Promise<AckCounts> {
    const known = acknowledgedClaimIds(await this.claims.claimsByControlNumber(ack.claims.map((c) => c.controlNumber)));
    const verdicts = claimVerdicts(ack, known);
    const accepted = new Set(await this.claims.moveEach(CLAIM_MOVES.acknowledged,
      verdicts.accept.map((v) => ({ claimId: v.claimId, detail: { fileId: this.fileId, statusCodes: v.statusCodes } })), this.at));
    await this.claims.recordPayerClaimNumbers(verdicts.accept
      .filter((v) => accepted.has(v.claimId) && v.payerClaimNumber)
      .map((v) => ({ claimId: v.claimId, payerClaimNumber: v.payerClaimNumber! })));
    const rejected = await this.rejectClaims(verdicts.reject);
    return { accepted: verdicts.accepted, rejected, unmatched: verdicts.unmatched };
  }

  private async findSubmission(controlNumber: string): Promise<number | undefined> {
    const number = submissionControlNumber(controlNumber);
    return number === undefined ? undefined : this.submissions.findByControlNumber(number);
  }

  private async rejectSubmission(submissionId: number, statusCodes: string[]): Promise<number> {
    await this.submissions.markRejected(submissionId);
    const claimIds = await this.submissions.claimIdsOf(submissionId);
    return this.rejectClaims(claimIds.map((claimId) => ({ claimId, statusCodes })));
  }

  /** Moves the still-submitted claims to rejected and opens their tasks in one go; returns how many moved. */
  private async rejectClaims(verdicts: readonly ClaimVerdict[]): Promise<number> {
    const moved = await this.claims.moveEach(CLAIM_MOVES.rejectedByClearinghouse,
      verdicts.map((v) => ({ claimId: v.claimId, detail: { fileId: this.fileId, statusCodes: v.statusCodes } })), this.at);
    if (moved.length === 0) return 0;
    const codes = new Map(verdicts.map((v) => [v.claimId, v.statusCodes]));
    // The task's deadline is the filing deadline the scrubber uses, computed from the stored claim.
    const rejected = await new ClaimsRepository(this.tx).loadClaims(moved);
    await createFollowUpTasks(this.tx, rejected.map((stored) => claimRejectionTask(stored, codes.get(stored.id)!)), { timezone: this.timezone, clock: { now: () => this.at } });
    return moved.length;
  }
}

export async function ackOutcome(em: EntityManager, fileId: number): Promise<AckOutcome | undefined> {
  const row = await new AcknowledgmentsRepository(em).findOutcome(fileId);
  if (!row || row.status === 'received' || row.status === 'processing') return undefined;
  if (row.status === 'quarantined') return { fileId, kind: row.kind, status: 'rejected', accepted: 0, rejected: 0, unmatched: 0, error: row.error ?? 'rejected' };
  return { fileId, kind: row.kind, status: 'processed', accepted: row.accepted ?? 0, rejected: row.rejected ?? 0, unmatched: row.unmatched ?? 0 };
}
