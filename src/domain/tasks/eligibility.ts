// Who may be given a task, and who among them gets it. Pure: the assignment job runs these rules
// over the people it has locked, and the pull's SQL (task-routing.repository.ts) asks the same
// questions of the pool; both are tested against these definitions.
import { DateTime } from 'luxon';
import type { TaskRoutingRules } from '../../../config/task-routing.js';
import type { Person } from '../people/person.js';

/** What the rules need to know about a task. */
export interface RoutableTask {
  id: number;
  type: string;
  requiredSkills: readonly string[];
  /** The payer's X12 id (what people's `payers` list), or null for work with no payer. */
  payer: string | null;
  reasonCodes: readonly string[];
  amountAtRiskCents: number;
}

export type RoutingPerson = Pick<Person, 'id' | 'login' | 'role' | 'active' | 'skills' | 'payers' | 'certifications' | 'level' | 'capacity'
  | 'timeZone' | 'workingHours'>;

/** A person with their workload now. */
export interface Candidate {
  person: RoutingPerson;
  /** Tasks assigned to them or in progress with them. */
  openTasks: number;
  /** When they were last given or took a task; null if never. */
  lastTaskAt: Date | null;
}

/** Why a person may not take a task, in the order they are checked. */
export type Refusal = 'inactive' | 'role' | 'skill' | 'payer' | 'certification' | 'level' | 'off-shift' | 'at-capacity';

/**
 * Assignment pushes work to people on shift; a pull is the person asking for work now, so their
 * shift is not checked then (they are evidently working).
 */
export type RoutingPurpose = 'assign' | 'pull';

export function needsCertifiedCoder(task: Pick<RoutableTask, 'reasonCodes'>, rules: TaskRoutingRules): boolean {
  return task.reasonCodes.some((code) => rules.codingReasonCodes.includes(code.toUpperCase()));
}

export function isCertifiedCoder(person: Pick<Person, 'certifications'>, rules: TaskRoutingRules): boolean {
  return person.certifications.some((c) => rules.coderCertifications.includes(c.toUpperCase()));
}

/** Appeals above the configured amount go to seniors. */
export function needsSenior(task: Pick<RoutableTask, 'type' | 'amountAtRiskCents'>, rules: TaskRoutingRules): boolean {
  return rules.appealTypes.includes(task.type) && task.amountAtRiskCents > rules.seniorAboveCents;
}

export function coversPayer(person: Pick<Person, 'payers'>, payer: string | null): boolean {
  return payer === null || person.payers.length === 0 || person.payers.includes(payer);
}

/**
 * Whether `now` falls in the person's working hours, read in their own time zone (so a shift
 * keeps its local hours across daylight-saving changes). A shift whose end is not after its
 * start runs past midnight and belongs to the day it starts on.
 */
export function onShift(person: Pick<Person, 'timeZone' | 'workingHours'>, now: Date): boolean {
  const local = DateTime.fromJSDate(now, { zone: person.timeZone });
  if (!local.isValid) return false;
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(person.workingHours.start);
  const end = minutesOf(person.workingHours.end);
  const days = person.workingHours.days;
  if (start < end) return days.includes(local.weekday) && minute >= start && minute < end;
  const yesterday = local.weekday === 1 ? 7 : local.weekday - 1;
  return (days.includes(local.weekday) && minute >= start) || (days.includes(yesterday) && minute < end);
}

/** Every reason this person may not take this task now (empty: they may). */
export function refusals(candidate: Candidate, task: RoutableTask, now: Date, rules: TaskRoutingRules, purpose: RoutingPurpose): Refusal[] {
  const { person } = candidate;
  const found: Refusal[] = [];
  if (!person.active) found.push('inactive');
  if (!(purpose === 'assign' ? rules.assignedRoles : rules.pullingRoles).includes(person.role)) found.push('role');
  if (!task.requiredSkills.every((skill) => person.skills.includes(skill))) found.push('skill');
  if (!coversPayer(person, task.payer)) found.push('payer');
  if (needsCertifiedCoder(task, rules) && !isCertifiedCoder(person, rules)) found.push('certification');
  if (needsSenior(task, rules) && person.level !== 'senior') found.push('level');
  if (purpose === 'assign' && !onShift(person, now)) found.push('off-shift');
  if (candidate.openTasks >= person.capacity) found.push('at-capacity');
  return found;
}

export function mayTake(candidate: Candidate, task: RoutableTask, now: Date, rules: TaskRoutingRules, purpose: RoutingPurpose): boolean {
  return refusals(candidate, task, now, rules, purpose).length === 0;
}

/** Who goes first: the least loaded, then the one idle longest (never given a task: longest), then by id. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.openTasks !== b.openTasks) return a.openTasks - b.openTasks;
  const idleA = a.lastTaskAt?.getTime() ?? -Infinity;
  const idleB = b.lastTaskAt?.getTime() ?? -Infinity;
  if (idleA !== idleB) return idleA < idleB ? -1 : 1;
  return a.person.id - b.person.id;
}

/** The person the task goes to, or undefined when nobody may take it (it stays in the pool). */
export function chooseAssignee(task: RoutableTask, candidates: readonly Candidate[], now: Date, rules: TaskRoutingRules): Candidate | undefined {
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    if (!mayTake(candidate, task, now, rules, 'assign')) continue;
    if (best === undefined || compareCandidates(candidate, best) < 0) best = candidate;
  }
  return best;
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}
