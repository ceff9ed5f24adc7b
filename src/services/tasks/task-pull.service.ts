// "Next task" and leases (README "Tasks: assignment, pull and leases"). A pull answers, in order:
// the task the person already holds a live lease on (asking again does not hand out a second
// one); else their own highest-priority assigned task; else the highest-priority open task they
// may take, claimed with FOR UPDATE SKIP LOCKED so two people pulling at once never get the same
// one. The task is leased to them until `leaseMinutes` from now. Expired leases of others go
// back to the pool first, so a lapsed task is available to this very pull.
import type { EntityManager } from '@mikro-orm/postgresql';
import { taskRoutingRules, type TaskRoutingRules } from '../../../config/task-routing.js';
import { TaskEventsRepository } from '../../db/repositories/task-events.repository.js';
import { TaskRoutingRepository } from '../../db/repositories/task-routing.repository.js';
import { sqlRunner } from '../../db/sql.js';
import { isCertifiedCoder } from '../../domain/tasks/eligibility.js';
import type { Person } from '../../domain/people/person.js';
import { RequestRefused, notFound } from '../../errors.js';
import { tasksAsJson, type TaskJson } from './task-json.js';

export interface PullOptions {
  now: Date;
  leaseMinutes: number;
  rules?: TaskRoutingRules;
  /** Expired leases returned to the pool per pull, at most (the rebalance takes the rest). */
  expiredPerPull?: number;
}

type Puller = Pick<Person, 'id' | 'login' | 'role' | 'active' | 'skills' | 'payers' | 'certifications' | 'level'>;

export async function pullNextTask(em: EntityManager, person: Puller, options: PullOptions): Promise<TaskJson | null> {
  const rules = options.rules ?? taskRoutingRules;
  if (!person.active) throw new RequestRefused(403, `${person.login} is deactivated`);
  if (!rules.pullingRoles.includes(person.role)) {
    throw new RequestRefused(403, `${person.login} is ${person.role}; tasks are pulled by ${rules.pullingRoles.join(', ')}`);
  }
  const { now } = options;
  const leaseUntil = new Date(now.getTime() + options.leaseMinutes * 60_000);
  // Few round trips: a pull is the API's busiest request. Their own task is one statement (lock,
  // lease and event together); the pool needs the person's row locked first, for the capacity count.
  const run = sqlRunner(em.fork());
  const own = await new TaskRoutingRepository(run).takeOwnTask(person, leaseUntil, now);
  if (own) return (await tasksAsJson(run, [own.id]))[0];
  const expired = await new TaskRoutingRepository(run).releaseExpiredLeases(now, options.expiredPerPull ?? 20);
  await new TaskEventsRepository(run).recordMany(expired.map((r) => ({ taskId: r.taskId, kind: 'lease-expired', actor: 'system', detail: { from: r.login, to: null } })), now);
  const taskId = await em.fork().transactional(async (tx) => {
    const routing = new TaskRoutingRepository(sqlRunner(tx));
    const locked = await routing.lockPerson(person.id);
    if (!locked) throw notFound(`no person ${person.login}`);
    return routing.claimBestPoolTaskFor({
      personId: person.id, login: person.login, skills: person.skills, payers: person.payers, certifiedCoder: isCertifiedCoder(person, rules),
      senior: person.level === 'senior', codingReasonCodes: rules.codingReasonCodes, appealTypes: rules.appealTypes,
      seniorAboveCents: rules.seniorAboveCents,
    }, locked.capacity, leaseUntil, now);
  });
  return taskId === undefined ? null : (await tasksAsJson(run, [taskId]))[0];
}

/**
 * Extends the lease of a task the person holds. Another person's task (or none) is 404; a task
 * of theirs with no live lease (expired, finished, only assigned) is 409: pull it again.
 */
export async function renewTaskLease(em: EntityManager, person: Pick<Person, 'id' | 'login'>, taskId: number, options: PullOptions): Promise<TaskJson> {
  const { now } = options;
  const leaseUntil = new Date(now.getTime() + options.leaseMinutes * 60_000);
  return em.fork().transactional(async (tx) => {
    const run = sqlRunner(tx);
    const routing = new TaskRoutingRepository(run);
    const lease = await routing.lockLeaseOf(taskId);
    if (!lease || lease.assigneeId !== person.id) throw notFound(`no task ${taskId}`);
    if (lease.status !== 'in-progress' || lease.leaseExpiresAt === null || lease.leaseExpiresAt <= now) {
      const why = lease.status === 'in-progress' ? 'its lease has expired' : `it is ${lease.status}`;
      throw new RequestRefused(409, `task ${taskId} has no live lease to renew: ${why}; pull a task again`, { status: lease.status });
    }
    await routing.extendLease(taskId, leaseUntil, now);
    await new TaskEventsRepository(run).record({
      taskId, kind: 'lease-renewed', actor: person.login, detail: { from: lease.leaseExpiresAt.toISOString(), to: leaseUntil.toISOString() },
    }, now);
    return (await tasksAsJson(run, [taskId]))[0];
  });
}
