// Read models for people and scripts: what became of an 835 file (the `rcm era import --json`
// contract) and the follow-up task list. Ids, codes and amounts only: no patient data.
import { sqlRunner } from '../../db/sql.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  RemittancesRepository, type EraFileTotals, type EraTransactionRow, type RemittanceMoney,
} from '../../db/repositories/remittances.repository.js';
import type { TaskJson } from '../tasks/task-json.js';
import { listTasksFor } from '../tasks/task-views.service.js';

export type EraFileStatus = 'queued' | 'processing' | 'posted' | 'duplicate' | 'conflict' | 'rejected';

/** One transaction (ST/SE) of the file: what became of it, and its own figures. */
export interface EraTransactionSummary extends RemittanceMoney {
  controlNumber: string;
  traceNumber: string;
  /** posted; processing (staged, chunks still posting); duplicate (nothing posted); conflict (refused, nothing posted). */
  status: 'processing' | 'posted' | 'duplicate' | 'conflict';
  /** The remittance that holds the trace already (duplicate, conflict). */
  duplicateOf?: number;
  /** duplicate: its content (payment, claims, PLB) equals the earlier one's. */
  sameContent?: boolean;
  /** conflict: why it was refused. */
  reason?: string;
}

/** The `rcm era import --json` contract (docs/posting.md): what the file posted, and each transaction. */
export type EraFileSummary = Omit<EraFileTotals, 'fileName' | 'fileStatus' | 'fileError' | 'quarantineTasks' | 'transactions'> & {
  file: string;
  fileId: number;
  status: EraFileStatus;
  transactions: EraTransactionSummary[];
  error?: string;
};

const FILE_STATUS: Record<string, EraFileStatus> = {
  received: 'queued', processing: 'processing', processed: 'posted', duplicate: 'duplicate', quarantined: 'rejected',
};

const NOTHING_POSTED: RemittanceMoney = {
  paymentCents: 0, claims: 0, chargeCents: 0, paidCents: 0, contractualCents: 0, deniedCents: 0, patientRespCents: 0,
  otherAdjustmentCents: 0, providerAdjustmentCents: 0,
};

/**
 * What the file posted (its staged and posted transactions summed; duplicates and refused conflicts
 * add nothing) and what became of each transaction. `asDuplicate` reports a file whose bytes
 * arrived before (the stored file's id): nothing posted now, each transaction a duplicate.
 */
export async function eraFileSummary(em: EntityManager, fileId: number, options: { file?: string; asDuplicate?: boolean } = {}): Promise<EraFileSummary> {
  const t = await new RemittancesRepository(em).eraFileTotals(fileId);
  if (!t) throw new Error(`no file ${fileId}`);
  if (options.asDuplicate === true) {
    return {
      file: options.file ?? t.fileName, fileId, status: 'duplicate', traceNumber: t.traceNumber, ...NOTHING_POSTED,
      matched: 0, unmatched: 0, claimsWithDenial: 0, tasksCreated: 0,
      transactions: t.transactions.map((row) => transactionOf({
        ...row, status: 'duplicate', sameContent: true,
        duplicateOf: row.status === 'staged' || row.status === 'posted' ? row.remittanceId : row.duplicateOf,
      })),
    };
  }
  const quarantined = t.fileStatus === 'quarantined';
  const transactions = t.transactions.map(transactionOf);
  const summary: EraFileSummary = {
    file: options.file ?? t.fileName,
    fileId,
    status: fileStatusOf(t.fileStatus, transactions),
    traceNumber: t.traceNumber,
    paymentCents: t.paymentCents,
    claims: t.claims,
    matched: t.matched,
    unmatched: t.unmatched,
    chargeCents: t.chargeCents,
    paidCents: t.paidCents,
    contractualCents: t.contractualCents,
    deniedCents: t.deniedCents,
    patientRespCents: t.patientRespCents,
    otherAdjustmentCents: t.otherAdjustmentCents,
    providerAdjustmentCents: t.providerAdjustmentCents,
    claimsWithDenial: t.claimsWithDenial,
    tasksCreated: t.tasksCreated + (quarantined ? t.quarantineTasks : 0),
    transactions,
  };
  if (quarantined) summary.error = t.fileError ?? 'rejected';
  else if (summary.status === 'conflict') summary.error = transactions.filter((x) => x.reason).map((x) => x.reason).join('; ');
  return summary;
}

/**
 * A file done with: posted when any transaction posted, else conflict when one was refused, else
 * duplicate. While it posts, or before it was read, the file's own status says.
 */
function fileStatusOf(fileStatus: string, transactions: readonly EraTransactionSummary[]): EraFileStatus {
  if (fileStatus !== 'processed' && fileStatus !== 'duplicate') return FILE_STATUS[fileStatus] ?? 'processing';
  if (transactions.length === 0 || transactions.some((x) => x.status === 'posted' || x.status === 'processing')) return FILE_STATUS[fileStatus];
  return transactions.some((x) => x.status === 'conflict') ? 'conflict' : 'duplicate';
}

function transactionOf(row: EraTransactionRow): EraTransactionSummary {
  const { remittanceId: _id, controlNumber, traceNumber, status, duplicateOf, sameContent, refusal, ...figures } = row;
  const summary: EraTransactionSummary = { controlNumber, traceNumber, status: status === 'staged' ? 'processing' : status, ...figures };
  if (duplicateOf !== null && status !== 'staged' && status !== 'posted') summary.duplicateOf = duplicateOf;
  if (status === 'duplicate' && sameContent !== null) summary.sameContent = sameContent;
  if (refusal) summary.reason = refusal;
  return summary;
}

/** Tasks in the API's JSON shape, highest priority first, the whole office (`rcm tasks list`). */
export async function listTasks(em: EntityManager, filter: { type?: string; status?: string; limit?: number } = {}): Promise<TaskJson[]> {
  const limit = Number.isSafeInteger(filter.limit) && filter.limit! > 0 ? filter.limit! : 1000;
  return listTasksFor(sqlRunner(em), { kind: 'all' }, { type: filter.type, status: filter.status, limit });
}
