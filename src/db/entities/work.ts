// Human work: follow-up tasks, their history, and the people who work them.
import { defineEntity } from '@mikro-orm/core';
import { PERSON_LEVELS, PERSON_ROLES } from '../../domain/people/person.js';

const p = defineEntity.properties;

export const TASK_STATUSES = ['open', 'assigned', 'in-progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Statuses in which a task still counts as open work (for de-duplication and worklists). */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['open', 'assigned', 'in-progress'];

export const Task = defineEntity({
  name: 'Task',
  tableName: 'task',
  properties: {
    id: p.integer().primary().autoincrement(),
    type: p.string().length(40).index(),
    status: p.enum([...TASK_STATUSES]).default('open').index(),
    subjectType: p.string().length(20), // claim, file, remittance, account ...
    subjectId: p.integer(),
    reasonKey: p.string().length(200), // normalised reason codes: the de-duplication key
    reasonCodes: p.json<string[]>(),
    amountAtRiskCents: p.bigint('number').default(0),
    deadline: p.date().nullable(),
    priority: p.integer().default(0),
    priorityParts: p.json<Record<string, number>>().nullable(),
    requiredSkills: p.json<string[]>(),
    payerId: p.integer().nullable(),
    assigneeId: p.integer().nullable().index(),
    leaseExpiresAt: p.datetime().nullable(),
    dueAt: p.datetime().nullable(),
    outcome: p.string().length(40).nullable(),
    /** How far up the reporting chain the overdue task has gone: 0 not, 1 supervisor, 2 director. */
    escalationLevel: p.integer().default(0),
    escalatedToId: p.integer().nullable(),
    escalatedAt: p.datetime().nullable(),
    /** When the next escalation falls due, once the first has happened (before it: dueAt). */
    nextEscalationAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    closedAt: p.datetime().nullable(),
  },
});

export const TaskEvent = defineEntity({
  name: 'TaskEvent',
  tableName: 'task_event',
  properties: {
    id: p.integer().primary().autoincrement(),
    taskId: p.integer().index(),
    kind: p.string().length(40), // created, assigned, escalated, outcome ...
    actor: p.string().length(80), // 'system' or a specialist reference
    detail: p.json<Record<string, unknown>>().nullable(),
    at: p.datetime().onCreate(() => new Date()),
  },
});

/** Roles and levels are the domain's (src/domain/people/person.ts). */
export const SPECIALIST_ROLES = PERSON_ROLES;

export const Specialist = defineEntity({
  name: 'Specialist',
  tableName: 'specialist',
  properties: {
    id: p.integer().primary().autoincrement(),
    login: p.string().length(60).unique(),
    displayName: p.string().length(120),
    role: p.enum([...SPECIALIST_ROLES]).default('specialist'),
    skills: p.json<string[]>(),
    payers: p.json<string[]>(), // X12 payer ids this person works; empty = all
    certifications: p.json<string[]>(),
    level: p.enum([...PERSON_LEVELS]).default('entry'),
    capacity: p.integer().default(25),
    timezone: p.string().length(60),
    workingHours: p.json<{ start: string; end: string; days: number[] }>(),
    supervisorId: p.integer().nullable().index(),
    active: p.boolean().default(true),
    /** When they were last given or took a task (assignment ranks the idle longest first). */
    lastTaskAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    at: p.datetime().onCreate(() => new Date()).index(),
    actor: p.string().length(80),
    action: p.string().length(60),
    subjectType: p.string().length(20),
    subjectId: p.string().length(40),
    detail: p.json<Record<string, unknown>>().nullable(),
  },
});
