// Reads the documented deposit CSV (docs/deposits.md): a header row naming the columns date,
// amount, trace (or reference) and bank_account, then one credit per row. Amounts are dollars
// with exactly two decimals, read into cents as text; one bad row refuses the file.
import { isCalendarDate } from '../calendar-date.js';
import { parseCents } from '../money.js';
import { DepositFileError, maskBankAccount, REFERENCE_MAX, type BankDeposit } from './bank-deposit.js';

const COLUMNS = ['date', 'amount', 'trace', 'bank_account'] as const;
type Column = (typeof COLUMNS)[number];
const ALIASES: Record<string, Column> = { reference: 'trace', account: 'bank_account' };
const DOLLARS = /^\d{1,13}\.\d{2}$/;

export function readDepositCsv(text: string): BankDeposit[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new DepositFileError(undefined, undefined, 'the file is empty');
  const position = headerPositions(csvFields(lines[headerAt], headerAt + 1), headerAt + 1);
  const deposits: BankDeposit[] = [];
  for (let i = headerAt + 1; i < lines.length; i += 1) {
    if (lines[i].trim() === '') continue;
    const line = i + 1;
    const fields = csvFields(lines[i], line);
    const value = (column: Column) => (fields[position[column]] ?? '').trim();
    const depositDate = value('date');
    if (!isCalendarDate(depositDate)) throw new DepositFileError(line, 'date', 'not a date in YYYY-MM-DD form');
    const amount = value('amount');
    if (!DOLLARS.test(amount)) throw new DepositFileError(line, 'amount', 'not a positive amount in dollars with two decimals (1234.50)');
    const amountCents = parseCents(amount);
    if (amountCents === 0) throw new DepositFileError(line, 'amount', 'a deposit of zero');
    const trace = value('trace');
    if (trace.length > REFERENCE_MAX) throw new DepositFileError(line, 'trace', `longer than ${REFERENCE_MAX} characters`);
    const account = value('bank_account');
    if (account === '') throw new DepositFileError(line, 'bank_account', 'missing');
    deposits.push({
      line, depositDate, amountCents, traceNumber: trace || null, bankReference: null, customerReference: trace || null,
      bankAccount: maskBankAccount(account), typeCode: null,
    });
  }
  return deposits;
}

function headerPositions(names: string[], line: number): Record<Column, number> {
  const positions: Partial<Record<Column, number>> = {};
  names.forEach((name, at) => {
    const key = name.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const column = (COLUMNS as readonly string[]).includes(key) ? (key as Column) : ALIASES[key];
    if (column && positions[column] === undefined) positions[column] = at;
  });
  const missing = COLUMNS.filter((c) => positions[c] === undefined);
  if (missing.length) throw new DepositFileError(line, 'header', `the header row names no column ${missing.join(', ')} (columns: ${COLUMNS.join(', ')})`);
  return positions as Record<Column, number>;
}

/** One CSV row's fields: commas separate, a field in double quotes may hold commas and "" for a quote. */
export function csvFields(row: string, line: number): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < row.length; i += 1) {
    const c = row[i];
    if (quoted) {
      if (c === '"' && row[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') { quoted = true; field = ''; }
    else if (c === ',') { fields.push(field); field = ''; }
    else field += c;
  }
  if (quoted) throw new DepositFileError(line, undefined, 'a quoted field is not closed');
  fields.push(field);
  return fields;
}
