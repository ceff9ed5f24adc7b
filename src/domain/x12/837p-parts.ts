// Turns single 837P segments (NM1, N3/N4, DMG, CLM, HI, SV1) into pieces of the Claim model;
// the loop logic that decides which segment belongs where lives in 837p-reader.ts.
import type { ClaimFrequency, Diagnosis, DiagnosisQualifier, PersonName, PostalAddress, ServiceLine } from '../claims/claim.js';
import type { Segment } from './segments.js';
import { X12Error } from './x12-error.js';
import { amount, CompositeReader, decimalQuantity, elementName, isoDate, optional, required, type ElementContext } from './x12-elements.js';

const DIAGNOSIS_QUALIFIERS: ReadonlySet<string> = new Set(['ABK', 'ABF', 'BK', 'BF']);
const FREQUENCIES: ReadonlySet<string> = new Set(['1', '7', '8']);

export function personName(seg: Segment, ctx: ElementContext, what: string): PersonName {
  const name: PersonName = { last: required(seg, 3, ctx, `${what} last name`) };
  const first = optional(seg, 4);
  const middle = optional(seg, 5);
  if (first !== undefined) name.first = first;
  if (middle !== undefined) name.middle = middle;
  return name;
}

/** Organisation name, or "LAST FIRST" for a person (NM102 = 1). */
export function organisationName(seg: Segment, ctx: ElementContext, what: string): string {
  const last = required(seg, 3, ctx, what);
  if (optional(seg, 2) !== '1') return last;
  return [last, optional(seg, 4)].filter((p) => p !== undefined).join(' ');
}

/** NM108/NM109 identifier, checking the qualifier when one is expected. */
export function identifier(seg: Segment, ctx: ElementContext, what: string, qualifiers: readonly string[]): string {
  const qualifier = required(seg, 8, ctx, `${what} qualifier`);
  if (!qualifiers.includes(qualifier)) {
    throw new X12Error({ ...ctx, rule: 'id-qualifier', segment: seg.tag, position: seg.position, element: 'NM108',
      message: `${what} qualifier NM108 must be ${qualifiers.join(' or ')}` });
  }
  return required(seg, 9, ctx, what);
}

export function addressLines(seg: Segment, address: Partial<PostalAddress>, ctx: ElementContext): void {
  address.line1 = required(seg, 1, ctx, 'address line');
  const line2 = optional(seg, 2);
  if (line2 !== undefined) address.line2 = line2;
}

export function cityStateZip(seg: Segment, address: Partial<PostalAddress>, ctx: ElementContext): void {
  address.city = required(seg, 1, ctx, 'city');
  address.state = optional(seg, 2) ?? '';
  address.postalCode = optional(seg, 3) ?? '';
}

/** Completes an address begun by N3/N4; undefined when neither was present. */
export function finishAddress(address: Partial<PostalAddress> | undefined): PostalAddress | undefined {
  if (!address) return undefined;
  const done: PostalAddress = { line1: address.line1 ?? '', city: address.city ?? '', state: address.state ?? '', postalCode: address.postalCode ?? '' };
  if (address.line2 !== undefined) done.line2 = address.line2;
  return done;
}

export function demographics(seg: Segment, ctx: ElementContext): { birthDate?: string; gender?: string } {
  const out: { birthDate?: string; gender?: string } = {};
  const format = optional(seg, 1);
  const date = optional(seg, 2);
  if (date !== undefined) {
    if (format !== 'D8') {
      throw new X12Error({ ...ctx, rule: 'date-format', segment: seg.tag, position: seg.position, element: 'DMG01', message: 'DMG01 must be D8 when DMG02 is present' });
    }
    out.birthDate = isoDate(date, seg, 'DMG02', ctx);
  }
  const gender = optional(seg, 3);
  if (gender !== undefined) out.gender = gender;
  return out;
}

export interface ClmPart { controlNumber: string; chargeCents: number; placeOfService: string; frequency: ClaimFrequency }

export function readClm(seg: Segment, composites: CompositeReader, ctx: ElementContext): ClmPart {
  const controlNumber = required(seg, 1, ctx, 'patient control number');
  const inClaim = { ...ctx, controlNumber };
  const chargeCents = amount(seg, 2, inClaim, 'total claim charge');
  const [placeOfService, , frequency] = composites.required(seg, 5, inClaim, 'facility code (place:B:frequency)', 3);
  if (!placeOfService) {
    throw new X12Error({ ...inClaim, rule: 'required-element', segment: 'CLM', position: seg.position, element: 'CLM05-1', message: 'place of service CLM05-1 is empty' });
  }
  if (!FREQUENCIES.has(frequency)) {
    throw new X12Error({ ...inClaim, rule: 'claim-frequency', segment: 'CLM', position: seg.position, element: 'CLM05-3',
      message: `claim frequency CLM05-3 must be 1, 7 or 8` });
  }
  return { controlNumber, chargeCents, placeOfService, frequency: frequency as ClaimFrequency };
}

/** HI diagnoses in order; composites with other qualifiers (condition codes, anesthesia...) are skipped. */
export function readDiagnoses(seg: Segment, composites: CompositeReader, ctx: ElementContext): Diagnosis[] {
  const found: Diagnosis[] = [];
  for (let n = 1; n < seg.elements.length; n += 1) {
    if (optional(seg, n) === undefined) continue;
    const [qualifier, code] = composites.required(seg, n, ctx, 'diagnosis (qualifier:code)');
    if (!DIAGNOSIS_QUALIFIERS.has(qualifier)) continue;
    if (!code) {
      throw new X12Error({ ...ctx, rule: 'required-element', segment: 'HI', position: seg.position, element: elementName(seg, n, 2), message: 'diagnosis code is empty' });
    }
    found.push({ qualifier: qualifier as DiagnosisQualifier, code });
  }
  return found;
}

export type Sv1Part = Pick<ServiceLine, 'procedureQualifier' | 'procedure' | 'modifiers' | 'chargeCents' | 'unitBasis' | 'units' | 'placeOfService' | 'diagnosisPointers'>;

export function readSv1(seg: Segment, composites: CompositeReader, ctx: ElementContext): Sv1Part {
  const [procedureQualifier, procedure, ...rest] = composites.required(seg, 1, ctx, 'procedure (qualifier:code)');
  if (!procedure) {
    throw new X12Error({ ...ctx, rule: 'required-element', segment: 'SV1', position: seg.position, element: 'SV101-2', message: 'procedure code SV101-2 is empty' });
  }
  // SV101-3..6 are modifiers; SV101-7 is a description we do not keep.
  const modifiers = rest.slice(0, 4).filter((m) => m !== '');
  const part: Sv1Part = {
    procedureQualifier,
    procedure,
    modifiers,
    chargeCents: amount(seg, 2, ctx, 'line charge'),
    unitBasis: required(seg, 3, ctx, 'unit basis'),
    units: decimalQuantity(seg, 4, ctx, 'service units'),
    diagnosisPointers: [],
  };
  const place = optional(seg, 5);
  if (place !== undefined) part.placeOfService = place;
  for (const pointer of composites.optional(seg, 7)) {
    if (!/^\d{1,2}$/.test(pointer)) {
      throw new X12Error({ ...ctx, rule: 'element-format', segment: 'SV1', position: seg.position, element: 'SV107',
        message: 'diagnosis pointers SV107 must be numbers 1-12 separated by the component separator' });
    }
    part.diagnosisPointers.push(Number(pointer));
  }
  return part;
}
