// What each service line bills (SV101-SV104): a well-formed CPT or HCPCS Level II code, valid
// modifiers, and a positive quantity. Payer-specific modifier rules live in payer-rules.ts.
import type { Claim, ServiceLine } from '../claim.js';
import { editFor, rule, type ClaimEdit, type ScrubContext } from './types.js';

export const PROC_QUALIFIER = rule('PROC_QUALIFIER', 'warning',
  'The procedure qualifier (SV101-1) is HC (CPT/HCPCS); other code sets are not checked by the scrubber.');
export const PROC_FORMAT = rule('PROC_FORMAT', 'error',
  'The procedure is a CPT code (5 digits, or 4 digits + F or T) or a HCPCS Level II code (uppercase letter + 4 digits).');
export const MOD_TOO_MANY = rule('MOD_TOO_MANY', 'error', 'A line has at most 4 modifiers (SV101-3..6).');
export const MOD_FORMAT = rule('MOD_FORMAT', 'error', 'Each modifier is exactly 2 uppercase letters or digits.');
export const UNITS_NOT_POSITIVE = rule('UNITS_NOT_POSITIVE', 'error', 'Service units (SV104) are greater than zero.');
export const UNIT_BASIS = rule('UNIT_BASIS', 'error', 'The unit basis (SV103) is UN (units) or MJ (anesthesia minutes).');

export const PROCEDURE_RULES = [
  PROC_QUALIFIER, PROC_FORMAT, MOD_TOO_MANY, MOD_FORMAT, UNITS_NOT_POSITIVE, UNIT_BASIS,
] as const;

export const MAX_MODIFIERS = 4;

const CPT = /^(?:\d{5}|\d{4}[FT])$/;        // Category I (and 5-digit), II (F), III (T)
const HCPCS_LEVEL_II = /^[A-Z]\d{4}$/;
const MODIFIER = /^[A-Z0-9]{2}$/;

/** X12 position of modifier i (0-based): SV101-3 .. SV101-6. */
export function modifierField(index: number): string {
  return `SV101-${Math.min(index, MAX_MODIFIERS - 1) + 3}`;
}

export function checkProcedures(claim: Claim, _ctx: ScrubContext): ClaimEdit[] {
  return (claim.lines ?? []).flatMap((line) => [
    ...checkProcedureCode(line),
    ...checkModifiers(line),
    ...checkUnits(line),
  ]);
}

function checkProcedureCode(line: ServiceLine): ClaimEdit[] {
  const where = `Line ${line.lineNumber}`;
  if (line.procedureQualifier !== 'HC') {
    return [editFor(PROC_QUALIFIER, 'SV101-1',
      `${where} uses procedure qualifier "${line.procedureQualifier}"; only HC (CPT/HCPCS) codes are checked, so verify this line by hand.`,
      line.lineNumber)];
  }
  const code = line.procedure ?? '';
  if (CPT.test(code) || HCPCS_LEVEL_II.test(code)) return [];
  // The bad value is not repeated: a mis-keyed field could hold anything, including a diagnosis.
  return [editFor(PROC_FORMAT, 'SV101-2',
    `${where} procedure is not a CPT code (5 digits, or 4 digits + F or T) or a HCPCS Level II code (uppercase letter + 4 digits).`,
    line.lineNumber)];
}

function checkModifiers(line: ServiceLine): ClaimEdit[] {
  const modifiers = line.modifiers ?? [];
  const edits: ClaimEdit[] = [];
  if (modifiers.length > MAX_MODIFIERS) {
    edits.push(editFor(MOD_TOO_MANY, 'SV101-6',
      `Line ${line.lineNumber} has ${modifiers.length} modifiers; at most ${MAX_MODIFIERS} fit in SV101-3..6.`,
      line.lineNumber));
  }
  modifiers.forEach((modifier, index) => {
    if (!MODIFIER.test(modifier)) {
      edits.push(editFor(MOD_FORMAT, modifierField(index),
        `Line ${line.lineNumber} modifier ${index + 1} must be exactly 2 uppercase letters or digits.`, line.lineNumber));
    }
  });
  return edits;
}

function checkUnits(line: ServiceLine): ClaimEdit[] {
  const edits: ClaimEdit[] = [];
  if (line.unitBasis !== 'UN' && line.unitBasis !== 'MJ') {
    edits.push(editFor(UNIT_BASIS, 'SV103',
      `Line ${line.lineNumber} unit basis must be UN (units) or MJ (anesthesia minutes).`, line.lineNumber));
  }
  if (!Number.isFinite(line.units) || line.units <= 0) {
    edits.push(editFor(UNITS_NOT_POSITIVE, 'SV104',
      `Line ${line.lineNumber} must bill more than 0 units.`, line.lineNumber));
  }
  return edits;
}
