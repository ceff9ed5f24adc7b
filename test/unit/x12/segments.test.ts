import { expect } from 'chai';
import { components, iterateSegments, readDelimiters, splitSegments } from '../../../src/domain/x12/segments.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { ISA_837, envelope, claimBody } from './x12-text.js';
import { x12Failure } from './x12-text.js';

const catchX12 = x12Failure;

describe('x12 segments', () => {
  it('reads the separators from the ISA positions, not from assumptions', () => {
    const isa = ISA_837.replaceAll('*', '|').replace('|:~', '|>\n').replace('|^|', '|!|');
    expect(readDelimiters(isa)).to.deep.equal({ element: '|', component: '>', repetition: '!', segment: '\n' });
  });

  it('treats a pre-5010 repetition field (U) as no repetition separator', () => {
    expect(readDelimiters(ISA_837.replace('*^*00501*', '*U*00401*')).repetition).to.equal('');
  });

  it('splits single-line, LF, CRLF and CR-wrapped files the same way, with 1-based positions', () => {
    const single = envelope([claimBody()], { eol: '' });
    const expected = splitSegments(single);
    for (const eol of ['\n', '\r\n', '\r']) {
      expect(splitSegments(envelope([claimBody()], { eol }))).to.deep.equal(expected);
    }
    expect(expected[0]).to.include({ tag: 'ISA', position: 1 });
    expect(expected[3].elements).to.deep.equal(['BHT', '0019', '00', '0001', '20240102', '0930', 'CH']);
    expect(expected[3].position).to.equal(4);
    expect(expected.at(-1)!.tag).to.equal('IEA');
  });

  it('accepts a line feed as the segment terminator and a leading byte-order mark', () => {
    const text = '\uFEFF' + envelope([claimBody()]).replaceAll('~\n', '\r\n');
    expect(readDelimiters(text.slice(1)).segment).to.equal('\r');
    const segments = splitSegments(text);
    expect(segments).to.deep.equal(splitSegments(envelope([claimBody()])));
    expect(segments[1].elements).to.deep.equal(['GS', 'HC', 'SUBMITTER01', 'RECEIVER01', '20240102', '0930', '7', 'X', '005010X222A1']);
  });

  it('keeps the fixed-width ISA values untrimmed', () => {
    expect(splitSegments(envelope([claimBody()]))[0].elements[6]).to.equal('SUBMITTER01    ');
  });

  it('iterates lazily: the segments before a bad one come out before its error', () => {
    const iterator = iterateSegments(envelope([claimBody()]).replace('BHT*', 'bht*'));
    expect(iterator.next().value).to.include({ tag: 'ISA', position: 1 });
    expect(iterator.next().value).to.include({ tag: 'GS', position: 2 });
    expect(iterator.next().value).to.include({ tag: 'ST', position: 3 });
    expect(catchX12(() => iterator.next())).to.include({ rule: 'segment-tag', position: 4 });
  });

  it('splits components with the component separator', () => {
    const d = readDelimiters(ISA_837);
    expect(components('HC:99213:25', d)).to.deep.equal(['HC', '99213', '25']);
    expect(components('1', d)).to.deep.equal(['1']);
  });

  it('rejects a file without an ISA', () => {
    const error = catchX12(() => splitSegments('GS*HC*A*B~'));
    expect(error.rule).to.equal('isa');
    expect(error.position).to.equal(1);
    expect(catchX12(() => splitSegments('   ')).rule).to.equal('isa');
  });

  it('rejects an ISA shorter than 106 characters', () => {
    const error = catchX12(() => splitSegments('ISA*00*    *00*~GS*HC~'));
    expect(error.rule).to.equal('isa');
    expect(error.message).to.match(/106/);
  });

  it('rejects an ISA that is not fixed-width, naming the element', () => {
    const error = catchX12(() => splitSegments(ISA_837.replace('SUBMITTER01    ', 'SUBMITTER01   X') .replace('*ZZ*RECEIVER01', 'ZZZ*RECEIVER01')));
    expect(error.rule).to.equal('isa');
    expect(error.element).to.equal('ISA07');
  });

  it('rejects letters or duplicates as separators', () => {
    expect(catchX12(() => readDelimiters(ISA_837.replace('*:~', '*A~'))).rule).to.equal('separators');
    expect(catchX12(() => readDelimiters(ISA_837.replace('*:~', '*:X'))).rule).to.equal('separators');
    expect(catchX12(() => readDelimiters(ISA_837.replace('*:~', '*~~'))).rule).to.equal('separators');
  });

  it('names the position of a segment that does not start with a tag (separators do not match the file)', () => {
    const text = envelope([claimBody()]).replace('BHT*0019', 'BHT|0019');
    const error = catchX12(() => splitSegments(text));
    expect(error.rule).to.equal('segment-tag');
    expect(error.position).to.equal(4);
  });

  it('formats X12Error messages with file, segment, position, element and rule, and lets a caller attach the file', () => {
    const error = new X12Error({ rule: 'se-count', segment: 'SE', position: 42, element: 'SE01', controlNumber: '0021', message: 'SE01 says 40' });
    expect(error.name).to.equal('X12Error');
    expect(error.message).to.equal('segment SE at position 42, element SE01, control number 0021: SE01 says 40 [rule se-count]');
    error.file = 'batch.837';
    expect(error.file).to.equal('batch.837');
    expect(error.message).to.match(/^file batch\.837, segment SE at position 42/);
  });
});
