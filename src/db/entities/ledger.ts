// The ledger is the single source of truth for balances. Each entry's idempotency key is
// derived from its source, so posting the same source twice cannot add a second entry.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

export const LEDGER_KINDS = [
  'charge', 'payment', 'contractual', 'denial', 'patient-responsibility', 'transfer',
  'write-off', 'refund', 'provider-adjustment', 'patient-payment', 'other-adjustment', 'unapplied',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const LedgerEntry = defineEntity({
  name: 'LedgerEntry',
  tableName: 'ledger_entry',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    kind: p.enum([...LEDGER_KINDS]),
    amountCents: p.bigint('number'),
    claimId: p.integer().nullable().index(),
    claimLineId: p.integer().nullable(),
    accountId: p.integer().nullable().index(),
    payerId: p.integer().nullable(),
    groupCode: p.string().length(2).nullable(),
    reasonCode: p.string().length(5).nullable(),
    remarkCodes: p.json<string[]>().nullable(),
    source: p.string().length(80), // e.g. 'remittance:12' or 'claim:7'
    idempotencyKey: p.string().length(200).unique(),
    effectiveDate: p.date(),
    postedAt: p.datetime().onCreate(() => new Date()),
  },
});
