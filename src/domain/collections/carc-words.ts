// A payer's adjustment reason in words for a patient: the plain-word table first
// (config/carc-descriptions.ts), then the office's CARC table written for staff, then what the
// group means. Pure: the tables are handed in.
import type { CarcTable } from '../../../config/carc-actions.js';

export interface CarcWordTables {
  plain: Readonly<Record<string, string>>;
  groups: Readonly<Record<string, string>>;
  office: CarcTable;
}

export function carcInWords(group: string | null, reason: string | null, tables: CarcWordTables): string {
  const g = (group ?? '').toUpperCase();
  const r = (reason ?? '').toUpperCase();
  const key = `${g}-${r}`;
  return tables.plain[key] ?? tables.plain[r] ?? tables.office.rules[key]?.description
    ?? tables.groups[g] ?? (r ? `Adjustment reason ${r}` : 'Adjustment');
}
