// Admins' overrides of the submission rate limits (README "Operations: throttles, circuit
// breaker, pausing queues, health"). The defaults stay in config/clearinghouse.ts; a row here
// goes over them for its clearinghouse or payer until it is removed. Every change is audited.
import { defineEntity } from '@mikro-orm/core';

const p = defineEntity.properties;

export const THROTTLE_SCOPES = ['clearinghouse', 'payer'] as const;
export type ThrottleScope = (typeof THROTTLE_SCOPES)[number];

export const ThrottleOverride = defineEntity({
  name: 'ThrottleOverride',
  tableName: 'throttle_override',
  uniques: [{ properties: ['scope', 'subject'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    scope: p.enum([...THROTTLE_SCOPES]),
    /** The clearinghouse's name, or the payer's database id. */
    subject: p.string().length(80),
    maxBatches: p.integer(),
    perMs: p.integer(),
    changedBy: p.string().length(60),
    changedAt: p.datetime(),
  },
});
