// Diagnoses (2300 HI): count, qualifier position, ICD-10-CM / ICD-9-CM code shape, and the code
// set that matches the dates of service. Messages say "diagnosis 2", never the code (it is PHI).
import type { Claim, Diagnosis } from '../claim.js';
import { validServiceDates } from './service-dates.js';
import { editFor, isBlank, rule, type ClaimEdit, type ScrubContext } from './types.js';

export const DX_MISSING = rule('DX_MISSING', 'error', 'The claim has at least one diagnosis (HI01).');
export const DX_TOO_MANY = rule('DX_TOO_MANY', 'error', 'The claim has at most 12 diagnoses (HI01-HI12).');
export const DX_PRINCIPAL_QUALIFIER = rule('DX_PRINCIPAL_QUALIFIER', 'error',
  'The first (principal) diagnosis uses qualifier ABK (ICD-10) or BK (ICD-9).');
export const DX_QUALIFIER = rule('DX_QUALIFIER', 'error',
  'Other diagnoses use qualifier ABF (ICD-10) or BF (ICD-9).');
export const DX_FORMAT = rule('DX_FORMAT', 'error',
  'ICD-10-CM codes are a letter, a digit, then 1-5 letters or digits (3-7 in all), uppercase, with no decimal point; ICD-9-CM codes are 3-5 digits, V+2-4 digits or E+3-4 digits.');
export const DX_DUPLICATE = rule('DX_DUPLICATE', 'error', 'No diagnosis code appears twice on a claim.');
export const DX_ICD9_AFTER_ICD10_DATE = rule('DX_ICD9_AFTER_ICD10_DATE', 'error',
  'ICD-9 qualifiers (BK/BF) are not used for services on or after 2015-10-01.');
export const DX_ICD10_BEFORE_ICD10_DATE = rule('DX_ICD10_BEFORE_ICD10_DATE', 'error',
  'ICD-10 qualifiers (ABK/ABF) are not used for services before 2015-10-01.');

export const DIAGNOSIS_RULES = [
  DX_MISSING, DX_TOO_MANY, DX_PRINCIPAL_QUALIFIER, DX_QUALIFIER, DX_FORMAT, DX_DUPLICATE,
  DX_ICD9_AFTER_ICD10_DATE, DX_ICD10_BEFORE_ICD10_DATE,
] as const;

export const MAX_DIAGNOSES = 12;

// ICD-10-CM took effect for dates of service on 2015-10-01. The issue says "after 2015-10-01";
// we read that as "from": 2015-10-01 itself is ICD-10 era, as CMS defines it.
export const ICD10_EFFECTIVE_DATE = '2015-10-01';

// X12 carries ICD codes without the decimal point.
const ICD10_CODE = /^[A-Z][0-9][A-Z0-9]{1,5}$/;
const ICD9_CODE = /^(?:[0-9]{3,5}|V[0-9]{2,4}|E[0-9]{3,4})$/;

const ICD10_QUALIFIERS: ReadonlySet<string> = new Set(['ABK', 'ABF']);
const ICD9_QUALIFIERS: ReadonlySet<string> = new Set(['BK', 'BF']);
const PRINCIPAL_QUALIFIERS: ReadonlySet<string> = new Set(['ABK', 'BK']);
const OTHER_QUALIFIERS: ReadonlySet<string> = new Set(['ABF', 'BF']);

/** X12 position of diagnosis n (1-based): HI01..HI12, part 1 = qualifier, part 2 = code. */
export function diagnosisField(n: number, part: 1 | 2): string {
  return n <= MAX_DIAGNOSES ? `HI${String(n).padStart(2, '0')}-${part}` : 'HI';
}

export function checkDiagnoses(claim: Claim, _ctx: ScrubContext): ClaimEdit[] {
  const diagnoses = claim.diagnoses ?? [];
  if (diagnoses.length === 0) {
    return [editFor(DX_MISSING, 'HI01-2', 'The claim has no diagnosis; at least one is required.')];
  }
  const edits: ClaimEdit[] = [];
  if (diagnoses.length > MAX_DIAGNOSES) {
    edits.push(editFor(DX_TOO_MANY, 'HI',
      `The claim has ${diagnoses.length} diagnoses; an 837P claim carries at most ${MAX_DIAGNOSES}. Split the claim.`));
  }
  const firstIndexOfCode = new Map<string, number>();
  diagnoses.forEach((diagnosis, index) => {
    const n = index + 1;
    edits.push(...checkQualifier(diagnosis, n), ...checkCodeFormat(diagnosis, n));
    const earlier = firstIndexOfCode.get(diagnosis.code);
    if (earlier !== undefined) {
      edits.push(editFor(DX_DUPLICATE, diagnosisField(n, 2), `Diagnosis ${n} repeats diagnosis ${earlier}.`));
    } else if (!isBlank(diagnosis.code)) {
      firstIndexOfCode.set(diagnosis.code, n);
    }
  });
  edits.push(...checkCodeSetForDates(diagnoses, validServiceDates(claim)));
  return edits;
}

function checkQualifier(diagnosis: Diagnosis, n: number): ClaimEdit[] {
  const field = diagnosisField(n, 1);
  const q = diagnosis.qualifier;
  if (n === 1) {
    return PRINCIPAL_QUALIFIERS.has(q) ? [] : [editFor(DX_PRINCIPAL_QUALIFIER, field,
      `Diagnosis 1 is the principal diagnosis and must use qualifier ABK (ICD-10) or BK (ICD-9), not "${q}".`)];
  }
  return OTHER_QUALIFIERS.has(q) ? [] : [editFor(DX_QUALIFIER, field,
    `Diagnosis ${n} must use qualifier ABF (ICD-10) or BF (ICD-9), not "${q}"; ABK/BK are for the principal diagnosis only.`)];
}

function checkCodeFormat(diagnosis: Diagnosis, n: number): ClaimEdit[] {
  const field = diagnosisField(n, 2);
  const code = diagnosis.code ?? '';
  if (code.trim() === '') return [editFor(DX_FORMAT, field, `Diagnosis ${n} has no code.`)];
  if (code.includes('.')) {
    return [editFor(DX_FORMAT, field, `Diagnosis ${n} contains a decimal point; X12 carries ICD codes without it.`)];
  }
  if (ICD10_QUALIFIERS.has(diagnosis.qualifier) && !ICD10_CODE.test(code)) {
    return [editFor(DX_FORMAT, field,
      `Diagnosis ${n} is not a valid ICD-10-CM code: expected an uppercase letter, a digit, then 1-5 letters or digits (3-7 characters).`)];
  }
  if (ICD9_QUALIFIERS.has(diagnosis.qualifier) && !ICD9_CODE.test(code)) {
    return [editFor(DX_FORMAT, field,
      `Diagnosis ${n} is not a valid ICD-9-CM code: expected 3-5 digits, V and 2-4 digits, or E and 3-4 digits.`)];
  }
  return [];
}

// Each code set is valid only on its side of the ICD-10 date; a claim with services on both
// sides must be split, which these edits make visible.
function checkCodeSetForDates(diagnoses: readonly Diagnosis[], serviceDates: readonly string[]): ClaimEdit[] {
  const anyIcd10Era = serviceDates.some((d) => d >= ICD10_EFFECTIVE_DATE);
  const anyIcd9Era = serviceDates.some((d) => d < ICD10_EFFECTIVE_DATE);
  const edits: ClaimEdit[] = [];
  diagnoses.forEach((diagnosis, index) => {
    const n = index + 1;
    if (anyIcd10Era && ICD9_QUALIFIERS.has(diagnosis.qualifier)) {
      edits.push(editFor(DX_ICD9_AFTER_ICD10_DATE, diagnosisField(n, 1),
        `Diagnosis ${n} is coded in ICD-9 (${diagnosis.qualifier}) but services on or after ${ICD10_EFFECTIVE_DATE} need ICD-10-CM (ABK/ABF).`));
    }
    if (anyIcd9Era && ICD10_QUALIFIERS.has(diagnosis.qualifier)) {
      edits.push(editFor(DX_ICD10_BEFORE_ICD10_DATE, diagnosisField(n, 1),
        `Diagnosis ${n} is coded in ICD-10 (${diagnosis.qualifier}) but services before ${ICD10_EFFECTIVE_DATE} need ICD-9-CM (BK/BF).`));
    }
  });
  return edits;
}
