// Dates of service (DTP*472): real calendar dates, not in the future, and a range that does
// not end before it starts. Other rules (code-set era, timely filing) read the valid ones here.
import type { Claim } from '../claim.js';
import { isCalendarDate, requireEpochDay, toEpochDay } from '../../calendar-date.js';
import { editFor, isBlank, rule, type ClaimEdit, type ScrubContext } from './types.js';

export const DATE_MISSING = rule('DATE_MISSING', 'error', 'Every service line has a date of service (2400 DTP*472).');
export const DATE_INVALID = rule('DATE_INVALID', 'error', 'Dates of service are real calendar dates (YYYY-MM-DD).');
export const DATE_FUTURE = rule('DATE_FUTURE', 'error', 'Dates of service are not after today.');
export const DATE_RANGE = rule('DATE_RANGE', 'error', "A line's service end date is not before its start date.");

export const SERVICE_DATE_RULES = [DATE_MISSING, DATE_INVALID, DATE_FUTURE, DATE_RANGE] as const;

/** Valid line start dates; the claim-level date stands in when no line has one. */
export function validServiceDates(claim: Claim): string[] {
  const lineDates = (claim.lines ?? []).map((line) => line.serviceDate).filter((d) => isCalendarDate(d));
  if (lineDates.length > 0) return lineDates;
  return isCalendarDate(claim.serviceDate) ? [claim.serviceDate] : [];
}

// Messages deliberately do not repeat the service dates themselves: the specialist has the
// claim open, and a date of service tied to a person is patient data.
export function checkServiceDates(claim: Claim, ctx: ScrubContext): ClaimEdit[] {
  const today = requireEpochDay(ctx.today, 'ScrubContext.today');
  const edits: ClaimEdit[] = [];

  if (claim.serviceDate !== undefined && claim.serviceDate !== '') {
    edits.push(...checkOneDate(claim.serviceDate, today, '2300 DTP03', 'The claim date of service'));
  }
  for (const line of claim.lines ?? []) {
    const where = `Line ${line.lineNumber}`;
    if (isBlank(line.serviceDate)) {
      edits.push(editFor(DATE_MISSING, '2400 DTP03', `${where} has no date of service.`, line.lineNumber));
      continue;
    }
    edits.push(...checkOneDate(line.serviceDate, today, '2400 DTP03', `${where} date of service`, line.lineNumber));
    if (isBlank(line.serviceDateEnd)) continue;
    const endEdits = checkOneDate(line.serviceDateEnd!, today, '2400 DTP03', `${where} service end date`, line.lineNumber);
    edits.push(...endEdits);
    const start = toEpochDay(line.serviceDate);
    const end = toEpochDay(line.serviceDateEnd);
    if (endEdits.length === 0 && start !== undefined && end !== undefined && end < start) {
      edits.push(editFor(DATE_RANGE, '2400 DTP03',
        `${where} service end date is before its start date.`, line.lineNumber));
    }
  }
  return edits;
}

function checkOneDate(iso: string, today: number, field: string, what: string, line?: number): ClaimEdit[] {
  const day = toEpochDay(iso);
  if (day === undefined) {
    return [editFor(DATE_INVALID, field, `${what} is not a valid calendar date (expected YYYY-MM-DD).`, line)];
  }
  if (day > today) {
    return [editFor(DATE_FUTURE, field, `${what} is in the future; services are billed after they happen.`, line)];
  }
  return [];
}
