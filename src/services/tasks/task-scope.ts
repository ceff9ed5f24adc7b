// Whose tasks a person may see: a specialist (or operator) their own; a supervisor or director
// their own, their team's down the reporting chain, and the unassigned pool (which they route);
// an admin every task. A task outside the scope is answered as if it did not exist (404).
import { PeopleRepository } from '../../db/repositories/people.repository.js';
import type { Run } from '../../db/sql.js';
import type { Person } from '../../domain/people/person.js';

export type TaskScope =
  | { kind: 'all' }
  | { kind: 'people'; personIds: number[]; includeUnassigned: boolean };

/** Everyone who reports to `personId`, directly or down the chain (not the person). */
export function teamBelow(run: Run, personId: number): Promise<number[]> {
  return new PeopleRepository(run).teamBelow(personId);
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
