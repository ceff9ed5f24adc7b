// Claim adjustment reason codes (CARC) in words a patient understands, for the account summary a
// specialist reads on the phone. Written by us, not the official code-list wording. A code not
// listed here falls back to the office's CARC table (config/carc-actions.ts, written for staff) and
// then to what its group means. Data only: nothing here imports from src/.

/** What a group code says about who bears the amount. */
export const CARC_GROUP_WORDS: Readonly<Record<string, string>> = Object.freeze({
  CO: 'The provider agreed with your insurance not to bill you for this amount.',
  PR: 'Your insurance says this part is yours to pay.',
  OA: 'An adjustment your insurance made for another reason.',
  PI: 'A reduction your insurance made on its own terms.',
});

/** Keyed 'GROUP-REASON' (e.g. 'CO-45'), or just the reason (e.g. '45') for any group. */
export const CARC_PLAIN_WORDS: Readonly<Record<string, string>> = Object.freeze({
  'CO-45': 'The charge is more than the price your insurance agreed with the provider; the difference is not billed to you.',
  'CO-42': 'The charge is more than the most your insurance allows; the difference is not billed to you.',
  'CO-59': 'A lower price applies when several procedures are done at the same visit.',
  'CO-253': 'A small reduction the federal government applies to Medicare payments.',
  'CO-97': 'This service is paid as part of another service on the same claim, so it is not paid separately.',
  'CO-16': 'The claim was missing information; the office is correcting it and sending it again.',
  'CO-18': 'Your insurance already received this claim or service once; the copy was not paid.',
  'CO-29': 'The claim reached your insurance after its deadline for claims.',
  'CO-50': 'Your insurance decided the service was not medically necessary.',
  'CO-4': 'A code describing how the service was done was missing or did not fit; the office is reviewing it.',
  'CO-11': 'The diagnosis on the claim did not match the service; the office is reviewing it.',
  'CO-167': 'Your plan does not cover this diagnosis.',
  'CO-22': 'Another insurance may need to pay first.',
  'CO-27': 'The service was after your coverage ended.',
  'CO-26': 'The service was before your coverage began.',
  'CO-96': 'Your plan does not cover this charge.',
  'CO-197': 'The service needed approval from your insurance beforehand.',
  'CO-204': 'Your current plan does not cover this service.',
  'CO-119': 'You have reached the most your plan pays for this kind of service.',
  'PR-1': 'Deductible: the amount you pay each year before your insurance starts paying.',
  'PR-2': 'Coinsurance: your share, a percentage of the allowed amount.',
  'PR-3': 'Copay: the fixed amount your plan asks you to pay for this visit.',
  'OA-23': 'Your other insurance already paid or adjusted part of this claim.',
});
