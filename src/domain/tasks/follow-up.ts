// What makes two follow-up tasks "the same". Pure, so the rule is tested without a database.
// How urgent a task is: ./priority.ts; its skill, SLA and outcomes come from its type
// (config/task-types.ts), never from the code that opens it.
import type { TaskType } from '../../../config/task-types.js';

export interface FollowUpTaskInput {
  type: TaskType;               // denial, claim-edit, quarantined-file, ... (config/task-types.ts)
  subjectType: string;          // claim, file, remittance, account
  subjectId: number;
  reasonCodes: string[];        // CARC/RARC, edit codes, STC codes ...
  amountAtRiskCents: number;
  deadline?: string | null;     // 'YYYY-MM-DD': filing or appeal deadline
  payerId?: number | null;
}

/** Reason codes in a canonical order, so "CO-16,CO-97" and "CO-97,CO-16" are one task. */
export function reasonKey(reasonCodes: string[]): string {
  const unique = [...new Set(reasonCodes.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort();
  return unique.length ? unique.join(',') : '-';
}
