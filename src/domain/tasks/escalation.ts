// When an overdue task goes up the reporting chain, and to whom. Pure: the service hands in the
// task's due times and the office's people. Level 1 (the task is overdue): the assignee's
// supervisor. Level 2 (still overdue one more SLA later): the director. Deactivated people are
// passed over; an unassigned task (nobody's team) goes to the office's director.
import type { PersonRole } from '../people/person.js';

/** 0: not escalated; 1: to the supervisor; 2: to the director (the last step). */
export type EscalationLevel = 0 | 1 | 2;
export const LAST_ESCALATION_LEVEL: EscalationLevel = 2;

/**
 * The level an open task should have reached at `now`: 1 from its due time, 2 from one more SLA
 * after that (`secondDueAt`, counted in business hours by the caller).
 */
export function escalationLevelAt(now: Date, dueAt: Date, secondDueAt: Date): EscalationLevel {
  if (now.getTime() >= secondDueAt.getTime()) return 2;
  if (now.getTime() >= dueAt.getTime()) return 1;
  return 0;
}

/** When the step after `level` falls due; null when there is none. */
export function nextEscalationDue(level: number, dueAt: Date, secondDueAt: Date): Date | null {
  if (level <= 0) return dueAt;
  return level === 1 ? secondDueAt : null;
}

export interface ChainPerson {
  id: number;
  login: string;
  role: PersonRole;
  active: boolean;
  supervisorId: number | null;
}

/**
 * Who receives the escalation at `level` of a task with this assignee (null: unassigned). Null
 * when the office has nobody to escalate to (no supervisor above and no active director).
 */
export function escalationTarget(level: 1 | 2, assigneeId: number | null, people: readonly ChainPerson[]): ChainPerson | null {
  const byId = new Map(people.map((p) => [p.id, p]));
  const officeDirector = people.filter((p) => p.active && p.role === 'director').sort((a, b) => a.id - b.id)[0];
  let chain = assigneeId === null ? [] : activeChainAbove(assigneeId, byId);
  // Nobody above the assignee (or no assignee): the office's director, and whoever is above them.
  if (chain.length === 0 && officeDirector && officeDirector.id !== assigneeId) chain = [officeDirector, ...activeChainAbove(officeDirector.id, byId)];
  const first = chain[0];
  if (!first) return null;
  if (level === 1) return first;
  // The next director above the first step; else the office's director; else the top of the chain.
  return chain.slice(1).find((p) => p.role === 'director')
    ?? (officeDirector && officeDirector.id !== first.id && officeDirector.id !== assigneeId ? officeDirector : undefined)
    ?? chain[chain.length - 1];
}

/** The active people above `personId`, nearest first (a loop in bad data stops the walk). */
function activeChainAbove(personId: number, byId: ReadonlyMap<number, ChainPerson>): ChainPerson[] {
  const chain: ChainPerson[] = [];
  const seen = new Set<number>([personId]);
  for (let next = byId.get(personId)?.supervisorId ?? null; next !== null && !seen.has(next);) {
    seen.add(next);
    const person = byId.get(next);
    if (!person) break;
    if (person.active) chain.push(person);
    next = person.supervisorId;
  }
  return chain;
}
