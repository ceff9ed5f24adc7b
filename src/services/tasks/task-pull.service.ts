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
  return em.fork().transactional(async (tx) => {
    const run = sqlRunner(tx);
    const routing = new TaskRoutingRepository(run);
    const events = new TaskEventsRepository(run);
    const own = await routing.lockOwnTask(person.id, now);
    if (own?.leased) return (await tasksAsJson(run, [own.id]))[0];
    let taskId = own?.id;
    if (taskId === undefined) {
      const expired = await routing.releaseExpiredLeases(now, options.expiredPerPull ?? 20);
      await events.recordMany(expired.map((r) => ({ taskId: r.taskId, kind: 'lease-expired', actor: 'system', detail: { from: r.login, to: null } })), now);
      // Capacity: counted while holding the person's row, as the assignment job does.
      const locked = await routing.lockPerson(person.id);
      if (!locked) throw notFound(`no person ${person.login}`);
      taskId = await routing.lockBestPoolTaskFor({
        personId: person.id, skills: person.skills, payers: person.payers, certifiedCoder: isCertifiedCoder(person, rules),
        senior: person.level === 'senior', codingReasonCodes: rules.codingReasonCodes, appealTypes: rules.appealTypes,
        seniorAboveCents: rules.seniorAboveCents,
      }, locked.capacity);
      if (taskId === undefined) return null;
    }
    await routing.lease(taskId, person.id, leaseUntil, now);
    await events.record({
      taskId, kind: 'claimed', actor: person.login,
      detail: { to: person.login, from: own ? person.login : null, status: own?.status ?? 'open', leaseExpiresAt: leaseUntil.toISOString() },
    }, now);
    return (await tasksAsJson(run, [taskId]))[0];
  });
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
