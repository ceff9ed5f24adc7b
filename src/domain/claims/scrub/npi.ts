// The billing provider NPI: payers reject a claim whose NPI is not 10 digits or fails the CMS
// check digit (Luhn over the card-issuer prefix 80840 followed by the first nine digits).
import type { Claim } from '../claim.js';
import { editFor, isBlank, rule, type ClaimEdit, type ScrubContext } from './types.js';

export const NPI_FORMAT = rule('NPI_FORMAT', 'error', 'The billing provider NPI is exactly 10 digits.');
export const NPI_CHECK_DIGIT = rule('NPI_CHECK_DIGIT', 'error',
  'The billing provider NPI passes its check digit (Luhn with the 80840 prefix).');

export const NPI_RULES = [NPI_FORMAT, NPI_CHECK_DIGIT] as const;

const NPI_PREFIX = '80840';

/** The Luhn check digit for `payload` (the digit that would be appended to it). */
function luhnCheckDigit(payload: string): number {
  let sum = 0;
  // Walking right to left, the digit next to the (future) check digit is doubled first.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let digit = payload.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  return luhnCheckDigit(NPI_PREFIX + npi.slice(0, 9)) === Number(npi[9]);
}

export function checkBillingNpi(claim: Claim, _ctx: ScrubContext): ClaimEdit[] {
  const npi = claim.billingProvider?.npi;
  if (isBlank(npi)) return []; // REQ_BILLING_NPI reports it
  // A provider NPI is public registry data, not patient data, so the message may name it.
  if (!/^\d{10}$/.test(npi)) {
    return [editFor(NPI_FORMAT, '2010AA NM109', `The billing provider NPI "${npi}" must be exactly 10 digits.`)];
  }
  if (!isValidNpi(npi)) {
    return [editFor(NPI_CHECK_DIGIT, '2010AA NM109',
      `The billing provider NPI ${npi} fails its check digit; it is probably mistyped.`)];
  }
  return [];
}
