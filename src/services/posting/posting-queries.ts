// Read models for people and scripts: what became of an 835 file (the `rcm era import --json`
// contract) and the follow-up task list. Ids, codes and amounts only: no patient data.
import type { EntityManager } from '@mikro-orm/postgresql';

export type EraFileStatus = 'queued' | 'processing' | 'posted' | 'duplicate' | 'rejected';

export interface EraFileSummary {
  file: string;
  fileId: number;
  status: EraFileStatus;
  traceNumber: string | null;
  paymentCents: number;
  claims: number;
  matched: number;
  unmatched: number;
  paidCents: number;
  contractualCents: number;
  deniedCents: number;
  patientRespCents: number;
  providerAdjustmentCents: number;
  claimsWithDenial: number;
  tasksCreated: number;
  error?: string;
}

const FILE_STATUS: Record<string, EraFileStatus> = {
  received: 'queued', processing: 'processing', processed: 'posted', duplicate: 'duplicate', quarantined: 'rejected',
};

/**
 * Totals of the file as written (over all its claims, matched or not) and what posting did with
 * them. `asDuplicateOf` reports a file whose bytes arrived before: its figures, nothing posted now.
 */
export async function eraFileSummary(em: EntityManager, fileId: number, options: { file?: string; asDuplicate?: boolean } = {}): Promise<EraFileSummary> {
  const connection = em.getConnection();
  const [file] = await connection.execute<Array<{ file_name: string; status: string; error: string | null }>>(
    'select file_name, status, error from edi_file where id = ?', [fileId],
  );
  if (!file) throw new Error(`no file ${fileId}`);
  const [t] = await connection.execute<Array<Record<string, string | null>>>(
    `select min(trace_number) filter (where transaction_sequence = 1) as trace, coalesce(sum(payment_cents), 0) as payment,
       coalesce(sum(claim_count), 0) as claims, coalesce(sum(matched_claims), 0) as matched, coalesce(sum(unmatched_claims), 0) as unmatched,
       coalesce(sum(paid_cents), 0) as paid, coalesce(sum(contractual_cents), 0) as contractual, coalesce(sum(denied_cents), 0) as denied,
       coalesce(sum(patient_resp_cents), 0) as patient_resp, coalesce(sum(provider_adjustment_cents), 0) as plb,
       coalesce(sum(claims_with_denial), 0) as with_denial, coalesce(sum(tasks_created), 0) as tasks
     from remittance where file_id = ?`, [fileId],
  );
  const [quarantine] = await connection.execute<Array<{ n: number }>>(
    `select count(*)::int as n from task where type = 'quarantined-file' and subject_type = 'file' and subject_id = ?`, [fileId],
  );
  const n = (key: string) => Number(t[key] ?? 0);
  const duplicate = options.asDuplicate === true;
  const summary: EraFileSummary = {
    file: options.file ?? file.file_name,
    fileId,
    status: duplicate ? 'duplicate' : FILE_STATUS[file.status] ?? 'processing',
    traceNumber: t.trace ?? null,
    paymentCents: n('payment'),
    claims: n('claims'),
    matched: duplicate ? 0 : n('matched'),
    unmatched: duplicate ? 0 : n('unmatched'),
    paidCents: n('paid'),
    contractualCents: n('contractual'),
    deniedCents: n('denied'),
    patientRespCents: n('patient_resp'),
    providerAdjustmentCents: n('plb'),
    claimsWithDenial: duplicate ? 0 : n('with_denial'),
    tasksCreated: duplicate ? 0 : n('tasks') + (file.status === 'quarantined' ? quarantine.n : 0),
  };
  if (file.status === 'quarantined' && !duplicate) summary.error = file.error ?? 'rejected';
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
  const rows = await em.getConnection().execute<Array<Record<string, unknown>>>(
    `select t.id, t.type, t.status, t.priority, t.reason_codes, t.amount_at_risk_cents, t.due_at, s.login,
       case t.subject_type when 'claim' then c.control_number when 'remittance-claim' then rc.control_number end as control_number
     from task t
     left join claim c on t.subject_type = 'claim' and c.id = t.subject_id
     left join remittance_claim rc on t.subject_type = 'remittance-claim' and rc.id = t.subject_id
     left join specialist s on s.id = t.assignee_id
     where (?::text is null or t.type = ?) and (?::text is null or t.status = ?)
     order by t.priority desc, t.id limit ?`,
    [filter.type ?? null, filter.type ?? null, filter.status ?? null, filter.status ?? null,
      Number.isSafeInteger(filter.limit) && filter.limit! > 0 ? filter.limit : 1000],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    type: String(r.type),
    status: String(r.status),
    priority: Number(r.priority),
    claimControlNumber: (r.control_number as string | null) ?? null,
    reasonCodes: r.reason_codes as string[],
    amountAtRiskCents: Number(r.amount_at_risk_cents),
    assignee: (r.login as string | null) ?? null,
    dueAt: r.due_at ? new Date(r.due_at as string).toISOString() : null,
  }));
}
