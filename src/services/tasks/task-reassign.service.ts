// A supervisor or director moves a task of their team to another person of their team, or back
// to the pool; an admin may do either for any task. Routing's eligibility (skills, payer,
// capacity, shift) is deliberately not checked: this is the supervisor overriding routing with
// what they know. The target must be active, in the actor's team (or the actor), and someone who
// works tasks. Each change is a task event with from and to; a refused change changes nothing.
import type { Person } from '../../domain/people/person.js';
import type { Run } from '../../db/sql.js';
import { notFound, RequestRefused } from '../../errors.js';
import { PeopleRepository } from '../../db/repositories/people.repository.js';
import { TaskEventsRepository } from '../../db/repositories/task-events.repository.js';
import { OPEN_TASK_STATUSES } from '../../db/entities/work.js';
import { tasksAsJson, type TaskJson } from './task-json.js';
import { inScope, taskScopeOf, teamBelow } from './task-scope.js';
import { TaskHoldersRepository, type HeldTask } from '../../db/repositories/task-holders.repository.js';

/** Roles that may reassign or return tasks (the route's roles say the same). */
export const TASK_ROUTERS = ['supervisor', 'director', 'admin'] as const;
/** Roles a task may be given to. */
const TASK_WORKERS = ['specialist', 'supervisor', 'director'];


export async function reassignTask(run: Run, actor: Person, taskId: number, toLogin: string, at: Date): Promise<TaskJson> {
  const task = await lockTaskFor(run, actor, taskId);
  const target = await new PeopleRepository(run).findByLogin(toLogin);
  if (!target) throw new RequestRefused(422, `no person ${toLogin}; nothing changed`);
  if (!target.active) throw new RequestRefused(422, `${toLogin} is deactivated; nothing changed`);
  if (!TASK_WORKERS.includes(target.role)) throw new RequestRefused(422, `${toLogin} is ${target.role === 'admin' || target.role === 'operator' ? 'an' : 'a'} ${target.role}, who does not work tasks; nothing changed`);
  if (actor.role !== 'admin' && target.id !== actor.id && !(await teamBelow(run, actor.id)).includes(target.id)) {
    throw new RequestRefused(422, `${toLogin} is not in ${actor.login}'s team; nothing changed`);
  }
  if (task.assigneeId !== target.id || task.status === 'open') {
    await new TaskHoldersRepository(run).assignTo(task.id, target.id, at);
    await new TaskEventsRepository(run).record({
      taskId: task.id, kind: 'reassigned', actor: actor.login, detail: { from: task.assignee, to: target.login, fromStatus: task.status, toStatus: 'assigned' },
    }, at);
  }
  return taskAsJson(run, task.id);
}

export async function returnTaskToPool(run: Run, actor: Person, taskId: number, at: Date): Promise<TaskJson> {
  const task = await lockTaskFor(run, actor, taskId);
  if (task.status !== 'open' || task.assigneeId !== null) {
    await new TaskHoldersRepository(run).returnToPool(task.id, at);
    await new TaskEventsRepository(run).record({
      taskId: task.id, kind: 'returned', actor: actor.login, detail: { from: task.assignee, to: null, fromStatus: task.status, toStatus: 'open' },
    }, at);
  }
  return taskAsJson(run, task.id);
}

/** The open task, locked; 404 outside the actor's scope, 409 when it is finished. */
async function lockTaskFor(run: Run, actor: Person, taskId: number): Promise<HeldTask> {
  if (!(TASK_ROUTERS as readonly string[]).includes(actor.role)) throw new RequestRefused(403, `${actor.login} is ${actor.role === 'operator' ? 'an' : 'a'} ${actor.role}; only supervisors, directors and admins move tasks`);
  const task = await new TaskHoldersRepository(run).lock(taskId);
  if (!task || !inScope(await taskScopeOf(run, actor), task.assigneeId)) throw notFound(`no task ${taskId}`);
  if (!OPEN_TASK_STATUSES.includes(task.status)) throw new RequestRefused(409, `task ${taskId} is ${task.status}; nothing changed`);
  return task;
}

async function taskAsJson(run: Run, taskId: number): Promise<TaskJson> {
  const [task] = await tasksAsJson(run, [taskId]);
  return task;
}
