// A task as the API and `rcm tasks … --json` show it: the same fields everywhere (pull, detail,
// list). Ids, codes, amounts and logins only; patient data is added by the task detail alone, for
// the types that need it.
import type { Run } from '../../db/sql.js';
import { TaskJsonRepository, type TaskJsonRow } from '../../db/repositories/task-json.repository.js';
import { allowedOutcomesOf } from '../../domain/tasks/task-types.js';
import type { TaskType } from '../../../config/task-types.js';

export interface TaskJson {
  id: number;
  type: string;
  status: string;
  priority: number;
  priorityParts: Record<string, number>;
  /** The claim the task concerns (CLM01), where it concerns one. */
  claimControlNumber: string | null;
  reasonCodes: string[];
  amountAtRiskCents: number;
  /** The payer's deadline (filing or appeal), YYYY-MM-DD. */
  deadline: string | null;
  dueAt: string | null;
  /** The assignee's login. */
  assignee: string | null;
  leaseExpiresAt: string | null;
  allowedOutcomes: string[];
}

export function toTaskJson(row: TaskJsonRow): TaskJson {
  return {
    id: Number(row.id), type: row.type, status: row.status, priority: row.priority, priorityParts: row.priority_parts ?? {},
    claimControlNumber: row.claim_control_number, reasonCodes: row.reason_codes, amountAtRiskCents: Number(row.amount_at_risk_cents),
    deadline: row.deadline, dueAt: iso(row.due_at), assignee: row.assignee, leaseExpiresAt: iso(row.lease_expires_at),
    allowedOutcomes: [...allowedOutcomesOf(row.type as TaskType)],
  };
}

/** Tasks by id, as TaskJson, in the order of `ids` (missing ids are left out). */
export async function tasksAsJson(run: Run, ids: readonly number[]): Promise<TaskJson[]> {
  const byId = new Map((await new TaskJsonRepository(run).rows(ids)).map((r) => [Number(r.id), toTaskJson(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** JSON Schema of TaskJson, for route schemas and /openapi.json. */
export const TASK_JSON_SCHEMA = {
  type: 'object',
  required: ['id', 'type', 'status', 'priority', 'priorityParts', 'claimControlNumber', 'reasonCodes', 'amountAtRiskCents', 'deadline', 'dueAt',
    'assignee', 'leaseExpiresAt', 'allowedOutcomes'],
  properties: {
    id: { type: 'integer' },
    type: { type: 'string' },
    status: { type: 'string', enum: ['open', 'assigned', 'in-progress', 'done', 'cancelled'] },
    priority: { type: 'integer' },
    priorityParts: { type: 'object', additionalProperties: { type: 'number' } },
    claimControlNumber: { type: ['string', 'null'] },
    reasonCodes: { type: 'array', items: { type: 'string' } },
    amountAtRiskCents: { type: 'integer' },
    deadline: { type: ['string', 'null'], format: 'date' },
    dueAt: { type: ['string', 'null'], format: 'date-time' },
    assignee: { type: ['string', 'null'] },
    leaseExpiresAt: { type: ['string', 'null'], format: 'date-time' },
    allowedOutcomes: { type: 'array', items: { type: 'string' } },
  },
} as const;

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
