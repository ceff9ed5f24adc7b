// Test data for deposits: remittances as posting stores them (one 835 file row, then payments by
// trace), and bank files written with correct BAI2 control totals.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRunner } from '../../../src/db/sql.js';

export interface RemittanceRow {
  trace: string;
  paymentCents: number;
  paymentDate: string | null;
  method?: string;
  status?: 'staged' | 'posted' | 'duplicate' | 'conflict';
  /** TRN03 / the payer's X12 id: payer and trace together name one payment. */
  payer?: string;
}

/** Inserts remittances under one stored 835 file; returns their ids in order. */
export async function addRemittances(em: EntityManager, rows: readonly RemittanceRow[]): Promise<number[]> {
  const run = sqlRunner(em);
  const [file] = await run<{ id: number }>(
    `insert into edi_file (kind, direction, file_name, sha256, size_bytes, status, received_at) values ('835', 'inbound', 'test.835', md5(random()::text), 0, 'processed', now()) returning id`);
  const ids: number[] = [];
  for (const [i, r] of rows.entries()) {
    const [row] = await run<{ id: number }>(
      `insert into remittance (file_id, transaction_sequence, st_control_number, remittance_key, trace_number, payer_identifier, status,
         payment_cents, payment_method, payment_date, provider_adjustments, job_key, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', gen_random_uuid(), now()) returning id`,
      [file.id, i + 1, String(i + 1).padStart(4, '0'), `${r.payer ?? '87726'} ${r.trace}`, r.trace, r.payer ?? '87726', r.status ?? 'posted', r.paymentCents, r.method ?? 'ACH', r.paymentDate],
    );
    ids.push(row.id);
  }
  return ids;
}

export interface Bai2Credit {
  amountCents: number;
  trace?: string;
  typeCode?: string;
}

/** A one-account BAI2 report of these credits on `yymmdd`, its trailers adding up. */
export function bai2Report(yymmdd: string, credits: readonly Bai2Credit[], account = '000123456789'): string {
  const details = credits.map((c) => `16,${c.typeCode ?? '165'},${c.amountCents},Z,BR${c.amountCents},${c.trace ?? ''},/`);
  const total = credits.reduce((sum, c) => sum + c.amountCents, 0);
  return [
    `01,BANK,OFFICE,${yymmdd},0600,1,,,2/`,
    `02,OFFICE,BANK,1,${yymmdd},2400,USD,2/`,
    `03,${account},USD,/`,
    ...details,
    `49,${total},${details.length + 2}/`,
    `98,${total},1,${details.length + 4}/`,
    `99,${total},1,${details.length + 6}/`,
  ].join('\n') + '\n';
}
