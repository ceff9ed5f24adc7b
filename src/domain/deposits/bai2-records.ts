// BAI2's physical layer: lines become records (code, fields, the line they start on), with 88
// continuation records joined to the record they continue, and the fields of BAI2 amounts and
// funds availability read. The file's structure and totals are checked in ./bai2-reader.ts.
import { DepositFileError } from './bank-deposit.js';

export interface Bai2Record {
  /** '01', '02', '03', '16', '49', '98', '99' (an 88 is folded into the record it continues). */
  code: string;
  /** 1-based line the record starts on. */
  line: number;
  /** Physical records it spans: 1 plus its 88 continuations (the trailers count these). */
  physical: number;
  /** The fields after the record code, continuations included; closing '/'s removed. */
  fields: string[];
}

const RECORD_CODES = new Set(['01', '02', '03', '16', '49', '88', '98', '99']);

/** The file's records in order. Blank lines are skipped (a trailing newline, padding). */
export function bai2Records(text: string): Bai2Record[] {
  const records: Bai2Record[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i].trimEnd();
    const line = i + 1;
    if (raw === '') continue;
    const code = raw.slice(0, 2);
    if (!RECORD_CODES.has(code) || (raw.length > 2 && raw[2] !== ',')) {
      throw new DepositFileError(line, 'record code', 'not a BAI2 record (a line starts with 01, 02, 03, 16, 88, 49, 98 or 99 and a comma)');
    }
    const content = raw.slice(3);
    if (code === '88') {
      const previous = records[records.length - 1];
      if (!previous) throw new DepositFileError(line, 'record code', 'a continuation record (88) continues nothing');
      // A continuation starts a new field of the record it continues.
      previous.fields.push(...splitFields(content));
      previous.physical += 1;
      continue;
    }
    records.push({ code, line, physical: 1, fields: splitFields(content) });
  }
  return records;
}

/**
 * Comma-separated fields. A line's closing '/' ends the record (or its part, before an 88) and is
 * no data; a '/' inside a 16 record's free text stays.
 */
function splitFields(content: string): string[] {
  return (content.endsWith('/') ? content.slice(0, -1) : content).split(',');
}

/**
 * A BAI2 amount: digits with an implied decimal point (cents for USD), optionally signed in
 * summaries and trailers. Integer text, never a float. Blank means "no amount" (undefined).
 */
export function bai2Amount(text: string | undefined, line: number, field: string, options: { signed: boolean }): number | undefined {
  const value = (text ?? '').trim();
  if (value === '') return undefined;
  const pattern = options.signed ? /^[+-]?\d{1,15}$/ : /^\d{1,15}$/;
  if (!pattern.test(value)) {
    throw new DepositFileError(line, field, options.signed ? 'not a whole number of cents' : 'not a whole number of cents without a sign');
  }
  const cents = Number(value.replace(/^\+/, ''));
  if (!Number.isSafeInteger(cents)) throw new DepositFileError(line, field, 'the amount is too large');
  return cents === 0 ? 0 : cents; // no -0
}

/** A whole number field (item counts, record counts). */
export function bai2Count(text: string | undefined, line: number, field: string): number {
  const value = (text ?? '').trim();
  if (!/^\d{1,9}$/.test(value)) throw new DepositFileError(line, field, 'not a whole number');
  return Number(value);
}

/**
 * How many fields follow a funds type before the next field: its availability. 'S' has three
 * amounts (immediate, one day, two or more days), 'V' a value date and time, 'D' a count and then
 * that many day/amount pairs; 'Z', '0', '1', '2' (and a blank) none.
 */
export function fundsTypeExtraFields(fields: string[], at: number, line: number): number {
  const fundsType = (fields[at] ?? '').trim().toUpperCase();
  switch (fundsType) {
    case '': case 'Z': case '0': case '1': case '2':
      return 0;
    case 'S':
      return 3;
    case 'V':
      return 2;
    case 'D':
      return 1 + 2 * bai2Count(fields[at + 1], line, 'distribution count');
    default:
      throw new DepositFileError(line, 'funds type', 'not a BAI2 funds type (Z, 0, 1, 2, S, V or D)');
  }
}
