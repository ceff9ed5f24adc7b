// Tasks as people read them: the list inside their scope, and one task's detail with the minimum
// necessary to work it. The detail shows the claim (with its diagnosis codes: the specialist works
// the claim, and coding denials turn on them), its lines and money, the payer, and the remittance,
// edits, conflict or file behind the task. Patient names and birth dates appear only for the types
// of config/task-views.ts. Every read that shows patient data (diagnoses, names, birth dates) is
// an audit event `patient.read` naming the patient and the fields shown, never their values.
import type { Person } from '../../domain/people/person.js';
import type { Run } from '../../db/sql.js';
import { notFound } from '../../errors.js';
import { AuditRepository } from '../../db/repositories/audit.repository.js';
import { TaskViewsRepository, type TaskListFilter } from '../../db/repositories/task-views.repository.js';
import { PATIENT_DETAIL_TASK_TYPES } from '../../../config/task-views.js';
import type { TaskType } from '../../../config/task-types.js';
import { toTaskJson, type TaskJson } from './task-json.js';
import { inScope, taskScopeOf, type TaskScope } from './task-scope.js';

type Row = Record<string, any>;

export interface TaskDetail extends TaskJson {
  subject: { type: string; id: number };
  escalation: { level: number; to: string | null; at: string | null };
  claim: Row | null;
  lines: Row[];
  payer: Row | null;
  remittances: Row[];
  remittanceClaim: Row | null;
  remittance: Row | null;
  edits: Row[];
  conflict: Row | null;
  file: Row | null;
  account: Row | null;
  /** Names and birth dates, only for the types that need them; null for every other type. */
  patients: Row[] | null;
  events: Array<{ kind: string; actor: string; at: string; detail: Record<string, unknown> | null }>;
}

export async function listTasksFor(run: Run, scope: TaskScope, filter: TaskListFilter): Promise<TaskJson[]> {
  return (await new TaskViewsRepository(run).list(scope, filter)).map(toTaskJson);
}

export function showsPatient(type: string): boolean {
  return (PATIENT_DETAIL_TASK_TYPES as readonly string[]).includes(type as TaskType);
}

/** The task's detail as `reader` may see it (404 outside their scope); audits patient data shown. */
export async function taskDetail(run: Run, reader: Person, taskId: number, at: Date): Promise<TaskDetail> {
  const views = new TaskViewsRepository(run);
  const task = await views.task(taskId);
  if (!task || !inScope(await taskScopeOf(run, reader), task.assignee_id)) throw notFound(`no task ${taskId}`);
  const detail: TaskDetail = {
    ...toTaskJson(task),
    subject: { type: task.subject_type, id: Number(task.subject_id) },
    escalation: { level: task.escalation_level, to: task.escalated_to, at: task.escalated_at === null ? null : new Date(task.escalated_at).toISOString() },
    claim: null, lines: [], payer: null, remittances: [], remittanceClaim: null, remittance: null, edits: [], conflict: null, file: null,
    account: null, patients: null, events: [],
  };
  let claimId: number | null = null;
  let payerId: number | null = task.payer_id ?? null;
  let patientWhere: { patientId?: number; accountId?: number } | null = null;
  const subjectId = Number(task.subject_id);
  switch (task.subject_type) {
    case 'claim': claimId = subjectId; break;
    case 'claim-conflict': {
      const conflict = await views.claimConflict(subjectId);
      if (conflict) {
        detail.conflict = { id: conflict.id, fileId: conflict.file_id, position: conflict.position, controlNumber: conflict.control_number,
          reasons: conflict.reasons, chargeCents: Number(conflict.charge_cents), existingClaimId: conflict.existing_claim_id };
        claimId = conflict.existing_claim_id;
      }
      break;
    }
    case 'remittance-claim': {
      const rc = await views.remittanceClaim(subjectId);
      if (rc) {
        detail.remittanceClaim = { remittanceId: rc.remittance_id, sequence: rc.sequence, controlNumber: rc.control_number, statusCode: rc.status_code,
          chargeCents: Number(rc.charge_cents), paidCents: Number(rc.paid_cents), traceNumber: rc.trace_number, payerIdentifier: rc.payer_identifier,
          paymentDate: rc.payment_date, asSent: rc.detail };
        claimId = rc.claim_id;
        payerId ??= rc.payer_id;
      }
      break;
    }
    case 'remittance': {
      const r = await views.remittance(subjectId);
      if (r) {
        detail.remittance = { id: r.id, fileId: r.file_id, traceNumber: r.trace_number, payerIdentifier: r.payer_identifier, status: r.status,
          duplicateOfId: r.duplicate_of_id, refusal: r.refusal, paymentCents: Number(r.payment_cents), paymentMethod: r.payment_method,
          paymentDate: r.payment_date, claimCount: r.claim_count, chargeCents: Number(r.charge_cents), paidCents: Number(r.paid_cents) };
        payerId ??= r.payer_id;
      }
      break;
    }
    case 'file': {
      const f = await views.file(subjectId);
      if (f) {
        detail.file = { id: f.id, kind: f.kind, direction: f.direction, fileName: f.file_name, status: f.status, error: f.error,
          sizeBytes: f.size_bytes, receivedAt: new Date(f.received_at).toISOString() };
      }
      break;
    }
    case 'account': {
      const a = await views.account(subjectId);
      if (a) detail.account = { id: a.id, accountNumber: a.account_number, patientBalanceCents: Number(a.patient_balance_cents), dunningStage: a.dunning_stage };
      patientWhere = { accountId: subjectId };
      break;
    }
    case 'patient': patientWhere = { patientId: subjectId }; break;
  }
  const audit = new AuditRepository(run);
  const reads = new Map<number, string[]>();
  if (claimId !== null) {
    const claim = await views.claim(claimId);
    if (claim) {
      payerId ??= claim.payer_id;
      patientWhere ??= { patientId: claim.patient_id };
      detail.claim = {
        id: claim.id, controlNumber: claim.control_number, frequency: claim.frequency, status: claim.status, payerClaimNumber: claim.payer_claim_number,
        placeOfService: claim.place_of_service, serviceDate: claim.service_date, billedOn: claim.created_on, diagnoses: claim.diagnoses,
        chargeCents: Number(claim.charge_cents), paidCents: Number(claim.paid_cents), contractualCents: Number(claim.contractual_cents),
        deniedCents: Number(claim.denied_cents), patientRespCents: Number(claim.patient_resp_cents), balanceCents: Number(claim.balance_cents),
      };
      if ((claim.diagnoses ?? []).length > 0) reads.set(claim.patient_id, ['diagnoses']);
      detail.lines = (await views.claimLines(claimId)).map((l) => ({
        lineNumber: l.line_number, lineControlNumber: l.line_control_number, procedure: l.procedure, modifiers: l.modifiers, units: Number(l.units),
        unitBasis: l.unit_basis, diagnosisPointers: l.diagnosis_pointers, serviceDate: l.service_date, serviceDateEnd: l.service_date_end,
        chargeCents: Number(l.charge_cents), paidCents: Number(l.paid_cents), contractualCents: Number(l.contractual_cents),
        deniedCents: Number(l.denied_cents), patientRespCents: Number(l.patient_resp_cents),
      }));
      detail.edits = (await views.claimEdits(claimId)).map((e) => ({ code: e.code, severity: e.severity, field: e.field, line: e.line, message: e.message }));
      detail.remittances = (await views.remittancesOfClaim(claimId)).map((r) => ({
        remittanceId: r.remittance_id, traceNumber: r.trace_number, payerIdentifier: r.payer_identifier, paymentDate: r.payment_date,
        paymentMethod: r.payment_method, sequence: r.sequence, statusCode: r.status_code, chargeCents: Number(r.charge_cents),
        paidCents: Number(r.paid_cents), forwarded: r.forwarded,
        adjustments: (r.adjustments as Row[]).map((a) => ({ ...a, amountCents: Number(a.amountCents) })),
      }));
    }
  }
  if (payerId !== null) {
    const payer = await views.payer(payerId);
    if (payer) detail.payer = { payerId: payer.payer_id, name: payer.name, timelyFilingDays: payer.timely_filing_days, appealDays: payer.appeal_days };
  }
  if (showsPatient(task.type) && patientWhere) {
    detail.patients = (await views.patientsOf(patientWhere)).map((p) => {
      reads.set(p.id, [...(reads.get(p.id) ?? []), 'name', 'birthDate']);
      return { patientId: p.id, lastName: p.last_name, firstName: p.first_name, middleName: p.middle_name, birthDate: p.birth_date };
    });
  }
  for (const [patientId, fields] of reads) {
    await audit.record({ actor: reader.login, action: 'patient.read', subjectType: 'patient', subjectId: String(patientId), detail: { taskId, fields } }, at);
  }
  detail.events = (await views.events(taskId)).map((e) => ({ kind: e.kind, actor: e.actor, at: new Date(e.at).toISOString(), detail: e.detail }));
  return detail;
}
