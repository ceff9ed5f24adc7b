// What people must work after a claim is posted: a denial (reason codes and the amount left open),
// an underpayment against the payer's fee schedule, or a remittance that matches no claim of ours.
// The decisions are pure; createPostingTasks hands them to the task service (which de-duplicates).
import { DateTime } from 'luxon';
import type { PlannedLedgerEntry, ServiceLine } from '../../domain/remittance/index.js';
import { followUpPriority, reasonKey, type FollowUpTaskInput } from '../../domain/tasks/follow-up.js';
import { expectedAllowedCents, type OurClaimLine } from './claim-matching.js';
import type { Run } from '../../db/sql.js';

export interface DenialFinding { reasonCodes: string[]; amountAtRiskCents: number }

/** The claim's denial CARCs ('CO-16') and their total, when the denied amount is positive. */
export function denialOf(entries: readonly PlannedLedgerEntry[]): DenialFinding | undefined {
  const denials = entries.filter((e) => e.kind === 'denial' && !e.reversal);
  const amount = denials.reduce((sum, e) => sum + e.amountCents, 0);
  if (amount <= 0) return undefined;
  return { reasonCodes: [...new Set(denials.map((e) => `${e.group}-${e.reason}`))].sort(), amountAtRiskCents: amount };
}

/** Fee schedule per unit, keyed 'procedure' (any modifier) or 'procedure:modifier'. */
export type FeeSchedule = ReadonlyMap<string, number>;

/**
 * Shortfall of what the payer allowed (paid + patient responsibility) against the fee schedule,
 * summed over the claim's lines that were not denied. Lines without a schedule entry are skipped.
 */
export function underpaymentOf(
  lines: readonly ServiceLine[], entries: readonly PlannedLedgerEntry[], matched: ReadonlyMap<number, OurClaimLine>, fees: FeeSchedule,
): number {
  let shortfall = 0;
  for (const line of lines) {
    const ours = matched.get(line.sequence);
    if (!ours) continue;
    const perUnit = fees.get(`${ours.procedure}:${ours.modifiers[0] ?? ''}`) ?? fees.get(`${ours.procedure}:`);
    if (perUnit === undefined) continue;
    const own = entries.filter((e) => e.line?.sequence === line.sequence);
    if (own.some((e) => e.kind === 'denial' || e.reversal)) continue;
    const allowed = line.paidCents + own.filter((e) => e.kind === 'patient-responsibility').reduce((s, e) => s + e.amountCents, 0);
    const expected = expectedAllowedCents(perUnit, ours.units);
    if (allowed < expected) shortfall += expected - allowed;
  }
  return shortfall;
}

export type PostingTask =
  | { type: 'denial'; claimId: number; payerId: number | null; reasonCodes: string[]; amountAtRiskCents: number; deadline: string | null }
  | { type: 'underpayment'; claimId: number; payerId: number | null; amountAtRiskCents: number; deadline: string | null }
  | { type: 'unmatched-remittance'; remittanceClaimId: number; payerId: number | null; amountAtRiskCents: number };

/**
 * The task service's createFollowUpTask for a whole chunk in one statement: the same reason key,
 * priority, de-duplication (the partial unique index on open tasks), `created` event and audit
 * row. One round trip instead of three per task. Returns how many tasks were new.
 */
export async function createPostingTasks(run: Run, tasks: readonly PostingTask[], timezone: string): Promise<number> {
  if (tasks.length === 0) return 0;
  const today = DateTime.now().setZone(timezone).toISODate()!;
  const rows = tasks.map(inputOf).map((input) => {
    const priority = followUpPriority(input.amountAtRiskCents, input.deadline, today);
    return {
      type: input.type, subject_type: input.subjectType, subject_id: input.subjectId, reason_key: reasonKey(input.reasonCodes),
      reason_codes: input.reasonCodes, amount: input.amountAtRiskCents, deadline: input.deadline ?? null, priority: priority.score,
      priority_parts: priority.parts, required_skills: input.requiredSkills ?? [], payer_id: input.payerId ?? null,
    };
  });
  const [result] = await run<{ created: number }>(
    `with input as (select * from json_to_recordset(?::json) as r(type text, subject_type text, subject_id int, reason_key text,
       reason_codes jsonb, amount bigint, deadline date, priority int, priority_parts jsonb, required_skills jsonb, payer_id int)),
     inserted as (
       insert into task (type, status, subject_type, subject_id, reason_key, reason_codes, amount_at_risk_cents, deadline, priority,
         priority_parts, required_skills, payer_id, created_at, updated_at)
       select type, 'open', subject_type, subject_id, reason_key, reason_codes, amount, deadline, priority, priority_parts,
         required_skills, payer_id, now(), now() from input
       on conflict (type, subject_type, subject_id, reason_key) where status in ('open', 'assigned', 'in-progress') do nothing
       returning id, type, reason_key),
     events as (insert into task_event (task_id, kind, actor, detail, at)
       select id, 'created', 'system', jsonb_build_object('type', type, 'reasonKey', reason_key), now() from inserted),
     audits as (insert into audit_event (actor, action, subject_type, subject_id, detail, at)
       select 'system', 'task.create', 'task', id::text, jsonb_build_object('type', type), now() from inserted)
     select count(*)::int as created from inserted`,
    [JSON.stringify(rows)],
  );
  return result.created;
}

function inputOf(task: PostingTask): FollowUpTaskInput {
  switch (task.type) {
    case 'denial':
      return { type: 'denial', subjectType: 'claim', subjectId: task.claimId, reasonCodes: task.reasonCodes,
        amountAtRiskCents: task.amountAtRiskCents, deadline: task.deadline, payerId: task.payerId, requiredSkills: ['denials'] };
    case 'underpayment':
      return { type: 'underpayment', subjectType: 'claim', subjectId: task.claimId, reasonCodes: ['UNDERPAID'],
        amountAtRiskCents: task.amountAtRiskCents, deadline: task.deadline, payerId: task.payerId, requiredSkills: ['payment-variance'] };
    case 'unmatched-remittance':
      return { type: 'unmatched-remittance', subjectType: 'remittance-claim', subjectId: task.remittanceClaimId,
        reasonCodes: ['NO-MATCHING-CLAIM'], amountAtRiskCents: Math.abs(task.amountAtRiskCents), payerId: task.payerId,
        requiredSkills: ['posting'] };
  }
}

/** The payer's appeal deadline from the payment date. */
export function appealDeadline(paymentDate: string | null, appealDays: number | null): string | null {
  if (!paymentDate || appealDays === null) return null;
  const time = Date.parse(`${paymentDate}T00:00:00Z`) + appealDays * 86400000;
  return new Date(time).toISOString().slice(0, 10);
}
