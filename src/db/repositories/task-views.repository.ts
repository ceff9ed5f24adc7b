// What people read of tasks: the scoped list, and the pieces of a task's detail (the claim, its
// lines and money, the payer, the remittance or edits behind the task, the task's history).
// Patient names and birth dates are read only by `patientsOf`, which the service calls for the
// types that need them and audits.
import type { Run } from '../sql.js';
import { TASK_JSON_SELECT, type TaskJsonRow } from './task-json.repository.js';
import type { TaskScope } from '../../services/tasks/task-scope.js';

export interface TaskListFilter {
  type?: string;
  status?: string;
  /** A login, or null for unassigned tasks only. */
  assignee?: string | null;
  limit: number;
}

export interface TaskSubjectRow extends TaskJsonRow {
  subject_type: string;
  subject_id: number;
  payer_id: number | null;
  escalation_level: number;
  escalated_at: Date | string | null;
  escalated_to: string | null;
}

type Row = Record<string, any>;

export class TaskViewsRepository {
  constructor(private readonly run: Run) {}

  /** Highest priority first, inside the scope. */
  async list(scope: TaskScope, filter: TaskListFilter): Promise<TaskJsonRow[]> {
    const inScope = scopeCondition(scope, 't');
    const assignee = filter.assignee === undefined ? 'true' : filter.assignee === null ? 't.assignee_id is null' : 's.login = ?';
    return this.run<TaskJsonRow>(
      `${TASK_JSON_SELECT}
       where ${inScope.sql} and (?::text is null or t.type = ?) and (?::text is null or t.status = ?) and ${assignee}
       order by t.priority desc, t.id limit ?`,
      [...inScope.params, filter.type ?? null, filter.type ?? null, filter.status ?? null, filter.status ?? null,
        ...(typeof filter.assignee === 'string' ? [filter.assignee] : []), filter.limit],
    );
  }

  /** The task as TaskJson row, with its subject and escalation. */
  async task(taskId: number): Promise<TaskSubjectRow | undefined> {
    const [row] = await this.run<TaskSubjectRow>(
      `${TASK_JSON_SELECT.replace('select t.id,', `select t.subject_type, t.subject_id, t.payer_id, t.escalation_level, t.escalated_at,
         (select login from specialist e where e.id = t.escalated_to_id) as escalated_to, t.id,`)} where t.id = ?`, [taskId]);
    return row;
  }

  async claim(claimId: number): Promise<Row | undefined> {
    const [row] = await this.run(
      `select c.id, c.control_number, c.frequency, c.status, c.payer_claim_number, c.place_of_service, to_char(c.service_date, 'YYYY-MM-DD') as service_date,
         c.diagnoses, c.charge_cents, c.paid_cents, c.contractual_cents, c.denied_cents, c.patient_resp_cents, c.balance_cents, c.patient_id,
         c.payer_id, to_char(c.created_at, 'YYYY-MM-DD') as created_on
       from claim c where c.id = ?`, [claimId]);
    return row;
  }

  /** The claim's lines, each with its codes and the money posted to it (from the ledger). */
  async claimLines(claimId: number): Promise<Row[]> {
    return this.run(
      `select l.line_number, l.line_control_number, l.procedure, l.modifiers, l.units, l.unit_basis, l.charge_cents, l.diagnosis_pointers,
         to_char(l.service_date, 'YYYY-MM-DD') as service_date, to_char(l.service_date_end, 'YYYY-MM-DD') as service_date_end,
         coalesce(sum(e.amount_cents) filter (where e.kind = 'payment'), 0) as paid_cents,
         coalesce(sum(e.amount_cents) filter (where e.kind = 'contractual'), 0) as contractual_cents,
         coalesce(sum(e.amount_cents) filter (where e.kind = 'denial'), 0) as denied_cents,
         coalesce(sum(e.amount_cents) filter (where e.kind = 'patient-responsibility'), 0) as patient_resp_cents
       from claim_line l left join ledger_entry e on e.claim_id = l.claim_id and e.claim_line_id = l.id
       where l.claim_id = ? group by l.id order by l.line_number`, [claimId]);
  }

  async payer(payerId: number): Promise<Row | undefined> {
    const [row] = await this.run('select payer_id, name, timely_filing_days, appeal_days, follow_up_days from payer where id = ?', [payerId]);
    return row;
  }

  async claimEdits(claimId: number): Promise<Row[]> {
    return this.run('select code, severity, field, line, message, created_at from claim_edit where claim_id = ? order by id', [claimId]);
  }

  /** The remittances that paid or adjusted the claim, with their CARC/RARC adjustments from the ledger. */
  async remittancesOfClaim(claimId: number): Promise<Row[]> {
    return this.run(
      `select r.id as remittance_id, r.trace_number, r.payer_identifier, to_char(r.payment_date, 'YYYY-MM-DD') as payment_date, r.payment_method,
         rc.sequence, rc.control_number, rc.status_code, rc.charge_cents, rc.paid_cents, rc.forwarded,
         coalesce((select json_agg(json_build_object('kind', e.kind, 'group', e.group_code, 'reason', e.reason_code, 'remarks', coalesce(e.remark_codes, '[]'::jsonb),
             'amountCents', e.amount_cents, 'line', l.line_number) order by e.id)
           from ledger_entry e left join claim_line l on l.id = e.claim_line_id
           where e.claim_id = rc.claim_id and e.source = 'remittance:' || r.id and e.reason_code is not null), '[]') as adjustments
       from remittance_claim rc join remittance r on r.id = rc.remittance_id
       where rc.claim_id = ? order by r.id, rc.sequence`, [claimId]);
  }

  /** A remittance claim (an unmatched one carries the claim as sent, without patient names or ids). */
  async remittanceClaim(remittanceClaimId: number): Promise<Row | undefined> {
    const [row] = await this.run(
      `select rc.id, rc.remittance_id, rc.sequence, rc.control_number, rc.status_code, rc.charge_cents, rc.paid_cents, rc.claim_id, rc.detail,
         r.trace_number, r.payer_identifier, r.payer_id, to_char(r.payment_date, 'YYYY-MM-DD') as payment_date
       from remittance_claim rc join remittance r on r.id = rc.remittance_id where rc.id = ?`, [remittanceClaimId]);
    return row;
  }

  async remittance(remittanceId: number): Promise<Row | undefined> {
    const [row] = await this.run(
      `select id, file_id, trace_number, payer_identifier, payer_id, status, duplicate_of_id, refusal, payment_cents, payment_method,
         to_char(payment_date, 'YYYY-MM-DD') as payment_date, claim_count, charge_cents, paid_cents
       from remittance where id = ?`, [remittanceId]);
    return row;
  }

  async claimConflict(conflictId: number): Promise<Row | undefined> {
    const [row] = await this.run('select id, file_id, position, control_number, existing_claim_id, reasons, charge_cents from claim_conflict where id = ?', [conflictId]);
    return row;
  }

  async file(fileId: number): Promise<Row | undefined> {
    const [row] = await this.run('select id, kind, direction, file_name, status, error, size_bytes, received_at, processed_at from edi_file where id = ?', [fileId]);
    return row;
  }

  async account(accountId: number): Promise<Row | undefined> {
    const [row] = await this.run('select id, account_number, patient_balance_cents, dunning_stage from account where id = ?', [accountId]);
    return row;
  }

  /** Patient names and birth dates: PHI. Only for the types that need them, and audited by the caller. */
  async patientsOf(where: { patientId?: number; accountId?: number }): Promise<Row[]> {
    if (where.patientId !== undefined) {
      return this.run(`select id, last_name, first_name, middle_name, to_char(birth_date, 'YYYY-MM-DD') as birth_date from patient where id = ?`, [where.patientId]);
    }
    return this.run(`select id, last_name, first_name, middle_name, to_char(birth_date, 'YYYY-MM-DD') as birth_date from patient where account_id = ? order by id`,
      [where.accountId]);
  }

  async events(taskId: number): Promise<Row[]> {
    return this.run('select kind, actor, detail, at from task_event where task_id = ? order by at, id', [taskId]);
  }
}

/**
 * SQL condition (with its parameters) for tasks in the scope, on task alias `t`, for list and
 * statistics queries.
 */
function scopeCondition(scope: TaskScope, alias = 't'): { sql: string; params: unknown[] } {
  if (scope.kind === 'all') return { sql: 'true', params: [] };
  const unassigned = scope.includeUnassigned ? ` or ${alias}.assignee_id is null` : '';
  return { sql: `(${alias}.assignee_id = any(?::int[])${unassigned})`, params: [scope.personIds] };
}
