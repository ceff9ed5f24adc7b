// Turns what an administrator typed (strings) into a person's fields, or refuses with the field
// named. Pure: the CLI and the admin API share it, and it is unit-tested without services.
import { IANAZone } from 'luxon';
import { TASK_SKILLS, TASK_TYPE_NAMES } from '../../../config/task-types.js';
import { PERSON_LEVELS, PERSON_ROLES, PersonRefused, WEEKDAYS, type PersonLevel, type PersonRole, type WorkingHours } from './person.js';

/** Fields as typed; absent = unchanged (update) or the default (add). */
export interface PersonFieldsInput {
  displayName?: string;
  role?: string;
  skills?: string;
  payers?: string;
  certifications?: string;
  level?: string;
  capacity?: string;
  timeZone?: string;
  hours?: string;
  days?: string;
  active?: string;
}

export interface PersonFields {
  displayName?: string;
  role?: PersonRole;
  skills?: string[];
  payers?: string[];
  certifications?: string[];
  level?: PersonLevel;
  capacity?: number;
  timeZone?: string;
  hours?: { start: string; end: string };
  days?: number[];
  active?: boolean;
}

const LOGIN = /^[a-z0-9][a-z0-9._-]{0,59}$/;

export function checkLogin(login: string): string {
  if (!LOGIN.test(login)) throw new PersonRefused(`login "${login}" must be 1-60 characters: lower-case letters, digits, '.', '_' or '-'`);
  return login;
}

export function parsePersonFields(input: PersonFieldsInput): PersonFields {
  const fields: PersonFields = {};
  if (input.displayName !== undefined) {
    const name = input.displayName.trim();
    if (name.length === 0 || name.length > 120) throw new PersonRefused('display name must be 1-120 characters');
    fields.displayName = name;
  }
  if (input.role !== undefined) fields.role = oneOf('role', input.role, PERSON_ROLES);
  if (input.level !== undefined) fields.level = oneOf('level', input.level, PERSON_LEVELS);
  if (input.skills !== undefined) fields.skills = checkSkills(list(input.skills));
  if (input.payers !== undefined) fields.payers = list(input.payers);
  if (input.certifications !== undefined) fields.certifications = list(input.certifications).map((c) => c.toUpperCase());
  if (input.capacity !== undefined) fields.capacity = parseCapacity(input.capacity);
  if (input.timeZone !== undefined) fields.timeZone = checkTimeZone(input.timeZone);
  if (input.hours !== undefined) fields.hours = parseHours(input.hours);
  if (input.days !== undefined) fields.days = parseDays(input.days);
  if (input.active !== undefined) {
    if (!['true', 'false', 'yes', 'no'].includes(input.active)) throw new PersonRefused(`active must be true or false, not "${input.active}"`);
    fields.active = input.active === 'true' || input.active === 'yes';
  }
  return fields;
}

/**
 * A skill is a task type (config/task-types.ts: the person works that type) or a desk skill that
 * types declare (the person works every type of the desk); anything else is refused, naming both lists.
 */
export function checkSkills(skills: string[]): string[] {
  const known = new Set<string>([...TASK_TYPE_NAMES, ...TASK_SKILLS]);
  const unknown = skills.filter((skill) => !known.has(skill));
  if (unknown.length > 0) {
    throw new PersonRefused(`unknown skill ${unknown.map((u) => `"${u}"`).join(', ')}: a skill is a task type (${TASK_TYPE_NAMES.join(', ')}) or a desk skill (${TASK_SKILLS.join(', ')})`);
  }
  return skills;
}

/** Open tasks at most; zero is allowed (a person who takes no new work). */
export function parseCapacity(text: string): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) throw new PersonRefused(`capacity must be a whole number of open tasks, not "${text}"`);
  if (n < 0) throw new PersonRefused(`capacity cannot be below zero (got ${n})`);
  if (n > 10000) throw new PersonRefused(`capacity ${n} is more than 10000 open tasks`);
  return n;
}

/** An IANA zone name (America/Chicago); offsets and abbreviations like EST are refused. */
export function checkTimeZone(zone: string): string {
  if (!zone.includes('/') && zone !== 'UTC') throw new PersonRefused(`time zone "${zone}" is not an IANA zone name such as America/Chicago`);
  if (!IANAZone.isValidZone(zone)) throw new PersonRefused(`time zone "${zone}" is not a known IANA zone (e.g. America/Chicago)`);
  return zone;
}

/** `08:00-17:00`: a shift within one day, start before end (night shifts are not modelled). */
export function parseHours(text: string): { start: string; end: string } {
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(text.trim());
  if (!match) throw new PersonRefused(`working hours "${text}" must look like 08:00-17:00`);
  const [start, end] = [match[1], match[2]].map((t) => {
    const [h, m] = t.split(':').map(Number);
    if (h > 23 || m > 59) throw new PersonRefused(`working hours "${text}": ${t} is not a time of day (HH:MM, 00:00-23:59)`);
    return h * 60 + m;
  });
  if (start >= end) throw new PersonRefused(`working hours "${text}": the start must be before the end`);
  return { start: match[1], end: match[2] };
}

/** `mon-fri`, `mon,wed,fri` or `sat-sun`; a range does not wrap past Sunday. */
export function parseDays(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.toLowerCase().split(',').map((s) => s.trim()).filter(Boolean)) {
    const [from, to = from] = part.split('-').map((d) => d.trim());
    const a = weekday(from, text);
    const b = weekday(to, text);
    if (a > b) throw new PersonRefused(`working days "${text}": ${from}-${to} runs backwards (write e.g. mon-fri)`);
    for (let d = a; d <= b; d++) days.add(d);
  }
  if (days.size === 0) throw new PersonRefused(`working days "${text}" name no day (e.g. mon-fri)`);
  return [...days].sort((x, y) => x - y);
}

export function formatDays(days: readonly number[]): string {
  return days.map((d) => WEEKDAYS[d - 1]).join(',');
}

/** Combines changed hours/days with the current (or default) ones. */
export function workingHoursFrom(fields: PersonFields, current: WorkingHours): WorkingHours {
  return { start: fields.hours?.start ?? current.start, end: fields.hours?.end ?? current.end, days: fields.days ?? current.days };
}

function weekday(name: string, text: string): number {
  const index = WEEKDAYS.indexOf(name as (typeof WEEKDAYS)[number]);
  if (index < 0) throw new PersonRefused(`working days "${text}": "${name}" is not one of ${WEEKDAYS.join(', ')}`);
  return index + 1;
}

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new PersonRefused(`${field} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** A comma list, trimmed, without blanks or repeats; "" is the empty list. */
function list(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
}
