// Read models for people and scripts: what became of an 835 file (the `rcm era import --json`
// contract) and the follow-up task list. Ids, codes and amounts only: no patient data.
import type { EntityManager } from '@mikro-orm/postgresql';
import { RemittancesRepository, type EraFileTotals } from '../../db/repositories/remittances.repository.js';
import { TaskListRepository } from '../../db/repositories/task-list.repository.js';

export type EraFileStatus = 'queued' | 'processing' | 'posted' | 'duplicate' | 'rejected';

/** The `rcm era import --json` contract (docs/posting.md): the file's totals and what posting did. */
export type EraFileSummary = Omit<EraFileTotals, 'fileName' | 'fileStatus' | 'fileError' | 'quarantineTasks'> & {
  file: string;
  fileId: number;
  status: EraFileStatus;
  error?: string;
};

const FILE_STATUS: Record<string, EraFileStatus> = {
  received: 'queued', processing: 'processing', processed: 'posted', duplicate: 'duplicate', quarantined: 'rejected',
};

/**
 * Totals of the file as written (over all its claims, matched or not) and what posting did with
 * them. `asDuplicateOf` reports a file whose bytes arrived before: its figures, nothing posted now.
 */
export async function eraFileSummary(em: EntityManager, fileId: number, options: { file?: string; asDuplicate?: boolean } = {}): Promise<EraFileSummary> {
  const t = await new RemittancesRepository(em).eraFileTotals(fileId);
  if (!t) throw new Error(`no file ${fileId}`);
  const duplicate = options.asDuplicate === true;
  const quarantined = t.fileStatus === 'quarantined';
  const summary: EraFileSummary = {
    file: options.file ?? t.fileName,
    fileId,
    status: duplicate ? 'duplicate' : FILE_STATUS[t.fileStatus] ?? 'processing',
    traceNumber: t.traceNumber,
    paymentCents: t.paymentCents,
    claims: t.claims,
    matched: duplicate ? 0 : t.matched,
    unmatched: duplicate ? 0 : t.unmatched,
    paidCents: t.paidCents,
    contractualCents: t.contractualCents,
    deniedCents: t.deniedCents,
    patientRespCents: t.patientRespCents,
    providerAdjustmentCents: t.providerAdjustmentCents,
    claimsWithDenial: duplicate ? 0 : t.claimsWithDenial,
    tasksCreated: duplicate ? 0 : t.tasksCreated + (quarantined ? t.quarantineTasks : 0),
  };
  if (quarantined && !duplicate) summary.error = t.fileError ?? 'rejected';
  return summary;
}

export interface TaskListItem {
  id: number;
  type: string;
  status: string;
  priority: number;
  claimControlNumber: string | null;
  reasonCodes: string[];
  amountAtRiskCents: number;
  assignee: string | null;
  dueAt: string | null;
}

export async function listTasks(em: EntityManager, filter: { type?: string; status?: string; limit?: number } = {}): Promise<TaskListItem[]> {
  const limit = Number.isSafeInteger(filter.limit) && filter.limit! > 0 ? filter.limit! : 1000;
  const rows = await new TaskListRepository(em).list({ type: filter.type, status: filter.status, limit });
  return rows.map((r) => ({
    id: Number(r.id),
    type: String(r.type),
    status: String(r.status),
    priority: Number(r.priority),
    claimControlNumber: r.control_number ?? null,
    reasonCodes: r.reason_codes,
    amountAtRiskCents: Number(r.amount_at_risk_cents),
    assignee: r.login ?? null,
    dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
  }));
}
