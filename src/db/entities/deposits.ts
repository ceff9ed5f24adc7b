// Bank deposits: the credits a bank file (BAI2 or the documented CSV) reports on the office's
// accounts, and what reconciliation.deposits made of each: matched to the remittance (835) whose
// EFT trace and payment it carries, a variance (same trace, another amount), or still unmatched.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

export const DEPOSIT_STATUSES = ['unmatched', 'matched', 'variance'] as const;
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number];

export const Deposit = defineEntity({
  name: 'Deposit',
  tableName: 'deposit',
  uniques: [{ properties: ['fileId', 'line'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    /** The bank file it came from (edi_file, kind BAI2 or deposits-csv) and its line there. */
    fileId: p.integer(),
    line: p.integer(),
    depositDate: p.date(),
    amountCents: p.bigint('number'),
    /** What is matched against the 835's TRN02 (docs/deposits.md says where it is read from). */
    traceNumber: p.string().length(80).nullable().index(),
    bankReference: p.string().length(80).nullable(),
    customerReference: p.string().length(80).nullable(),
    /** The account credited, masked ("****6789"): a full bank account number is never stored here. */
    bankAccount: p.string().length(12),
    /** BAI2 type code (165, 169, 175, 195, 399 ...); null for a CSV row. */
    typeCode: p.string().length(3).nullable(),
    status: p.enum([...DEPOSIT_STATUSES]).default('unmatched'),
    /** The remittance matched (status matched or variance); one deposit per remittance. */
    remittanceId: p.integer().nullable(),
    matchedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
