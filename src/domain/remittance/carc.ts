// What a claim adjustment (CAS group + CARC) means to the billing office: contractual write-off,
// denial to work, patient responsibility or other adjustment. The table is data (config/ defaults
// plus admin overrides from the database), so every function here takes it as a parameter.
import type { AdjustmentGroup } from './remittance.js';
import type { CarcAction, CarcRule, CarcTable } from '../../../config/carc-actions.js';

// The table's types are declared with its defaults in config/ (data and its types).
export type { CarcAction, CarcRule, CarcTable } from '../../../config/carc-actions.js';

export interface CarcClassification extends CarcRule {
  key: string;             // 'CO-45'
  /** The code's own rule, its group's default, or the group's default for a service paid nothing. */
  matched: 'rule' | 'group-default' | 'unpaid-service-default';
}

/** Where an adjustment stands, for codes the table does not list. */
export interface AdjustmentContext {
  /** The line it adjusts (or the claim, for claim-level CAS) was paid nothing (SVC03 / CLP04 = 0). */
  servicePaidNothing?: boolean;
}

export function carcKey(group: AdjustmentGroup, reason: string): string {
  return `${group}-${reason.trim().toUpperCase()}`;
}

// A file repeats a handful of group+reason pairs thousands of times: each table remembers how it
// classified them. Tables are read-only once built, so the answers cannot go stale.
const classified = new WeakMap<CarcTable, Map<string, Readonly<CarcClassification>>>();

/**
 * Classifies one adjustment: the exact group+reason rule first; else, when the service was paid
 * nothing, the group's unpaid-service default; else the group's default. The amount's sign plays
 * no part, so a negative amount (a reversal, or the payer adding to the payment) lowers the very
 * category a positive amount of the same code raises.
 */
export function classifyCarc(
  table: CarcTable, group: AdjustmentGroup, reason: string, context: AdjustmentContext = {},
): Readonly<CarcClassification> {
  let known = classified.get(table);
  if (!known) classified.set(table, (known = new Map()));
  const unpaid = context.servicePaidNothing === true;
  const memo = `${group}-${reason}${unpaid ? ':unpaid' : ''}`;
  const seen = known.get(memo);
  if (seen) return seen;
  const key = carcKey(group, reason);
  const rule = table.rules[key];
  const unpaidDefault = unpaid ? table.unpaidServiceDefaults?.[group] : undefined;
  const fallback = table.groupDefaults[group];
  if (!rule && !fallback) throw new Error(`CARC table has no default for adjustment group ${group}`);
  const classification = Object.freeze(
    rule ? { ...rule, key, matched: 'rule' as const }
      : unpaidDefault ? { ...unpaidDefault, key, matched: 'unpaid-service-default' as const }
        : { ...fallback, key, matched: 'group-default' as const },
  );
  known.set(memo, classification);
  return classification;
}

/**
 * Applies admin overrides (from the database) on top of a base table without changing it.
 * Keys are 'GROUP-REASON'; a key of just 'GROUP' replaces that group's default.
 */
export function withCarcOverrides(base: CarcTable, overrides: Readonly<Record<string, CarcRule>>): CarcTable {
  const rules: Record<string, CarcRule> = { ...base.rules };
  const groupDefaults: Record<AdjustmentGroup, CarcRule> = { ...base.groupDefaults };
  const unpaidServiceDefaults = { ...base.unpaidServiceDefaults };
  for (const [rawKey, rule] of Object.entries(overrides)) {
    assertCarcRule(rawKey, rule);
    const key = rawKey.trim().toUpperCase();
    if (isGroup(key)) groupDefaults[key] = rule;
    else {
      const [group, reason] = splitKey(key);
      rules[carcKey(group, reason)] = rule;
    }
  }
  return { rules, groupDefaults, unpaidServiceDefaults };
}

/** Throws on a malformed table: wrong key shape, unknown action, weight outside 0..1, missing default. */
export function validateCarcTable(table: CarcTable): void {
  for (const [key, rule] of Object.entries(table.rules)) {
    splitKey(key);
    assertCarcRule(key, rule);
  }
  for (const group of ['CO', 'OA', 'PI', 'PR'] as const) {
    const rule = table.groupDefaults[group];
    if (!rule) throw new Error(`CARC table: no default for group ${group}`);
    assertCarcRule(group, rule);
  }
  for (const [group, rule] of Object.entries(table.unpaidServiceDefaults ?? {})) {
    if (!isGroup(group)) throw new Error(`CARC table: unpaid-service default for unknown group ${group}`);
    assertCarcRule(`${group} (service paid nothing)`, rule);
  }
}

const ACTIONS: readonly CarcAction[] = ['contractual', 'denial', 'patient-responsibility', 'other-adjustment'];

function assertCarcRule(key: string, rule: CarcRule): void {
  if (!ACTIONS.includes(rule.action)) throw new Error(`CARC table ${key}: unknown action "${String(rule.action)}"`);
  if (!(rule.recoverability >= 0 && rule.recoverability <= 1)) {
    throw new Error(`CARC table ${key}: recoverability must be between 0 and 1`);
  }
}

function isGroup(key: string): key is AdjustmentGroup {
  return key === 'CO' || key === 'OA' || key === 'PI' || key === 'PR';
}

function splitKey(key: string): [AdjustmentGroup, string] {
  const match = /^(CO|OA|PI|PR)-([A-Z0-9]{1,5})$/.exec(key);
  if (!match) throw new Error(`CARC table: key "${key}" is not GROUP-REASON (e.g. CO-45)`);
  return [match[1] as AdjustmentGroup, match[2]];
}
