// The deposit CSV reader: columns by header name, dollars to cents as text, and a bad row refused
// by its line number and column.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { readDepositCsv } from '../../../src/domain/deposits/deposit-csv-reader.js';
import { DepositFileError } from '../../../src/domain/deposits/bank-deposit.js';
import { depositFileFormat } from '../../../src/domain/deposits/deposit-file-kind.js';

const sample = readFileSync(new URL('../../fixtures/deposits/sample.csv', import.meta.url), 'latin1');

function refusal(text: string): string {
  try {
    readDepositCsv(text);
  } catch (error) {
    expect(error).to.be.instanceOf(DepositFileError);
    return (error as Error).message;
  }
  return expect.fail('the file was read');
}

describe('deposit CSV reader', () => {
  it('reads each row into a deposit, amounts in cents, the account masked, blank lines skipped', () => {
    expect(readDepositCsv(sample)).to.deep.equal([
      { line: 2, depositDate: '2026-12-03', amountCents: 125050, traceNumber: 'EFT20261203A', bankReference: null, customerReference: 'EFT20261203A', bankAccount: '****6789', typeCode: null },
      { line: 3, depositDate: '2026-12-03', amountCents: 98765, traceNumber: 'EFT,20261203B', bankReference: null, customerReference: 'EFT,20261203B', bankAccount: '****6789', typeCode: null },
      { line: 5, depositDate: '2026-12-04', amountCents: 7, traceNumber: null, bankReference: null, customerReference: null, bankAccount: '****4321', typeCode: null },
    ]);
  });

  it('takes the columns in any order, "reference" for trace, and converts without floats', () => {
    const text = 'Bank Account,Reference,Amount,Date\r\n000111222333,T-1,0.29,2026-01-31\r\n000111222333,T-2,1099.99,2026-02-01\r\n';
    expect(readDepositCsv(text).map((d) => [d.amountCents, d.traceNumber, d.bankAccount])).to.deep.equal([[29, 'T-1', '****2333'], [109999, 'T-2', '****2333']]);
  });

  it('names the line and column of a bad row', () => {
    const header = 'date,amount,trace,bank_account\n';
    expect(refusal(`${header}2026-12-03,1250.5,T,1\n`)).to.equal('line 2, field amount, not a positive amount in dollars with two decimals (1234.50)');
    expect(refusal(`${header}2026-12-03,1250.50,T,1\n2026-12-03,-5.00,T,1\n`)).to.match(/^line 3, field amount/);
    expect(refusal(`${header}2026-12-03,$5.00,T,1\n`)).to.match(/^line 2, field amount/);
    expect(refusal(`${header}2026-12-03,0.00,T,1\n`)).to.equal('line 2, field amount, a deposit of zero');
    expect(refusal(`${header}\n\n12/03/2026,5.00,T,1\n`)).to.equal('line 4, field date, not a date in YYYY-MM-DD form');
    expect(refusal(`${header}2026-02-30,5.00,T,1\n`)).to.match(/^line 2, field date/);
    expect(refusal(`${header}2026-12-03,5.00,T,\n`)).to.equal('line 2, field bank_account, missing');
    expect(refusal(`${header}2026-12-03,5.00,"T,1\n`)).to.equal('line 2, a quoted field is not closed');
  });

  it('refuses a header that lacks a column, and an empty file', () => {
    expect(refusal('date,amount,bank_account\n2026-12-03,5.00,1\n')).to.equal('line 1, field header, the header row names no column trace (columns: date, amount, trace, bank_account)');
    expect(refusal('\n\n')).to.equal('the file is empty');
  });

  it('tells a BAI2 report from a CSV by its first record', () => {
    expect(depositFileFormat(Buffer.from('01,BANK,OFFICE,261203,0600,1,,,2/\n'))).to.equal('BAI2');
    expect(depositFileFormat(Buffer.from('\uFEFF01,BANK,OFFICE/\n'))).to.equal('BAI2');
    expect(depositFileFormat(Buffer.from(sample))).to.equal('deposits-csv');
  });
});
