// A credit the bank reports on the office's account, as the deposit readers (BAI2, CSV) hand it
// over: a day, an amount in cents, the references the payer's EFT carried, and the account it
// reached, masked. What the readers share, and the error they raise for a bad line.
import { InputError } from '../input-error.js';

export interface BankDeposit {
  /** 1-based line of the file the deposit was read from (the 16 record, the CSV row). */
  line: number;
  /** 'YYYY-MM-DD': the day the bank credited the account. */
  depositDate: string;
  /** Positive: only credits are deposits. */
  amountCents: number;
  /** The EFT trace number to match an 835's TRN02 by (see docs/deposits.md), or null when the bank gave none. */
  traceNumber: string | null;
  /** The bank's own reference for the credit (BAI2 16 record field 5), when given. */
  bankReference: string | null;
  /** The originator's reference (BAI2 16 record field 6, CSV "reference"), when given. */
  customerReference: string | null;
  /** The account credited, masked to its last four characters ("****6789"): never stored whole. */
  bankAccount: string;
  /** BAI2 transaction type code (165, 169, 175, 195, 399 ...); null for CSV. */
  typeCode: string | null;
}

/**
 * A deposit file that cannot be read. The message names the line (and field) and never quotes a
 * value: a misread field may be an account number.
 */
export class DepositFileError extends InputError {
  override name = 'DepositFileError';
  constructor(readonly line: number | undefined, readonly field: string | undefined, readonly detail: string) {
    super([line !== undefined ? `line ${line}` : undefined, field ? `field ${field}` : undefined, detail].filter(Boolean).join(', '));
  }
}

/** "****6789": the last four characters of an account number, the rest hidden. */
export function maskBankAccount(account: string): string {
  const compact = account.replace(/[\s-]/g, '');
  return `****${compact.slice(-4)}`;
}

/** The longest reference we keep (the deposit table's columns); a longer one is refused, not cut. */
export const REFERENCE_MAX = 80;
