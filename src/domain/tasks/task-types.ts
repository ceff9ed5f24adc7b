// Reading the task-type vocabulary (config/task-types.ts): the skill, SLA and outcomes of a type,
// and whether a name from outside (a CLI argument, a database row) is one of ours.
import { TASK_TYPES, type TaskType } from '../../../config/task-types.js';

export function isTaskType(name: string): name is TaskType {
  return Object.hasOwn(TASK_TYPES, name);
}

/** The skill a person needs to be given a task of this type. */
export function requiredSkillOf(type: TaskType): string {
  return TASK_TYPES[type].skill;
}

export function slaBusinessHoursOf(type: TaskType): number {
  return TASK_TYPES[type].slaBusinessHours;
}

export function allowedOutcomesOf(type: TaskType): readonly string[] {
  return TASK_TYPES[type].outcomes;
}
