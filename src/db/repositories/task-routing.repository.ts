// SQL for routing tasks to people: the pool the assignment job works through, the people it may
// give work to (locked, so two assignment runs cannot both fill the last place of one person),
// the pull's claim, leases and their expiry. Locks on tasks are always taken with SKIP LOCKED,
// so only people rows are ever waited for, and always in id order: no deadlocks between
// assignment, pulls and the lease sweep.
import type { WorkingHours, PersonLevel, PersonRole } from '../../domain/people/person.js';
import type { Candidate, RoutableTask } from '../../domain/tasks/eligibility.js';
import { json, type Run } from '../sql.js';
import { taskChangeInserts } from './task-events.repository.js';

/** Statuses in which a task counts against its assignee's capacity. */
const HELD = `('assigned', 'in-progress')`;

/**
 * A pull's commit does not wait for its WAL flush (about 5-8 ms on this kind of disk, more under
 * load): a lease is not worth one. Were the server to crash before the WAL writer flushed it (a
 * fraction of a second later), the task would still be the person's, or in the pool, and they
 * would pull again. Everything that causes work (outcomes, assignments, escalations) commits as usual.
 */
const LEASE_COMMIT_WITHOUT_FLUSH = `set_config('synchronous_commit', 'off', true)`;

export interface PoolSelection {
  /** Only tasks with ids in [fromTaskId, toTaskId] (the tasks one creation opened). */
  fromTaskId?: number;
  toTaskId?: number;
  /** Only tasks whose required skill is one of these (the skills of people with room). */
  skills?: readonly string[];
  /** Keyset: tasks after this one in pool order (priority high to low, then id). */
  after?: { priority: number; id: number };
  limit: number;
}

export interface PoolTask extends RoutableTask {
  priority: number;
}

/** What the pull's SQL needs to know of the person pulling (eligibility.ts in SQL terms). */
export interface PullerFilter {
  personId: number;
  skills: readonly string[];
  /** X12 payer ids they cover; empty = every payer. */
  payers: readonly string[];
  certifiedCoder: boolean;
  senior: boolean;
  codingReasonCodes: readonly string[];
  appealTypes: readonly string[];
  seniorAboveCents: number;
}

export class TaskRoutingRepository {
  constructor(private readonly run: Run) {}

  /** Open tasks in pool order, locked for this transaction; tasks another run holds are skipped. */
  async lockPool(selection: PoolSelection): Promise<PoolTask[]> {
    const where: string[] = [`t.status = 'open'`];
    const params: unknown[] = [];
    if (selection.fromTaskId !== undefined) { where.push('t.id >= ?'); params.push(selection.fromTaskId); }
    if (selection.toTaskId !== undefined) { where.push('t.id <= ?'); params.push(selection.toTaskId); }
    if (selection.skills) { where.push(`(t.required_skills ->> 0) = any(?::text[])`); params.push([...selection.skills]); }
    if (selection.after) {
      where.push('(t.priority < ? or (t.priority = ? and t.id > ?))');
      params.push(selection.after.priority, selection.after.priority, selection.after.id);
    }
    const rows = await this.run<{ id: number; type: string; required_skills: string[]; reason_codes: string[]; amount_at_risk_cents: string; priority: number; payer: string | null }>(
      `select t.id, t.type, t.required_skills, t.reason_codes, t.amount_at_risk_cents, t.priority, p.payer_id as payer
       from task t left join payer p on p.id = t.payer_id
       where ${where.join(' and ')} order by t.priority desc, t.id limit ? for update of t skip locked`,
      [...params, selection.limit],
    );
    return rows.map((r) => ({
      id: Number(r.id), type: r.type, requiredSkills: r.required_skills, reasonCodes: r.reason_codes, amountAtRiskCents: Number(r.amount_at_risk_cents),
      priority: r.priority, payer: r.payer,
    }));
  }

  /** Active people of these roles with their shifts, unlocked (who could be on duty now). */
  async peopleOfRoles(roles: readonly string[]): Promise<Array<{ id: number; timeZone: string; workingHours: WorkingHours }>> {
    const rows = await this.run<{ id: number; timezone: string; working_hours: WorkingHours }>(
      `select id, timezone, working_hours from specialist where active and role = any(?::text[]) order by id`, [[...roles]],
    );
    return rows.map((r) => ({ id: Number(r.id), timeZone: r.timezone, workingHours: r.working_hours }));
  }

  /**
   * Active people of these roles (given ids, or all), locked in id order, with their workload as
   * it stands once they are locked.
   */
  async lockCandidates(roles: readonly string[], onlyIds?: readonly number[]): Promise<Candidate[]> {
    const rows = await this.run<{ id: number; login: string; role: PersonRole; active: boolean; skills: string[]; payers: string[]; certifications: string[];
      level: PersonLevel; capacity: number; timezone: string; working_hours: WorkingHours; last_task_at: Date | null }>(
      `select id, login, role, active, skills, payers, certifications, level, capacity, timezone, working_hours, last_task_at
       from specialist where active and role = any(?::text[])${onlyIds ? ' and id = any(?::int[])' : ''} order by id for update`,
      onlyIds ? [[...roles], [...onlyIds]] : [[...roles]],
    );
    const loads = await this.openTaskCounts(rows.map((r) => Number(r.id)));
    return rows.map((r) => ({
      person: { id: Number(r.id), login: r.login, role: r.role, active: r.active, skills: r.skills, payers: r.payers, certifications: r.certifications,
        level: r.level, capacity: r.capacity, timeZone: r.timezone, workingHours: r.working_hours },
      openTasks: loads.get(Number(r.id)) ?? 0,
      lastTaskAt: r.last_task_at === null ? null : new Date(r.last_task_at),
    }));
  }

  /** Tasks assigned to or in progress with each person. */
  async openTaskCounts(personIds: readonly number[]): Promise<Map<number, number>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.run<{ assignee_id: number; n: string }>(
      `select assignee_id, count(*) as n from task where status in ${HELD} and assignee_id = any(?::int[]) group by assignee_id`,
      [[...personIds]],
    );
    return new Map(rows.map((r) => [Number(r.assignee_id), Number(r.n)]));
  }

  /**
   * Locks one person's row (a pull takes from the pool only while holding it: capacity). Only a
   * pull's transaction calls it, so it also lets that transaction commit without a flush.
   */
  async lockPerson(personId: number): Promise<{ capacity: number } | undefined> {
    const [row] = await this.run<{ capacity: number }>(`select capacity, ${LEASE_COMMIT_WITHOUT_FLUSH} from specialist where id = ? for update`, [personId]);
    return row;
  }

  /** Gives open tasks (locked by this transaction) to people; returns the tasks changed with the assignee's login. */
  async assign(assignments: ReadonlyArray<{ taskId: number; personId: number }>, at: Date): Promise<Array<{ taskId: number; login: string }>> {
    if (assignments.length === 0) return [];
    const rows = await this.run<{ id: number; login: string }>(
      `with input as (select * from json_to_recordset(?::json) as r(task_id int, person_id int)),
         assigned as (update task t set status = 'assigned', assignee_id = i.person_id, updated_at = ?::timestamptz
           from input i where t.id = i.task_id and t.status = 'open' returning t.id, t.assignee_id),
         stamped as (update specialist s set last_task_at = ?::timestamptz where s.id in (select assignee_id from assigned) returning s.id, s.login)
       select a.id, st.login from assigned a join stamped st on st.id = a.assignee_id order by a.id`,
      [json(assignments.map((a) => ({ task_id: a.taskId, person_id: a.personId }))), at, at],
    );
    return rows.map((r) => ({ taskId: Number(r.id), login: r.login }));
  }

  /**
   * Returns tasks whose lease ran out to the pool (at most `limit`, locked ones skipped); answers
   * each task with the login that held it.
   */
  async releaseExpiredLeases(now: Date, limit: number): Promise<Array<{ taskId: number; login: string | null }>> {
    const rows = await this.run<{ id: number; login: string | null }>(
      `with expired as (
         select t.id, t.assignee_id from task t where t.status = 'in-progress' and t.lease_expires_at <= ?::timestamptz
         order by t.lease_expires_at, t.id limit ? for update skip locked),
       released as (update task t set status = 'open', assignee_id = null, lease_expires_at = null, updated_at = ?::timestamptz
         from expired e where t.id = e.id returning t.id, e.assignee_id)
       select r.id, s.login from released r left join specialist s on s.id = r.assignee_id order by r.id`,
      [now, limit, now],
    );
    return rows.map((r) => ({ taskId: Number(r.id), login: r.login }));
  }

  /**
   * The person's own task to answer a pull with, in one statement: the one they hold a live lease
   * on (answered as it is), else their highest-priority task waiting for them (assigned, or theirs
   * with a lease that ran out and was not swept yet), leased to them until `until` with its
   * `claimed` event. Undefined when they hold nothing.
   */
  async takeOwnTask(person: { id: number; login: string }, until: Date, now: Date): Promise<{ id: number; alreadyLeased: boolean } | undefined> {
    const [row] = await this.run<{ id: number; leased: boolean }>(
      `with own as (
         select id, status, (status = 'in-progress' and lease_expires_at > ?::timestamptz) as leased from task
         where assignee_id = ? and status in ${HELD}
         order by (status = 'in-progress' and lease_expires_at > ?::timestamptz) desc, priority desc, id limit 1 for update skip locked),
       leased as (update task t set status = 'in-progress', lease_expires_at = ?::timestamptz, updated_at = ?::timestamptz
         from own where t.id = own.id and not own.leased returning t.id, own.status),
       stamped as (update specialist set last_task_at = ?::timestamptz where id = ? and exists (select 1 from leased)),
       changes as (select id as task_id, 'claimed'::text as kind, ?::text as actor,
         jsonb_build_object('to', ?::text, 'from', ?::text, 'status', status, 'leaseExpiresAt', ?::text) as detail, ?::timestamptz as at from leased),
       ${taskChangeInserts('changes')},
       quick as (select ${LEASE_COMMIT_WITHOUT_FLUSH} as setting)
       select id, leased from own where (select setting from quick) is not null`,
      [now, person.id, now, until, now, now, person.id, person.login, person.login, person.login, until.toISOString(), now],
    );
    return row ? { id: Number(row.id), alreadyLeased: row.leased } : undefined;
  }

  /**
   * Claims the highest-priority open task this person may take, if they hold fewer than
   * `capacity` tasks (count them only once their row is locked: lockPerson), in one statement:
   * leased to them until `until`, with its `claimed` event. The pool is read per skill the person
   * has (task_pool_by_skill_index), the best of each, and the best of those taken.
   */
  async claimBestPoolTaskFor(filter: PullerFilter & { login: string }, capacity: number, until: Date, now: Date): Promise<number | undefined> {
    if (filter.skills.length === 0) return undefined;
    const [row] = await this.run<{ id: number }>(
      `with best as (
         select c.id from unnest(?::text[]) as sk(skill)
         cross join lateral (
           select t.id, t.priority from task t
           where t.status = 'open' and (t.required_skills ->> 0) = sk.skill
             and t.required_skills <@ ?::jsonb
             and (t.payer_id is null or ?::boolean or t.payer_id in (select p.id from payer p where p.payer_id = any(?::text[])))
             and (?::boolean or not jsonb_exists_any(t.reason_codes, ?::text[]))
             and (?::boolean or not (t.type = any(?::text[]) and t.amount_at_risk_cents > ?))
           order by t.priority desc, t.id limit 1 for update of t skip locked) c
         where (select count(*) from task h where h.assignee_id = ? and h.status in ${HELD}) < ?
         order by c.priority desc, c.id limit 1),
       leased as (update task t set status = 'in-progress', assignee_id = ?, lease_expires_at = ?::timestamptz, updated_at = ?::timestamptz
         from best where t.id = best.id returning t.id),
       stamped as (update specialist set last_task_at = ?::timestamptz where id = ? and exists (select 1 from leased)),
       changes as (select id as task_id, 'claimed'::text as kind, ?::text as actor,
         jsonb_build_object('to', ?::text, 'from', null, 'status', 'open', 'leaseExpiresAt', ?::text) as detail, ?::timestamptz as at from leased),
       ${taskChangeInserts('changes')}
       select id from leased`,
      [[...filter.skills], json(filter.skills), filter.payers.length === 0, [...filter.payers],
        filter.certifiedCoder, [...filter.codingReasonCodes], filter.senior, [...filter.appealTypes], filter.seniorAboveCents,
        filter.personId, capacity,
        filter.personId, until, now, now, filter.personId, filter.login, filter.login, until.toISOString(), now],
    );
    return row ? Number(row.id) : undefined;
  }

  /** A task's holder and lease, locked (lease renewal). */
  async lockLeaseOf(taskId: number): Promise<{ status: string; assigneeId: number | null; leaseExpiresAt: Date | null } | undefined> {
    const [row] = await this.run<{ status: string; assignee_id: number | null; lease_expires_at: Date | null }>(
      `select status, assignee_id, lease_expires_at from task where id = ? for update`,
      [taskId],
    );
    return row ? { status: row.status, assigneeId: row.assignee_id === null ? null : Number(row.assignee_id), leaseExpiresAt: row.lease_expires_at === null ? null : new Date(row.lease_expires_at) } : undefined;
  }

  async extendLease(taskId: number, until: Date, at: Date): Promise<void> {
    await this.run(`update task set lease_expires_at = ?::timestamptz, updated_at = ?::timestamptz where id = ?`, [until, at, taskId]);
  }
}
