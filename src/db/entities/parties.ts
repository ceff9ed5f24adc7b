// Who pays, who bills and who is treated. Patient and Coverage rows hold PHI: they stay in
// Postgres and never travel in job payloads, errors or logs.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

export const Payer = defineEntity({
  name: 'Payer',
  tableName: 'payer',
  properties: {
    id: p.integer().primary().autoincrement(),
    payerId: p.string().length(80).unique(), // X12 payer id (NM109 of NM1*PR)
    name: p.string().length(120),
    timelyFilingDays: p.integer().default(90), // agrees with config/payer-rules.ts (claims migration)
    appealDays: p.integer().default(180),
    followUpDays: p.integer().default(30),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const Provider = defineEntity({
  name: 'Provider',
  tableName: 'provider',
  properties: {
    id: p.integer().primary().autoincrement(),
    npi: p.string().length(10).unique(),
    taxId: p.string().length(20).nullable(),
    name: p.string().length(120),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

/** A guarantor's account: where patient responsibility and statements live. */
export const Account = defineEntity({
  name: 'Account',
  tableName: 'account',
  properties: {
    id: p.integer().primary().autoincrement(),
    accountNumber: p.string().length(40).unique(),
    patientBalanceCents: p.bigint('number').default(0),
    dunningStage: p.enum(['none', 'statement-1', 'statement-2', 'statement-3', 'final-notice', 'agency', 'plan']).default('none'),
    /** The statement cycle's day 0 (the first statement's date), moved later by pauses; null: no cycle. */
    dunningCycleStart: p.date().nullable(),
    /** The last cycle step sent (config/dunning.ts); dunning_stage shows 'plan' over it while a plan pauses the cycle. */
    dunningCycleStage: p.string().length(40).nullable(),
    /** The first day a dunning pass saw the cycle paused (current plan or open dispute). */
    dunningPausedSince: p.date().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const Patient = defineEntity({
  name: 'Patient',
  tableName: 'patient',
  properties: {
    id: p.integer().primary().autoincrement(),
    accountId: p.integer().index(),
    lastName: p.string().length(80),
    firstName: p.string().length(80).nullable(),
    middleName: p.string().length(80).nullable(),
    birthDate: p.date().nullable(),
    gender: p.string().length(1).nullable(),
    address: p.json<Record<string, string>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export const Coverage = defineEntity({
  name: 'Coverage',
  tableName: 'coverage',
  uniques: [{ properties: ['payerId', 'memberId', 'patientId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    patientId: p.integer().index(),
    payerId: p.integer().index(),
    memberId: p.string().length(80),
    groupNumber: p.string().length(50).nullable(),
    rank: p.string().length(1).default('P'), // P primary, S secondary, T tertiary
    relationship: p.string().length(2).default('18'), // 18 = self
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
