// Invented professional claims with realistic codes for the demo, the benchmark and tests:
// seeded, so the same seed gives the same claims. A chosen share carries one deliberate
// error of a known kind, each caught by a named scrub rule.
import type { Claim, ServiceLine } from '../../src/domain/claims/claim.js';

export type DeliberateError = 'icd9' | 'charge-total' | 'refused-modifier' | 'therapy-modifier' | 'npi' | 'future-date';
export const DELIBERATE_ERRORS: readonly DeliberateError[] = ['icd9', 'charge-total', 'refused-modifier', 'therapy-modifier', 'npi', 'future-date'];

const DIAGNOSES = ['J069', 'E119', 'I10', 'M545', 'Z0000', 'R05', 'J029', 'K219', 'F419', 'M25561', 'E785', 'N390'];
const PROCEDURES: Array<[string, number]> = [
  ['99213', 12500], ['99214', 18500], ['99203', 15000], ['36415', 1500], ['85025', 2500], ['80053', 4000],
  ['93000', 6000], ['71046', 9000], ['20610', 15000], ['90471', 2800], ['81002', 1850],
];
const LAST = ['TESTWOOD', 'SAMPLETON', 'DEMOFORD', 'MOCKLEY', 'FAKERIDGE', 'NOTREAL', 'FICTIVE', 'MADEUPSON'];
const FIRST = ['AVERY', 'BLAKE', 'CASEY', 'DEVON', 'EMERY', 'FINLEY', 'HARPER', 'JORDAN'];

export interface GeneratorOptions {
  count: number;
  /** Control numbers are `${prefix}${n}`; keep them unique across runs. */
  prefix: string;
  today: string;
  payers: ReadonlyArray<{ payerId: string; name: string }>;
  providers: ReadonlyArray<{ npi: string; taxId: string; name: string }>;
  /** Fraction 0..1 of claims with one deliberate error. */
  errorShare: number;
  /** How many distinct patients the claims are spread over. */
  patients?: number;
}

export function generateClaims(random: () => number, options: GeneratorOptions): Array<{ claim: Claim; error?: DeliberateError }> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const out: Array<{ claim: Claim; error?: DeliberateError }> = [];
  for (let n = 1; n <= options.count; n += 1) {
    const patient = Math.floor(random() * (options.patients ?? 200));
    const payer = options.payers[patient % options.payers.length]; // a patient keeps one insurer
    const provider = pick(options.providers);
    const serviceDate = daysBefore(options.today, 3 + Math.floor(random() * 40));
    const diagnoses = [...new Set([pick(DIAGNOSES), pick(DIAGNOSES)])].map((code, i) => ({ qualifier: i === 0 ? 'ABK' as const : 'ABF' as const, code }));
    const lineCount = 1 + Math.floor(random() * 3);
    const lines: ServiceLine[] = [];
    for (let l = 1; l <= lineCount; l += 1) {
      const [procedure, price] = pick(PROCEDURES);
      lines.push({ lineNumber: l, lineControlNumber: `L${l}`, procedureQualifier: 'HC', procedure, modifiers: [], chargeCents: price, unitBasis: 'UN', units: 1,
        diagnosisPointers: [1 + Math.floor(random() * diagnoses.length)], serviceDate });
    }
    const claim: Claim = {
      controlNumber: `${options.prefix}${n}`, chargeCents: 0, placeOfService: '11', frequency: '1',
      billingProvider: { ...provider, address: { line1: '1 INVENTED WAY', city: 'SPRINGFIELD', state: 'IL', postalCode: '627010000' } },
      payer: { payerId: payer.payerId, name: payer.name.toUpperCase().slice(0, 60) },
      subscriber: {
        memberId: `M${String(patient).padStart(8, '0')}`, name: { last: LAST[patient % LAST.length], first: FIRST[(patient >> 3) % FIRST.length] },
        birthDate: daysBefore('1990-01-01', (patient * 97) % 15000), gender: patient % 2 ? 'F' : 'M', relationship: '18', payerRank: 'P',
        claimFilingIndicator: payer.payerId === '99MCR' ? 'MB' : payer.payerId === '99MCD' ? 'MC' : 'CI',
      },
      diagnoses, lines,
    };
    const error = random() < options.errorShare ? pick(DELIBERATE_ERRORS) : undefined;
    if (error) breakClaim(claim, error, options.today);
    // CLM02 = sum of SV102, except on claims broken that way on purpose.
    claim.chargeCents = claim.lines.reduce((s, l) => s + l.chargeCents, 0) + (error === 'charge-total' ? 1000 : 0);
    out.push(error ? { claim, error } : { claim });
  }
  return out;
}

function breakClaim(claim: Claim, error: DeliberateError, today: string): void {
  const line = claim.lines[0];
  switch (error) {
    case 'icd9': claim.diagnoses = [{ qualifier: 'BK', code: '4019' }]; claim.lines.forEach((l) => { l.diagnosisPointers = [1]; }); break;
    case 'refused-modifier': claim.payer = { payerId: '99CMA', name: 'DEMO COMMERCIAL HEALTH PLAN A' }; line.modifiers = ['GY']; break;
    case 'therapy-modifier': claim.payer = { payerId: '99MCR', name: 'DEMO MEDICARE ADMINISTRATIVE CONTRACTOR' }; line.procedure = '97110'; line.chargeCents = 4500; break;
    case 'npi': claim.billingProvider = { ...claim.billingProvider, npi: '1234567890' }; break;
    case 'future-date': claim.lines.forEach((l) => { l.serviceDate = daysBefore(today, -5); }); break;
  }
}

function daysBefore(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86400000).toISOString().slice(0, 10);
}
