// The BAI2 reader on an invented bank report (test/fixtures/deposits/sample.bai2): credits become
// deposits with their trace, debits are skipped, and a broken file is refused naming its line.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { readBai2 } from '../../../src/domain/deposits/bai2-reader.js';
import { DepositFileError } from '../../../src/domain/deposits/bank-deposit.js';

const sample = readFileSync(new URL('../../fixtures/deposits/sample.bai2', import.meta.url), 'latin1');
const lines = sample.trimEnd().split('\n');

/** The sample with line `n` (1-based) replaced. */
function withLine(n: number, text: string): string {
  return lines.map((l, i) => (i === n - 1 ? text : l)).join('\n');
}

function refusal(text: string): DepositFileError {
  try {
    readBai2(text);
  } catch (error) {
    expect(error).to.be.instanceOf(DepositFileError);
    return error as DepositFileError;
  }
  expect.fail('the file was read');
}

describe('BAI2 reader', () => {
  it('reads every credit of every account, dated the group as-of date, with its trace', () => {
    const deposits = readBai2(sample);
    expect(deposits).to.deep.equal([
      { line: 4, depositDate: '2026-12-03', amountCents: 125050, traceNumber: 'EFT20261203A', bankReference: 'BR0001', customerReference: '1512345678', bankAccount: '****6789', typeCode: '165' },
      { line: 5, depositDate: '2026-12-03', amountCents: 98765, traceNumber: 'EFT20261203B', bankReference: 'BR0002', customerReference: null, bankAccount: '****6789', typeCode: '169' },
      { line: 8, depositDate: '2026-12-03', amountCents: 40000, traceNumber: 'LOCKBOX77', bankReference: 'BR0004', customerReference: 'LOCKBOX77', bankAccount: '****6789', typeCode: '175' },
      { line: 11, depositDate: '2026-12-03', amountCents: 300000, traceNumber: 'EFT20261203C', bankReference: 'BR0005', customerReference: 'EFT20261203C', bankAccount: '****4321', typeCode: '195' },
    ]);
  });

  it('reads amounts as whole cents without a float (0.29, 0.07)', () => {
    const text = withLine(4, '16,165,29,Z,BR0001,1512345678,/')
      .replace('49,766315,7/', '49,641294,7/').replace('98,1066315,2,12/', '98,941294,2,12/').replace('99,1066315,1,14/', '99,941294,1,14/');
    expect(readBai2(text)[0].amountCents).to.equal(29);
  });

  it('accepts CRLF line ends and a file without the final newline', () => {
    expect(readBai2(lines.join('\r\n'))).to.have.length(4);
  });

  it('refuses a control total that does not add up, naming the trailer line and field', () => {
    const error = refusal(withLine(9, '49,766316,7/'));
    expect(error.message).to.equal('line 9, field account control total, the trailer says 766316 cents, the records add up to 766315');
    expect(refusal(withLine(13, '98,1066314,2,12/')).message).to.match(/^line 13, field group control total/);
    expect(refusal(withLine(14, '99,1,1,14/')).message).to.match(/^line 14, field file control total/);
  });

  it('refuses a record count that is wrong (continuations count)', () => {
    expect(refusal(withLine(9, '49,766315,6/')).message).to.equal('line 9, field number of records, the trailer says 6, the file has 7');
    expect(refusal(withLine(14, '99,1066315,1,13/')).message).to.match(/^line 14, field number of records/);
    expect(refusal(withLine(13, '98,1066315,3,12/')).message).to.match(/^line 13, field number of accounts/);
  });

  it('names the line and field of a malformed detail', () => {
    expect(refusal(withLine(4, '16,165,1250.50,Z,BR0001,1512345678,/')).message).to.equal('line 4, field amount, not a whole number of cents without a sign');
    expect(refusal(withLine(4, '16,16X,125050,Z,BR0001,/')).message).to.match(/^line 4, field type code/);
    expect(refusal(withLine(4, '16,165,,Z,BR0001,/')).message).to.equal('line 4, field amount, missing');
    expect(refusal(withLine(4, '16,165,125050,Q,BR0001,/')).message).to.match(/^line 4, field funds type/);
    expect(refusal(withLine(2, '02,OFFICE01,BANKID,1,261332,2400,USD,2/')).message).to.match(/^line 2, field as-of date/);
    expect(refusal(withLine(2, '02,OFFICE01,BANKID,1,261203,2400,EUR,2/')).message).to.match(/^line 2, field currency code/);
    expect(refusal(withLine(7, 'XX,475,2500/')).message).to.match(/^line 7, field record code/);
  });

  it('refuses a file whose nesting is broken', () => {
    expect(refusal(lines.slice(0, -1).join('\n')).message).to.match(/without a file trailer \(99\)/);
    expect(refusal(lines.slice(1).join('\n')).message).to.match(/^line 1, field record code, a BAI2 file starts with a file header/);
    expect(refusal(withLine(9, '16,169,1,Z,/')).message).to.match(/^line 10, field record code, an account \(03\) before the account of line 3/);
    expect(refusal(`${lines.join('\n')}\n16,169,1,Z,/`).message).to.match(/^line 15, field record code, records after the file trailer/);
    expect(refusal('').message).to.equal('the file is empty');
  });

  it('skips the availability fields of every funds type, in details and in account summaries', () => {
    const report = [
      '01,BANK,OFFICE,261203,0600,1,,,2/',
      '02,OFFICE,BANK,1,261203,2400,,2/',
      // Summary: opening ledger with an S distribution (not in the totals), closing ledger with D (2 pairs).
      '03,55554444,,010,+1000,,S,500,300,200,015,-200,,D,2,0,100,1,100/',
      '16,165,700,D,2,0,300,1,400,BR1,T-D,/',
      '16,169,800,V,261204,0900,BR2,T-V,/',
      '49,2300,4/',
      '98,2300,1,6/',
      '99,2300,1,8/',
    ].join('\n');
    expect(readBai2(report).map((d) => [d.amountCents, d.bankReference, d.traceNumber, d.bankAccount])).to.deep.equal([
      [700, 'BR1', 'T-D', '****4444'], [800, 'BR2', 'T-V', '****4444'],
    ]);
  });

  it('never quotes a field of the file in its message (account numbers, references)', () => {
    const error = refusal(withLine(3, '03,123456789,USD,010,12x34,,,/'));
    expect(error.message).to.equal('line 3, field summary amount, not a whole number of cents');
    expect(error.message).not.to.contain('123456789');
  });
});
