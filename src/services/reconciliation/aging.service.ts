// reconciliation.aging and the aging report: a snapshot of open balances per office day, bucketed
// 0-30 / 31-60 / 61-90 / 91-120 / over 120 days, per payer (insurance) and for patients, aged by
// date of service or first bill date (config/aging.ts). Taking a day's snapshot again replaces it
// with the same figures unless the ledger changed meanwhile (idempotent). The report reads the
// day's snapshot, taking it first when the day has none. Runs in the transaction it is handed.
import type { EntityManager } from '@mikro-orm/postgresql';
import { agingConfig, type AgingBasis } from '../../../config/aging.js';
import { AgingRepository, type AgingRowRecord, type AgingSnapshotHead } from '../../db/repositories/aging.repository.js';
import {
  AGING_BUCKETS, addBuckets, bucketsFromArray, bucketTotal, emptyBuckets, type BucketAmounts,
} from '../../domain/collections/aging-buckets.js';

export interface AgingSnapshotTaken {
  asOf: string;
  basis: AgingBasis;
  /** Snapshot rows written: one per payer with open or credit balances, plus the patient line. */
  rows: number;
}

export async function takeAgingSnapshot(
  em: EntityManager, options: { asOf: string; timezone: string; now: Date; basis?: AgingBasis },
): Promise<AgingSnapshotTaken> {
  const basis = options.basis ?? agingConfig.basis;
  const { rows } = await new AgingRepository(em).take(options.asOf, basis, options.timezone, options.now);
  return { asOf: options.asOf, basis, rows };
}

export interface AgingLine {
  buckets: BucketAmounts;
  /** The sum of the five buckets. */
  totalCents: number;
  /** Credit balances (money owed back), outside the buckets. */
  creditCents: number;
}

export interface PayerAgingLine extends AgingLine {
  payerId: number;
  payer: string;
  name: string;
  claims: number;
  creditClaims: number;
}

export interface AgingReport {
  asOf: string;
  basis: AgingBasis;
  takenAt: string;
  /** True when this read took the snapshot (the day had none). */
  taken: boolean;
  buckets: readonly string[];
  insurance: { payers: PayerAgingLine[]; totals: AgingLine & { claims: number; creditClaims: number } };
  patient: AgingLine & { accounts: number; creditAccounts: number };
  totals: AgingLine;
}

/** The day's snapshot as a report; when the day has none it is taken first (the job's own work). */
export async function agingReport(
  em: EntityManager, options: { asOf: string; timezone: string; now: Date; basis?: AgingBasis },
): Promise<AgingReport> {
  const aging = new AgingRepository(em);
  let head = await aging.find(options.asOf);
  let taken = false;
  if (!head) {
    await takeAgingSnapshot(em, options);
    head = (await aging.find(options.asOf))!;
    taken = true;
  }
  return reportOf(head, await aging.rowsOf(head.id), taken);
}

function lineOf(rows: readonly AgingRowRecord[]): AgingLine {
  const buckets = rows.reduce((sum, r) => addBuckets(sum, bucketsFromArray(r.buckets)), emptyBuckets());
  return { buckets, totalCents: bucketTotal(buckets), creditCents: rows.reduce((sum, r) => sum + r.creditCents, 0) };
}

function reportOf(head: AgingSnapshotHead, rows: readonly AgingRowRecord[], taken: boolean): AgingReport {
  const insuranceRows = rows.filter((r) => r.responsibility === 'insurance');
  const patientRows = rows.filter((r) => r.responsibility === 'patient');
  const payers = insuranceRows.map((r): PayerAgingLine => ({
    payerId: r.payerId!, payer: r.payerCode ?? '', name: r.payerName ?? '', claims: r.items, creditClaims: r.creditItems, ...lineOf([r]),
  }));
  return {
    asOf: head.asOf, basis: head.basis, takenAt: head.takenAt.toISOString(), taken, buckets: AGING_BUCKETS,
    insurance: {
      payers,
      totals: {
        claims: insuranceRows.reduce((n, r) => n + r.items, 0), creditClaims: insuranceRows.reduce((n, r) => n + r.creditItems, 0), ...lineOf(insuranceRows),
      },
    },
    patient: {
      accounts: patientRows.reduce((n, r) => n + r.items, 0), creditAccounts: patientRows.reduce((n, r) => n + r.creditItems, 0), ...lineOf(patientRows),
    },
    totals: lineOf(rows),
  };
}
