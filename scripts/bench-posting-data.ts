// Invented claims in bulk, for the posting benchmark and the crash test: one payer, a few hundred
// guarantor accounts, N claims of three lines each, inserted in multi-row statements (not the claims
// import, which is not what is measured). Returns the claims as submitted, for the 835 simulator.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubmittedClaim } from '../src/clearinghouse/simulator-835.js';
import { InventedOfficeRepository } from '../src/db/repositories/invented-office.repository.js';

const PROCEDURES = ['99213', '93000', '36415', '99214', '85025'];
const BATCH = 5000;

export interface BulkOffice { payerId: number; payerIdentifier: string; claims: SubmittedClaim[] }

export function bulkClaims(prefix: string, count: number, linesPerClaim = 3): SubmittedClaim[] {
  return Array.from({ length: count }, (_, i) => ({
    controlNumber: `${prefix}${i + 1}`,
    lines: Array.from({ length: linesPerClaim }, (_, j) => ({
      lineControlNumber: `${prefix}${i + 1}L${j + 1}`,
      procedure: PROCEDURES[(i + j) % PROCEDURES.length],
      chargeCents: 5_000 + ((i * 37 + j * 101) % 20_000),
      serviceDate: '2024-01-02',
    })),
  }));
}

export async function seedBulkOffice(em: EntityManager, prefix: string, count: number, accounts = 500): Promise<BulkOffice> {
  const office = new InventedOfficeRepository(em);
  const payerIdentifier = `${prefix}PAYER`;
  const payerId = await office.addPayer(payerIdentifier, 'INVENTED BENCH PAYER', 90);
  const providerId = await office.addProvider('1234567893', 'INVENTED CLINIC');
  const patients = await office.addGuarantors(`${prefix}A`, accounts, 'INVENTED');
  const claims = bulkClaims(prefix, count);
  for (let start = 0; start < claims.length; start += BATCH) {
    const slice = claims.slice(start, start + BATCH);
    const idOf = await office.addAcceptedClaims(payerId, providerId, slice.map((c, k) => ({
      control_number: c.controlNumber,
      patient_id: patients[(start + k) % patients.length],
      charge: c.lines.reduce((s, l) => s + l.chargeCents, 0),
    })));
    await office.addClaimLines(slice.flatMap((c) => c.lines.map((l, j) => ({
      claim_id: idOf.get(c.controlNumber)!, line_number: j + 1, line_control_number: l.lineControlNumber, procedure: l.procedure, charge: l.chargeCents,
    }))));
  }
  return { payerId, payerIdentifier, claims };
}
