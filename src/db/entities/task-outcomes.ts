// What people record when they finish a task: free-text notes (Postgres only: never in task
// events, audit, jobs or logs) and the outcome itself, which holds a write-off waiting for a
// supervisor's approval and whether an appeal's follow-up has been looked at.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

export const TaskNote = defineEntity({
  name: 'TaskNote',
  tableName: 'task_note',
  properties: {
    id: p.integer().primary().autoincrement(),
    taskId: p.integer().index(),
    authorId: p.integer(),
    text: p.text(),
    createdAt: p.datetime(),
  },
});

export const TASK_OUTCOME_STATES = ['applied', 'pending-approval', 'rejected'] as const;
export type TaskOutcomeState = (typeof TASK_OUTCOME_STATES)[number];

export const TaskOutcome = defineEntity({
  name: 'TaskOutcome',
  tableName: 'task_outcome',
  properties: {
    id: p.integer().primary().autoincrement(),
    taskId: p.integer().index(),
    outcome: p.string().length(40),
    state: p.enum([...TASK_OUTCOME_STATES]),
    recordedById: p.integer(),
    recordedAt: p.datetime(),
    /** The money the outcome moves (a write-off or transfer), when it moves any. */
    amountCents: p.bigint('number').nullable(),
    decidedById: p.integer().nullable(),
    decidedAt: p.datetime().nullable(),
    /** When an appeal's follow-up looks for the payer's answer (the payer's follow-up days after the appeal). */
    followUpDueAt: p.datetime().nullable(),
    /** The claim-status-inquiry task an appeal's follow-up opened, if it opened one. */
    followUpTaskId: p.integer().nullable(),
    followUpCheckedAt: p.datetime().nullable(),
  },
});
