// Elements a payer rejects a claim without, and the frequency rule for corrected and voided
// claims (a 7 or 8 must name the payer's original claim). Checked first: later rules assume them.
import type { Claim } from '../claim.js';
import { isCalendarDate } from '../../calendar-date.js';
import { editFor, isBlank, rule, type ClaimEdit, type ScrubContext } from './types.js';

export const REQ_CONTROL_NUMBER = rule('REQ_CONTROL_NUMBER', 'error', 'The claim has a patient control number (CLM01).');
export const REQ_MEMBER_ID = rule('REQ_MEMBER_ID', 'error', 'The subscriber has a member id (2010BA NM109).');
export const REQ_BIRTH_DATE = rule('REQ_BIRTH_DATE', 'error',
  "The patient's birth date is present (2010CA DMG02 when a patient loop exists, else the subscriber's 2010BA DMG02).");
export const BIRTH_DATE_INVALID = rule('BIRTH_DATE_INVALID', 'error',
  'The birth date is a real calendar date and not after today.');
export const REQ_PAYER_ID = rule('REQ_PAYER_ID', 'error', 'The payer id is present (2010BB NM109).');
export const REQ_BILLING_NPI = rule('REQ_BILLING_NPI', 'error', 'The billing provider NPI is present (2010AA NM109).');
export const REQ_LINE = rule('REQ_LINE', 'error', 'The claim has at least one service line (LX).');
export const FREQ_INVALID = rule('FREQ_INVALID', 'error', 'The claim frequency (CLM05-3) is 1, 7 or 8.');
export const FREQ_PAYER_CLAIM_NUMBER = rule('FREQ_PAYER_CLAIM_NUMBER', 'error',
  'A replacement (7) or void (8) claim carries the payer claim number of the original (2300 REF*F8).');

export const REQUIRED_FIELD_RULES = [
  REQ_CONTROL_NUMBER, REQ_MEMBER_ID, REQ_BIRTH_DATE, BIRTH_DATE_INVALID, REQ_PAYER_ID,
  REQ_BILLING_NPI, REQ_LINE, FREQ_INVALID, FREQ_PAYER_CLAIM_NUMBER,
] as const;

export function checkRequiredFields(claim: Claim, ctx: ScrubContext): ClaimEdit[] {
  const edits: ClaimEdit[] = [];
  if (isBlank(claim.controlNumber)) {
    edits.push(editFor(REQ_CONTROL_NUMBER, 'CLM01', 'The patient control number (CLM01) is missing.'));
  }
  if (isBlank(claim.subscriber?.memberId)) {
    edits.push(editFor(REQ_MEMBER_ID, '2010BA NM109', 'The subscriber member id is missing.'));
  }
  edits.push(...checkBirthDate(claim, ctx));
  if (isBlank(claim.payer?.payerId)) {
    edits.push(editFor(REQ_PAYER_ID, '2010BB NM109', 'The payer id is missing.'));
  }
  if (isBlank(claim.billingProvider?.npi)) {
    edits.push(editFor(REQ_BILLING_NPI, '2010AA NM109', 'The billing provider NPI is missing.'));
  }
  if (!claim.lines || claim.lines.length === 0) {
    edits.push(editFor(REQ_LINE, 'LX', 'The claim has no service lines; at least one is required.'));
  }
  edits.push(...checkFrequency(claim));
  return edits;
}

// The birth date belongs to whoever received the service: the patient loop (2000C) exists only
// when the patient is not the subscriber. The value itself never appears in a message.
function checkBirthDate(claim: Claim, ctx: ScrubContext): ClaimEdit[] {
  const [whose, field, birthDate] = claim.patient
    ? ['patient', '2010CA DMG02', claim.patient.birthDate] as const
    : ['subscriber', '2010BA DMG02', claim.subscriber?.birthDate] as const;
  if (isBlank(birthDate)) {
    return [editFor(REQ_BIRTH_DATE, field, `The ${whose} birth date is missing.`)];
  }
  if (!isCalendarDate(birthDate)) {
    return [editFor(BIRTH_DATE_INVALID, field, `The ${whose} birth date is not a valid calendar date (YYYY-MM-DD).`)];
  }
  if (birthDate! > ctx.today) { // ISO dates compare correctly as strings
    return [editFor(BIRTH_DATE_INVALID, field, `The ${whose} birth date is in the future.`)];
  }
  return [];
}

function checkFrequency(claim: Claim): ClaimEdit[] {
  // The type says '1' | '7' | '8', but JSON imports arrive unchecked at run time.
  if (!['1', '7', '8'].includes(claim.frequency)) {
    return [editFor(FREQ_INVALID, 'CLM05-3',
      `Claim frequency "${claim.frequency}" is not supported; use 1 (original), 7 (replacement) or 8 (void).`)];
  }
  if (claim.frequency !== '1' && isBlank(claim.payerClaimNumber)) {
    const kind = claim.frequency === '7' ? 'replacement (frequency 7)' : 'void (frequency 8)';
    return [editFor(FREQ_PAYER_CLAIM_NUMBER, '2300 REF02',
      `A ${kind} claim must carry the payer claim number of the original claim (REF*F8).`)];
  }
  return [];
}
