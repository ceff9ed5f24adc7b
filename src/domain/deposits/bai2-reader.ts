// Reads a BAI2 cash-management report (the subset docs/deposits.md describes) into the credits
// the bank reports: every transaction detail (16) with a credit type code (100-399) becomes a
// deposit dated the group's as-of date. The nesting (01 > 02 > 03 > 16 > 49 > 98 > 99) and
// every trailer's control total and record count are checked; one mistake refuses the file.
import { isCalendarDate } from '../calendar-date.js';
import { bai2Amount, bai2Count, bai2Records, fundsTypeExtraFields } from './bai2-records.js';
import { traceFromBai2 } from './bai2-trace.js';
import { DepositFileError, maskBankAccount, REFERENCE_MAX, type BankDeposit } from './bank-deposit.js';

/** Only US dollars are read: BAI2 amounts carry the currency's implied decimals. */
const CURRENCIES = new Set(['', 'USD']);

interface OpenGroup { line: number; asOfDate: string; currency: string; total: number; accounts: number; records: number }
interface OpenAccount { line: number; masked: string; total: number; records: number }

export function readBai2(text: string): BankDeposit[] {
  const records = bai2Records(text);
  if (records.length === 0) throw new DepositFileError(undefined, undefined, 'the file is empty');
  if (records[0].code !== '01') throw new DepositFileError(records[0].line, 'record code', 'a BAI2 file starts with a file header (01)');
  const deposits: BankDeposit[] = [];
  let group: OpenGroup | undefined;
  let account: OpenAccount | undefined;
  let fileTotal = 0;
  let groups = 0;
  let fileRecords = 0;
  let closed = false;

  for (const record of records) {
    const { code, line, fields } = record;
    if (closed) throw new DepositFileError(line, 'record code', 'records after the file trailer (99)');
    fileRecords += record.physical;
    if (group) group.records += record.physical;
    if (account) account.records += record.physical;
    switch (code) {
      case '01':
        if (line !== records[0].line) throw new DepositFileError(line, 'record code', 'a second file header (01)');
        break;
      case '02': {
        if (group) throw new DepositFileError(line, 'record code', `a group header (02) before the group of line ${group.line} was closed (98)`);
        const currency = (fields[5] ?? '').trim().toUpperCase();
        if (!CURRENCIES.has(currency)) throw new DepositFileError(line, 'currency code', 'only US dollars (USD) are read');
        group = { line, asOfDate: bai2Date(fields[3], line, 'as-of date'), currency, total: 0, accounts: 0, records: record.physical };
        break;
      }
      case '03': {
        if (!group) throw new DepositFileError(line, 'record code', 'an account (03) outside a group (02)');
        if (account) throw new DepositFileError(line, 'record code', `an account (03) before the account of line ${account.line} was closed (49)`);
        const number = (fields[0] ?? '').trim();
        if (number === '') throw new DepositFileError(line, 'account number', 'missing');
        const currency = (fields[1] ?? '').trim().toUpperCase();
        if (!CURRENCIES.has(currency)) throw new DepositFileError(line, 'currency code', 'only US dollars (USD) are read');
        account = { line, masked: maskBankAccount(number), total: accountSummaryTotal(fields, line), records: record.physical };
        group.accounts += 1;
        break;
      }
      case '16': {
        if (!account || !group) throw new DepositFileError(line, 'record code', 'a transaction detail (16) outside an account (03)');
        const detail = readDetail(fields, line);
        account.total += detail.amountCents;
        if (detail.credit && detail.amountCents > 0) {
          deposits.push({
            line, depositDate: group.asOfDate, amountCents: detail.amountCents,
            traceNumber: traceFromBai2(detail.text, detail.customerReference),
            bankReference: detail.bankReference, customerReference: detail.customerReference,
            bankAccount: account.masked, typeCode: detail.typeCode,
          });
        }
        break;
      }
      case '49': {
        if (!account || !group) throw new DepositFileError(line, 'record code', 'an account trailer (49) without an account (03)');
        checkTotal(line, 'account control total', bai2Amount(fields[0], line, 'account control total', { signed: true }) ?? 0, account.total);
        checkCount(line, 'number of records', bai2Count(fields[1], line, 'number of records'), account.records);
        group.total += account.total;
        account = undefined;
        break;
      }
      case '98': {
        if (!group) throw new DepositFileError(line, 'record code', 'a group trailer (98) without a group (02)');
        if (account) throw new DepositFileError(line, 'record code', `the account of line ${account.line} was not closed (49)`);
        checkTotal(line, 'group control total', bai2Amount(fields[0], line, 'group control total', { signed: true }) ?? 0, group.total);
        checkCount(line, 'number of accounts', bai2Count(fields[1], line, 'number of accounts'), group.accounts);
        checkCount(line, 'number of records', bai2Count(fields[2], line, 'number of records'), group.records);
        fileTotal += group.total;
        groups += 1;
        group = undefined;
        break;
      }
      case '99': {
        if (group) throw new DepositFileError(line, 'record code', `the group of line ${group.line} was not closed (98)`);
        checkTotal(line, 'file control total', bai2Amount(fields[0], line, 'file control total', { signed: true }) ?? 0, fileTotal);
        checkCount(line, 'number of groups', bai2Count(fields[1], line, 'number of groups'), groups);
        checkCount(line, 'number of records', bai2Count(fields[2], line, 'number of records'), fileRecords);
        closed = true;
        break;
      }
    }
  }
  if (!closed) throw new DepositFileError(records[records.length - 1].line, undefined, 'the file ends without a file trailer (99)');
  return deposits;
}

interface Detail {
  typeCode: string;
  credit: boolean;
  amountCents: number;
  bankReference: string | null;
  customerReference: string | null;
  text: string | null;
}

/** 16: type code, amount, funds type (and its availability), bank reference, customer reference, text. */
function readDetail(fields: string[], line: number): Detail {
  const typeCode = (fields[0] ?? '').trim();
  if (!/^\d{3}$/.test(typeCode)) throw new DepositFileError(line, 'type code', 'not a three-digit BAI2 type code');
  const amountCents = bai2Amount(fields[1], line, 'amount', { signed: false });
  if (amountCents === undefined) throw new DepositFileError(line, 'amount', 'missing');
  const afterFunds = 3 + fundsTypeExtraFields(fields, 2, line);
  const bankReference = reference(fields[afterFunds], line, 'bank reference');
  const customerReference = reference(fields[afterFunds + 1], line, 'customer reference');
  const text = fields.slice(afterFunds + 2).join(',').trim();
  const type = Number(typeCode);
  return { typeCode, credit: type >= 100 && type <= 399, amountCents, bankReference, customerReference, text: text || null };
}

/** 03 after the account number and currency: repeated type code, amount, item count, funds type (+ availability). */
function accountSummaryTotal(fields: string[], line: number): number {
  let total = 0;
  for (let at = 2; at < fields.length;) {
    if (fields.slice(at).every((f) => f.trim() === '')) break;
    total += bai2Amount(fields[at + 1], line, 'summary amount', { signed: true }) ?? 0;
    at += 4 + fundsTypeExtraFields(fields, at + 3, line);
  }
  return total;
}

function reference(text: string | undefined, line: number, field: string): string | null {
  const value = (text ?? '').trim();
  if (value.length > REFERENCE_MAX) throw new DepositFileError(line, field, `longer than ${REFERENCE_MAX} characters`);
  return value || null;
}

/** YYMMDD, read as 20YY (bank reports of this century). */
function bai2Date(text: string | undefined, line: number, field: string): string {
  const value = (text ?? '').trim();
  const iso = /^\d{6}$/.test(value) ? `20${value.slice(0, 2)}-${value.slice(2, 4)}-${value.slice(4, 6)}` : '';
  if (!isCalendarDate(iso)) throw new DepositFileError(line, field, 'not a date in YYMMDD form');
  return iso;
}

function checkTotal(line: number, field: string, stated: number, counted: number): void {
  if (stated !== counted) throw new DepositFileError(line, field, `the trailer says ${stated} cents, the records add up to ${counted}`);
}

function checkCount(line: number, field: string, stated: number, counted: number): void {
  if (stated !== counted) throw new DepositFileError(line, field, `the trailer says ${stated}, the file has ${counted}`);
}

