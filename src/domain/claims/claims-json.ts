// The documented JSON claims format (docs/claims.md), for practice systems that do not speak
// X12. Read into the same domain Claim the 837P reader produces. Errors name the claim index
// and field path, never the value (it may be patient data).
import { InputError } from '../input-error.js';
import { z } from 'zod';
import type { Claim } from './claim.js';

export const CLAIMS_JSON_FORMAT = 'rcm-claims/v1';

export class ClaimsJsonError extends InputError {
  override name = 'ClaimsJsonError';
  constructor(readonly file: string | undefined, readonly path: string, detail: string) {
    super(`${file === undefined ? 'claims JSON' : `file ${file}`}: ${path}: ${detail}`);
  }
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const cents = z.number().int('must be whole cents').nonnegative('must not be negative');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const address = z.object({ line1: text(55), line2: text(55).optional(), city: text(30), state: text(2), postalCode: text(15) }).strict();
const name = z.object({ last: text(60), first: text(35).optional(), middle: text(25).optional() }).strict();

const line = z.object({
  lineControlNumber: text(50).optional(),
  procedureQualifier: z.string().default('HC'),
  procedure: text(5),
  modifiers: z.array(z.string()).max(4, 'at most 4 modifiers').default([]),
  chargeCents: cents,
  unitBasis: z.string().default('UN'),
  units: z.number().positive('must be greater than zero').default(1),
  placeOfService: z.string().optional(),
  diagnosisPointers: z.array(z.number().int()).min(1, 'needs at least one pointer'),
  serviceDate: isoDate,
  serviceDateEnd: isoDate.optional(),
}).strict();

const claim = z.object({
  controlNumber: text(38),
  chargeCents: cents.optional(),
  placeOfService: text(2),
  frequency: z.enum(['1', '7', '8']).default('1'),
  payerClaimNumber: text(50).optional(),
  serviceDate: isoDate.optional(),
  billingProvider: z.object({ npi: text(10), taxId: text(20).optional(), name: text(120), address: address.optional() }).strict(),
  payer: z.object({ payerId: text(80), name: text(120) }).strict(),
  subscriber: z.object({
    memberId: text(80), name, birthDate: isoDate.optional(), gender: z.enum(['F', 'M', 'U']).optional(), address: address.optional(),
    groupNumber: text(50).optional(), relationship: z.string().default('18'), payerRank: z.enum(['P', 'S', 'T']).default('P'),
    claimFilingIndicator: z.string().default('CI'),
  }).strict(),
  patient: z.object({ name, birthDate: isoDate.optional(), gender: z.enum(['F', 'M', 'U']).optional(), address: address.optional() }).strict().optional(),
  diagnoses: z.array(z.object({ qualifier: z.enum(['ABK', 'ABF', 'BK', 'BF']), code: text(8) }).strict()),
  lines: z.array(line).min(1, 'a claim needs at least one service line'),
}).strict();

const document = z.object({ format: z.literal(CLAIMS_JSON_FORMAT), claims: z.array(claim).min(1, 'the file holds no claims') }).strict();

export function readClaimsJson(text: string, opts: { file?: string } = {}): Claim[] {
  let raw: unknown;
  try {
    // A byte-order mark (U+FEFF, or its three bytes read as latin1) is not part of the JSON.
    raw = JSON.parse(text.replace(/^(?:\uFEFF|\u00EF\u00BB\u00BF)/, ''));
  } catch (error) {
    // JSON.parse messages quote at most a position, not content, in Node 20: keep the position only.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ClaimsJsonError(opts.file, '(document)', `not valid JSON${at ? ` at character ${at}` : ''}`);
  }
  const parsed = document.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
    // zod's own messages for type errors name the expected type only; values are not echoed.
    throw new ClaimsJsonError(opts.file, path || '(document)', issue.message);
  }
  return parsed.data.claims.map((c) => {
    const lines = c.lines.map((l, index) => ({ ...l, lineNumber: index + 1 }));
    const chargeCents = c.chargeCents ?? lines.reduce((sum, l) => sum + l.chargeCents, 0);
    return { ...c, chargeCents, lines } as Claim;
  });
}
