// Which reader a deposit file needs: a BAI2 report opens with its file header record ("01,"),
// anything else is read as the documented CSV (and refused by it, line by line, if it is not).
import { readBai2 } from './bai2-reader.js';
import { readDepositCsv } from './deposit-csv-reader.js';
import type { BankDeposit } from './bank-deposit.js';

export type DepositFileFormat = 'BAI2' | 'deposits-csv';

export function depositFileFormat(head: Buffer): DepositFileFormat {
  return /^\uFEFF?\s*01,/.test(head.subarray(0, 64).toString('latin1').replace(/^\xEF\xBB\xBF/, '')) ? 'BAI2' : 'deposits-csv';
}

export function readDepositFile(format: DepositFileFormat, text: string): BankDeposit[] {
  return format === 'BAI2' ? readBai2(text) : readDepositCsv(text);
}
