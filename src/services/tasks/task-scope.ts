// Whose tasks a person may see: a specialist (or operator) their own; a supervisor or director
// their own, their team's down the reporting chain, and the unassigned pool (which they route);
// an admin every task. A task outside the scope is answered as if it did not exist (404).
import type { Run } from '../../db/sql.js';
import type { Person } from '../../domain/people/person.js';

export type TaskScope =
  | { kind: 'all' }
  | { kind: 'people'; personIds: number[]; includeUnassigned: boolean };

/** Everyone who reports to `personId`, directly or down the chain (not the person). */
export async function teamBelow(run: Run, personId: number): Promise<number[]> {
  const rows = await run<{ id: number }>(
    `with recursive team(id) as (
       select id from specialist where supervisor_id = ?
       union select s.id from specialist s join team t on s.supervisor_id = t.id)
     select id from team order by id`,
    [personId],
  );
  return rows.map((r) => Number(r.id));
}

export async function taskScopeOf(run: Run, person: Person): Promise<TaskScope> {
  if (person.role === 'admin') return { kind: 'all' };
  if (person.role === 'supervisor' || person.role === 'director') {
    return { kind: 'people', personIds: [person.id, ...await teamBelow(run, person.id)], includeUnassigned: true };
  }
  return { kind: 'people', personIds: [person.id], includeUnassigned: false };
}

/** Whether a task with this assignee is inside the scope. */
export function inScope(scope: TaskScope, assigneeId: number | null): boolean {
  if (scope.kind === 'all') return true;
  return assigneeId === null ? scope.includeUnassigned : scope.personIds.includes(assigneeId);
}

/**
 * SQL condition (with its parameters) for tasks in the scope, on task alias `t`, for list and
 * statistics queries.
 */
export function scopeCondition(scope: TaskScope, alias = 't'): { sql: string; params: unknown[] } {
  if (scope.kind === 'all') return { sql: 'true', params: [] };
  const unassigned = scope.includeUnassigned ? ` or ${alias}.assignee_id is null` : '';
  return { sql: `(${alias}.assignee_id = any(?::int[])${unassigned})`, params: [scope.personIds] };
}
