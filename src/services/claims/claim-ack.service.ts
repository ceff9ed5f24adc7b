// The `claims.ack` job's work: read a TA1, 999 or 277CA and apply it. A rejected interchange
// (TA1) or transaction set (999) rejects every claim of that batch; a 277CA accepts or rejects
// claim by claim. Rejected claims get a claim-rejection task with the status codes: a rejected
// claim was never filed, so its deadline (and the task's priority) is the filing deadline.
import type { EntityManager } from '@mikro-orm/postgresql';
import { readAcknowledgment } from '../../domain/x12/ack.js';
import type { Ack277ca } from '../../domain/x12/ack-277ca.js';
import type { Ack999 } from '../../domain/x12/ack-999.js';
import type { Ta1Ack } from '../../domain/x12/ack-ta1.js';
import { X12Error } from '../../domain/x12/x12-error.js';
import { BadInputError } from '../../errors.js';
import { loadFileContent, markFile } from '../edi-intake.service.js';
import { readFileOrQuarantine } from '../file-jobs.js';
import { createFollowUpTask } from '../tasks.service.js';
import { moveClaims } from './claim-status.js';
import { sqlRunner, type Run } from '../../db/sql.js';

export interface AckOutcome {
  fileId: number;
  kind: string;
  status: 'processed' | 'rejected';
  accepted: number;
  rejected: number;
  unmatched: number;
  error?: string;
}

export async function processAckFile(em: EntityManager, fileId: number, options: { timezone: string }): Promise<AckOutcome> {
  return readFileOrQuarantine(em, { fileId, fileLabel: 'acknowledgment file', timezone: options.timezone }, (tx) => applyInTransaction(tx, fileId, options.timezone));
}

async function applyInTransaction(tx: EntityManager, fileId: number, timezone: string): Promise<AckOutcome> {
  const run = sqlRunner(tx);
  const [file] = await run<{ status: string; kind: string }>('select status, kind from edi_file where id = ? for update', [fileId]);
  if (!file) throw new BadInputError(`no file ${fileId}`);
  if (file.status !== 'received') return (await ackOutcome(tx, fileId))!;
  const { file: row, content } = await loadFileContent(tx, fileId);
  const ack = readAcknowledgment(content.toString('latin1'), { file: row.fileName });
  const counts = ack.kind === '277CA' ? await apply277ca(tx, run, ack, fileId, timezone)
    : ack.kind === '999' ? await apply999(tx, run, ack, fileId, timezone)
      : await applyTa1(tx, run, ack, fileId, timezone);
  await run(`insert into claim_file_outcome (file_id, kind, accepted, rejected, unmatched, created_at) values (?, ?, ?, ?, ?, now())`,
    [fileId, ack.kind, counts.accepted, counts.rejected, counts.unmatched]);
  await markFile(tx, fileId, 'processed');
  return { fileId, kind: ack.kind, status: 'processed', ...counts };
}

type Counts = { accepted: number; rejected: number; unmatched: number };

async function applyTa1(tx: EntityManager, run: Run, ack: Ta1Ack, fileId: number, timezone: string): Promise<Counts> {
  const counts: Counts = { accepted: 0, rejected: 0, unmatched: 0 };
  for (const interchange of ack.interchanges) {
    const submission = await findSubmission(run, interchange.controlNumber);
    if (!submission) counts.unmatched += 1;
    else if (interchange.status === 'rejected') counts.rejected += await rejectSubmission(tx, run, submission, [`TA1:${interchange.noteCode}`], fileId, timezone);
    else counts.accepted += 1;
  }
  return counts;
}

async function apply999(tx: EntityManager, run: Run, ack: Ack999, fileId: number, timezone: string): Promise<Counts> {
  const counts: Counts = { accepted: 0, rejected: 0, unmatched: 0 };
  for (const transaction of ack.transactions) {
    // We write ISA13 = GS06 = ST02, so the group control number finds the batch.
    const submission = await findSubmission(run, transaction.groupControlNumber);
    if (!submission) {
      counts.unmatched += 1;
    } else if (transaction.status === 'rejected') {
      const codes = ['999:R', ...transaction.statusCodes.map((c) => `IK5:${c}`), ...transaction.errors.map((e) => `IK3:${e.segment}:${e.code}`)];
      counts.rejected += await rejectSubmission(tx, run, submission, codes, fileId, timezone);
    } else {
      await run(`update submission set status = 'accepted' where id = ? and status = 'sent'`, [submission]);
      counts.accepted += 1;
    }
  }
  return counts;
}

async function apply277ca(tx: EntityManager, run: Run, ack: Ack277ca, fileId: number, timezone: string): Promise<Counts> {
  const counts: Counts = { accepted: 0, rejected: 0, unmatched: 0 };
  const numbers = ack.claims.map((c) => c.controlNumber);
  const known = new Map((await run<{ id: number; control_number: string }>(
    'select id, control_number from claim where control_number = any(?)', [numbers],
  )).map((r) => [r.control_number, r.id]));
  for (const claim of ack.claims) {
    const claimId = known.get(claim.controlNumber);
    if (claimId === undefined || claim.status === 'unrecognized') {
      counts.unmatched += 1;
    } else if (claim.status === 'accepted') {
      const moved = await moveClaims(run, [claimId], ['submitted'], 'accepted', { fileId, statusCodes: claim.statusCodes });
      if (moved.length && claim.payerClaimNumber) {
        await run('update claim set payer_claim_number = ? where id = ? and payer_claim_number is null', [claim.payerClaimNumber.slice(0, 50), claimId]);
      }
      counts.accepted += 1;
    } else {
      counts.rejected += (await rejectClaims(tx, run, [claimId], claim.statusCodes, fileId, timezone));
    }
  }
  return counts;
}

async function findSubmission(run: Run, controlNumber: string): Promise<number | undefined> {
  if (!/^\d{1,9}$/.test(controlNumber)) return undefined;
  const [row] = await run<{ id: number }>('select id from submission where control_number = ?', [Number(controlNumber)]);
  return row?.id;
}

async function rejectSubmission(tx: EntityManager, run: Run, submissionId: number, codes: string[], fileId: number, timezone: string): Promise<number> {
  await run(`update submission set status = 'rejected' where id = ?`, [submissionId]);
  const claims = await run<{ claim_id: number }>('select claim_id from submission_claim where submission_id = ?', [submissionId]);
  return rejectClaims(tx, run, claims.map((c) => c.claim_id), codes, fileId, timezone);
}

async function rejectClaims(tx: EntityManager, run: Run, claimIds: number[], codes: string[], fileId: number, timezone: string): Promise<number> {
  const moved = await moveClaims(run, claimIds, ['submitted'], 'rejected', { fileId, statusCodes: codes });
  if (moved.length === 0) return 0;
  const rows = await run<{ id: number; charge_cents: string; payer_id: number; deadline: string }>(
    `select c.id, c.charge_cents, c.payer_id,
       to_char(least(c.service_date, (select min(l.service_date) from claim_line l where l.claim_id = c.id)) + p.timely_filing_days, 'YYYY-MM-DD') as deadline
     from claim c join payer p on p.id = c.payer_id where c.id = any(?)`,
    [moved],
  );
  for (const row of rows) {
    await createFollowUpTask(tx, {
      type: 'claim-rejection', subjectType: 'claim', subjectId: row.id, reasonCodes: codes, amountAtRiskCents: Number(row.charge_cents),
      deadline: row.deadline, requiredSkills: ['rejections'], payerId: row.payer_id,
    }, { timezone });
  }
  return moved.length;
}

export async function ackOutcome(em: EntityManager, fileId: number): Promise<AckOutcome | undefined> {
  const [row] = await sqlRunner(em)<{ status: string; kind: string; error: string | null; accepted: number | null; rejected: number | null; unmatched: number | null }>(
    `select f.status, f.kind, f.error, o.accepted, o.rejected, o.unmatched from edi_file f left join claim_file_outcome o on o.file_id = f.id where f.id = ?`, [fileId],
  );
  if (!row || row.status === 'received' || row.status === 'processing') return undefined;
  if (row.status === 'quarantined') return { fileId, kind: row.kind, status: 'rejected', accepted: 0, rejected: 0, unmatched: 0, error: row.error ?? 'rejected' };
  return { fileId, kind: row.kind, status: 'processed', accepted: row.accepted ?? 0, rejected: row.rejected ?? 0, unmatched: row.unmatched ?? 0 };
}
