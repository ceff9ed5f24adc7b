// Service-line bookkeeping: LX numbering, diagnosis pointers (SV107) into the claim's HI list,
// and charges, whose sum must equal the claim total (CLM02) or the payer rejects the claim.
import type { Claim, ServiceLine } from '../claim.js';
import { formatDollars } from '../../money.js';
import { MAX_DIAGNOSES } from './diagnosis-rules.js';
import { editFor, rule, type ClaimEdit, type ScrubContext } from './types.js';

export const LINE_NUMBER_SEQUENCE = rule('LINE_NUMBER_SEQUENCE', 'error',
  'Service lines are numbered 1, 2, 3 ... in order (LX01).');
export const DX_POINTER_MISSING = rule('DX_POINTER_MISSING', 'error', 'Every line points to at least one diagnosis (SV107-1).');
export const DX_POINTER_TOO_MANY = rule('DX_POINTER_TOO_MANY', 'error', 'A line has at most 4 diagnosis pointers (SV107-1..4).');
export const DX_POINTER_RANGE = rule('DX_POINTER_RANGE', 'error',
  "Each diagnosis pointer is a whole number from 1 to the claim's number of diagnoses (at most 12).");
export const DX_POINTER_DUPLICATE = rule('DX_POINTER_DUPLICATE', 'error', 'A line does not point to the same diagnosis twice.');
export const LINE_CHARGE_NOT_POSITIVE = rule('LINE_CHARGE_NOT_POSITIVE', 'error',
  'Each line charge (SV102) is a whole number of cents greater than zero.');
export const CHARGE_TOTAL_MISMATCH = rule('CHARGE_TOTAL_MISMATCH', 'error',
  'The claim total charge (CLM02) equals the sum of the line charges (SV102).');

export const LINE_RULES = [
  LINE_NUMBER_SEQUENCE, DX_POINTER_MISSING, DX_POINTER_TOO_MANY, DX_POINTER_RANGE, DX_POINTER_DUPLICATE,
  LINE_CHARGE_NOT_POSITIVE, CHARGE_TOTAL_MISMATCH,
] as const;

export const MAX_POINTERS_PER_LINE = 4;

export function checkLines(claim: Claim, _ctx: ScrubContext): ClaimEdit[] {
  const lines = claim.lines ?? [];
  const diagnosisCount = Math.min((claim.diagnoses ?? []).length, MAX_DIAGNOSES);
  return [
    ...checkLineNumbers(lines),
    ...lines.flatMap((line) => checkPointers(line, diagnosisCount)),
    ...checkCharges(claim, lines),
  ];
}

// Edits, 999/277CA rejections and 835 line matches all refer to lines by LX01, so numbers
// must be unique; the 837P requires them to run 1..n. Only the first line out of sequence is
// reported: one renumbering fixes the rest, and an edit per following line would be noise.
function checkLineNumbers(lines: readonly ServiceLine[]): ClaimEdit[] {
  const index = lines.findIndex((line, i) => line.lineNumber !== i + 1);
  if (index < 0) return [];
  const line = lines[index];
  return [editFor(LINE_NUMBER_SEQUENCE, 'LX01',
    `Service line ${index + 1} is numbered ${line.lineNumber}; lines must be numbered 1, 2, 3 ... in order (renumber from here on).`,
    line.lineNumber)];
}

function checkPointers(line: ServiceLine, diagnosisCount: number): ClaimEdit[] {
  const where = `Line ${line.lineNumber}`;
  const pointers = line.diagnosisPointers ?? [];
  if (pointers.length === 0) {
    return [editFor(DX_POINTER_MISSING, 'SV107-1', `${where} does not point to any diagnosis.`, line.lineNumber)];
  }
  const edits: ClaimEdit[] = [];
  if (pointers.length > MAX_POINTERS_PER_LINE) {
    edits.push(editFor(DX_POINTER_TOO_MANY, 'SV107',
      `${where} has ${pointers.length} diagnosis pointers; at most ${MAX_POINTERS_PER_LINE} are allowed.`, line.lineNumber));
  }
  const seen = new Set<number>();
  pointers.forEach((pointer, index) => {
    const field = `SV107-${Math.min(index, MAX_POINTERS_PER_LINE - 1) + 1}`;
    if (!Number.isInteger(pointer) || pointer < 1 || pointer > diagnosisCount) {
      edits.push(editFor(DX_POINTER_RANGE, field,
        `${where} diagnosis pointer ${index + 1} is ${pointer}, but the claim has diagnoses 1 to ${diagnosisCount}.`,
        line.lineNumber));
    } else if (seen.has(pointer)) {
      edits.push(editFor(DX_POINTER_DUPLICATE, field,
        `${where} points to diagnosis ${pointer} more than once.`, line.lineNumber));
    }
    seen.add(pointer);
  });
  return edits;
}

function checkCharges(claim: Claim, lines: readonly ServiceLine[]): ClaimEdit[] {
  const edits: ClaimEdit[] = [];
  for (const line of lines) {
    if (!Number.isSafeInteger(line.chargeCents) || line.chargeCents <= 0) {
      edits.push(editFor(LINE_CHARGE_NOT_POSITIVE, 'SV102',
        `Line ${line.lineNumber} charge must be more than 0.00 (whole cents).`, line.lineNumber));
    }
  }
  if (!Number.isSafeInteger(claim.chargeCents)) {
    edits.push(editFor(CHARGE_TOTAL_MISMATCH, 'CLM02', 'The claim total charge is not a whole number of cents.'));
    return edits;
  }
  // A bad line amount already explains a mismatch, and with no lines REQ_LINE speaks.
  if (lines.length === 0 || edits.length > 0) return edits;
  const lineTotal = lines.reduce((sum, line) => sum + line.chargeCents, 0);
  if (lineTotal !== claim.chargeCents) {
    edits.push(editFor(CHARGE_TOTAL_MISMATCH, 'CLM02',
      `The claim total charge ${formatDollars(claim.chargeCents)} does not equal the sum of the line charges ${formatDollars(lineTotal)}.`));
  }
  return edits;
}
