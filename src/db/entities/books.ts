// What proving the books leaves behind: aging snapshots (one per office day, the report reads them)
// and the balance discrepancies the reconciliation check found (each with the stored figure and the
// ledger's, next to the balance-discrepancy task a person works). Money is integer cents.
import { defineEntity } from '@mikro-orm/core';
import { AGING_BASES } from '../../../config/aging.js';

const p = defineEntity.properties;

/** One aging snapshot per office day (as_of); a re-run of the day replaces it. */
export const AgingSnapshot = defineEntity({
  name: 'AgingSnapshot',
  tableName: 'aging_snapshot',
  properties: {
    id: p.integer().primary().autoincrement(),
    asOf: p.date().unique(),
    basis: p.enum([...AGING_BASES]),
    takenAt: p.datetime(),
  },
});

export const AGING_RESPONSIBILITIES = ['insurance', 'patient'] as const;
export type AgingResponsibility = (typeof AGING_RESPONSIBILITIES)[number];

/**
 * One line of a snapshot: a payer's open insurance balances, or the patients' (payer null), in
 * buckets. total = the five buckets; credits (money owed back) are counted beside, not in them.
 */
export const AgingSnapshotRow = defineEntity({
  name: 'AgingSnapshotRow',
  tableName: 'aging_snapshot_row',
  properties: {
    id: p.integer().primary().autoincrement(),
    snapshotId: p.integer(),
    responsibility: p.enum([...AGING_RESPONSIBILITIES]),
    payerId: p.integer().nullable(),
    /** Claims (insurance) or accounts (patient) with an open amount. */
    items: p.integer(),
    days0To30Cents: p.bigint('number').fieldName('days_0_30_cents'),
    days31To60Cents: p.bigint('number').fieldName('days_31_60_cents'),
    days61To90Cents: p.bigint('number').fieldName('days_61_90_cents'),
    days91To120Cents: p.bigint('number').fieldName('days_91_120_cents'),
    over120Cents: p.bigint('number').fieldName('over_120_cents'),
    totalCents: p.bigint('number'),
    creditItems: p.integer(),
    creditCents: p.bigint('number'),
  },
});

/**
 * A claim or account whose cached totals disagree with its ledger, as one check found it: both
 * figures of each that differs. One row per subject and check day; the task is the person's work.
 */
export const BalanceDiscrepancy = defineEntity({
  name: 'BalanceDiscrepancy',
  tableName: 'balance_discrepancy',
  uniques: [{ properties: ['asOf', 'subjectType', 'subjectId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    asOf: p.date(),
    subjectType: p.enum(['claim', 'account']),
    subjectId: p.integer(),
    taskId: p.integer().index(),
    figures: p.json<Record<string, unknown>>(),
    foundAt: p.datetime(),
  },
});
