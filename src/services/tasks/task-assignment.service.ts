// Gives open tasks to people (README "Tasks: assignment, pull and leases"). Works through the pool
// highest priority first in slices, each slice one short transaction: its tasks are locked with
// SKIP LOCKED (another run takes the others), the people who may get them are locked in id order
// and their workload counted only then, so two runs at once never fill one person past capacity.
// The choice itself is the domain's (eligibility.ts). A task nobody may take stays in the pool for
// the next rebalance. Running again assigns nothing twice: only open tasks are taken.
import type { EntityManager } from '@mikro-orm/postgresql';
import { taskRoutingRules, type TaskRoutingRules } from '../../../config/task-routing.js';
import { TaskEventsRepository } from '../../db/repositories/task-events.repository.js';
import { TaskRoutingRepository } from '../../db/repositories/task-routing.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { chooseAssignee, onShift, type Candidate } from '../../domain/tasks/eligibility.js';
import type { Clock } from '../../domain/clock.js';

export interface AssignmentOptions {
  clock: Clock;
  rules?: TaskRoutingRules;
  /** Tasks per transaction: small enough that a pull waiting for a person's row waits little. */
  sliceSize?: number;
}

/** Which tasks to try: the ones one creation opened, or the whole pool (rebalance). */
export type AssignmentScope = { fromTaskId: number; toTaskId: number } | 'pool';

export interface AssignmentResult {
  assigned: number;
  /** Tasks looked at that nobody could take now (they stay in the pool). */
  leftInPool: number;
}

export async function assignOpenTasks(em: EntityManager, scope: AssignmentScope, options: AssignmentOptions): Promise<AssignmentResult> {
  const rules = options.rules ?? taskRoutingRules;
  const sliceSize = options.sliceSize ?? 1000;
  const result: AssignmentResult = { assigned: 0, leftInPool: 0 };
  let after: { priority: number; id: number } | undefined;
  for (;;) {
    const slice = await em.fork().transactional(async (tx) => {
      const run = sqlRunner(tx);
      const routing = new TaskRoutingRepository(run);
      const now = options.clock.now();
      // Who could take anything at all: on shift (read unlocked, then locked and counted).
      const onDuty = (await routing.peopleOfRoles(rules.assignedRoles)).filter((p) => onShift(p, now)).map((p) => p.id);
      if (onDuty.length === 0) return undefined;
      const candidates = (await routing.lockCandidates(rules.assignedRoles, onDuty)).filter((c) => c.openTasks < c.person.capacity);
      if (candidates.length === 0) return undefined;
      const skills = [...new Set(candidates.flatMap((c) => c.person.skills))];
      const tasks = await routing.lockPool({ ...(scope === 'pool' ? {} : scope), skills, after, limit: sliceSize });
      if (tasks.length === 0) return undefined;
      const assignments = chooseAssignees(tasks, candidates, now, rules);
      const assigned = await routing.assign(assignments, now);
      await new TaskEventsRepository(run).recordMany(
        assigned.map((a) => ({ taskId: a.taskId, kind: 'assigned', actor: 'system', detail: { to: a.login, from: null } })), now,
      );
      const last = tasks[tasks.length - 1];
      return { looked: tasks.length, assigned: assigned.length, last: { priority: last.priority, id: last.id }, lastSlice: tasks.length < sliceSize };
    });
    if (!slice) return result;
    result.assigned += slice.assigned;
    result.leftInPool += slice.looked - slice.assigned;
    if (slice.lastSlice) return result;
    after = slice.last;
  }
}

/** Tasks in priority order, each to the best person still under capacity; loads count up as they go. */
function chooseAssignees(tasks: ReadonlyArray<Parameters<typeof chooseAssignee>[0]>, candidates: Candidate[], now: Date, rules: TaskRoutingRules) {
  const assignments: Array<{ taskId: number; personId: number }> = [];
  for (const task of tasks) {
    const chosen = chooseAssignee(task, candidates, now, rules);
    if (!chosen) continue;
    chosen.openTasks += 1;
    chosen.lastTaskAt = now;
    assignments.push({ taskId: task.id, personId: chosen.person.id });
  }
  return assignments;
}

/**
 * Returns every task whose lease ran out to the pool, each with a `lease-expired` event; returns
 * how many. In slices, locked ones skipped (a pull may be taking it right now).
 */
export async function releaseExpiredLeases(em: EntityManager, clock: Clock, sliceSize = 1000): Promise<number> {
  let released = 0;
  for (;;) {
    const count = await em.fork().transactional(async (tx) => {
      const run = sqlRunner(tx);
      const now = clock.now();
      const rows = await new TaskRoutingRepository(run).releaseExpiredLeases(now, sliceSize);
      await new TaskEventsRepository(run).recordMany(
        rows.map((r) => ({ taskId: r.taskId, kind: 'lease-expired', actor: 'system', detail: { from: r.login, to: null } })), now,
      );
      return rows.length;
    });
    released += count;
    if (count < sliceSize) return released;
  }
}

/** The periodic rebalance: expired leases back to the pool, then the pool offered to people again. */
export async function rebalanceTasks(em: EntityManager, options: AssignmentOptions): Promise<AssignmentResult & { leasesExpired: number }> {
  const leasesExpired = await releaseExpiredLeases(em, options.clock);
  return { leasesExpired, ...await assignOpenTasks(em, 'pool', options) };
}
