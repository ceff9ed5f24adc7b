import { expect } from 'chai';
import { EnvelopeChecker } from '../../../src/domain/x12/envelope.js';
import { splitSegments } from '../../../src/domain/x12/segments.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { envelope, positionOf } from './x12-text.js';
import { x12Failure } from './x12-text.js';

const BODY = [['BHT*0019*00*1*20240102*0930*CH', 'HL*1**20*1'], ['BHT*0019*00*2*20240102*0930*CH']];

function check(text: string): EnvelopeChecker {
  const checker = new EnvelopeChecker(['837P'], 'env.837');
  for (const seg of splitSegments(text)) checker.push(seg);
  checker.end();
  return checker;
}

function failure(text: string): X12Error {
  const error = x12Failure(() => check(text));
  expect(error.file).to.equal('env.837');
  return error;
}

describe('x12 envelope checker', () => {
  it('accepts matching envelopes and counts interchanges and transaction sets', () => {
    const twice = envelope(BODY) + envelope(BODY);
    const checker = check(twice);
    expect(checker.interchanges).to.equal(2);
    expect(checker.transactions).to.equal(4);
  });

  it('rejects a wrong SE01 segment count, naming the ST control number and position', () => {
    const text = envelope(BODY).replace('SE*4*0001', 'SE*5*0001');
    const error = failure(text);
    expect(error).to.include({ rule: 'se-count', segment: 'SE', element: 'SE01', controlNumber: '0001', position: positionOf(text, 'SE*5') });
    expect(error.message).to.contain('SE01 says 5 segments').and.contain('has 4');
  });

  it('rejects an SE02 that differs from ST02', () => {
    const error = failure(envelope(BODY).replace('SE*4*0001', 'SE*4*0009'));
    expect(error).to.include({ rule: 'se-control', element: 'SE02', controlNumber: '0001' });
  });

  it('rejects a wrong GE01 count and a GE02 that differs from GS06', () => {
    expect(failure(envelope(BODY).replace('GE*2*7', 'GE*3*7'))).to.include({ rule: 'ge-count', element: 'GE01', controlNumber: '7' });
    expect(failure(envelope(BODY).replace('GE*2*7', 'GE*2*8'))).to.include({ rule: 'ge-control', element: 'GE02' });
  });

  it('rejects a wrong IEA01 count and an IEA02 that differs from ISA13', () => {
    expect(failure(envelope(BODY).replace('IEA*1*', 'IEA*2*'))).to.include({ rule: 'iea-count', element: 'IEA01', controlNumber: '000000101' });
    expect(failure(envelope(BODY).replace('IEA*1*000000101', 'IEA*1*000000102'))).to.include({ rule: 'iea-control', element: 'IEA02' });
  });

  it('accepts trailer control numbers that only drop leading zeros', () => {
    const checker = check(envelope(BODY).replace('IEA*1*000000101', 'IEA*1*101').replace('GE*2*7', 'GE*2*0007'));
    expect([checker.interchanges, checker.transactions]).to.deep.equal([1, 2]);
  });

  it('rejects a file truncated inside a transaction set, group or interchange', () => {
    const text = envelope(BODY);
    const cutInSt = text.slice(0, text.indexOf('SE*4*0001'));
    expect(failure(cutInSt)).to.include({ rule: 'truncated', segment: 'SE', controlNumber: '0001', position: positionOf(text, 'HL*1') });
    expect(failure(text.slice(0, text.indexOf('GE*')))).to.include({ rule: 'truncated', segment: 'GE', controlNumber: '7', position: positionOf(text, 'SE*3') });
    expect(failure(text.slice(0, text.indexOf('IEA*')))).to.include({ rule: 'truncated', segment: 'IEA', controlNumber: '000000101', position: positionOf(text, 'GE*') });
  });

  it('rejects bad nesting: ST outside GS, data outside ST, GE before SE, a second ISA before IEA', () => {
    const text = envelope(BODY);
    expect(failure(text.replace(/GS\*[^~]*~\n/, '').replace('GE*2*7~\n', ''))).to.include({ rule: 'envelope-nesting', segment: 'ST', position: 2 });
    expect(failure(text.replace('ST*837*0002', 'REF*EI*1~\nST*837*0002'))).to.include({ rule: 'envelope-nesting', segment: 'REF', position: positionOf(text, 'ST*837*0002'), controlNumber: '7' });
    expect(failure(text.replace('SE*3*0002~\n', ''))).to.include({ rule: 'envelope-nesting', segment: 'GE', controlNumber: '0002' });
    const noIea = text.replace(/IEA[^~]*~\n/, '');
    expect(failure(noIea + text)).to.include({ rule: 'envelope-nesting', segment: 'ISA', position: positionOf(text, 'IEA*'), controlNumber: '000000101' });
  });

  it('rejects non-numeric counts', () => {
    expect(failure(envelope(BODY).replace('SE*4*0001', 'SE*four*0001'))).to.include({ rule: 'count-format', element: 'SE01' });
  });
});
