import { expect } from 'chai';
import type { Segment } from '../../../src/domain/x12/segments.js';
import {
  CompositeReader, dateOrRange, informationalDate, isoDate, optional, required, requiredCode, requiredDate, type X12Warning,
} from '../../../src/domain/x12/x12-elements.js';
import { x12Failure } from './x12-text.js';

const seg = (tag: string, ...elements: string[]): Segment => ({ tag, elements: [tag, ...elements], position: 12 });
const ctx = { file: 'f.x12', controlNumber: '0001' };
const separators = { element: '*', component: ':', repetition: '^', segment: '~' };

describe('X12 element readers (one module for the 837P, 835 and acknowledgments)', () => {
  it('trims values and names segment, position and element of a missing one', () => {
    expect(optional(seg('REF', '  6R ', '   '), 1)).to.equal('6R');
    expect(optional(seg('REF', '6R', '   '), 2)).to.equal(undefined);
    expect(optional(seg('REF', '6R'), 5)).to.equal(undefined);
    const error = x12Failure(() => required(seg('REF', '6R', ' '), 2, { ...ctx, claim: 'CLAIM1' }, 'line item control number'));
    expect(error.message).to.equal('file f.x12, segment REF at position 12, element REF02, control number 0001: '
      + 'claim CLAIM1: REF02 (line item control number) is missing [rule required-element]');
    expect(x12Failure(() => requiredCode(seg('CLP', 'C1', '9'), 2, ctx, 'claim status code', ['1', '2'])))
      .to.include({ rule: 'code-value', element: 'CLP02', position: 12 });
  });

  it('rejects a malformed date wherever the engine acts on it, naming the element and never the value', () => {
    expect(requiredDate(seg('DTP', '472', '20240229'), 2, ctx, 'service date')).to.equal('2024-02-29');
    for (const text of ['20230229', '2024013', '2024-01-01', 'DOEJOHN']) {
      const error = x12Failure(() => requiredDate(seg('DMG', 'D8', text), 2, ctx, 'birth date'));
      expect(error, text).to.include({ rule: 'date-format', segment: 'DMG', position: 12, element: 'DMG02', controlNumber: '0001', file: 'f.x12' });
      expect(error.message, text).not.to.contain(text);
    }
    expect(x12Failure(() => isoDate('20241301', seg('DTP', '472', 'D8', '20241301'), 'DTP03', ctx))).to.include({ rule: 'date-format', element: 'DTP03' });
    expect(x12Failure(() => requiredDate(seg('DTP', '472', ''), 2, ctx, 'service date'))).to.include({ rule: 'required-element', element: 'DTP02' });
  });

  it('reads D8 and RD8 dates and ranges', () => {
    expect(dateOrRange(seg('DTP', '472', 'D8', '20240101'), 2, 3, ctx)).to.deep.equal({ start: '2024-01-01' });
    expect(dateOrRange(seg('DTP', '472', 'RD8', '20240101-20240103'), 2, 3, ctx)).to.deep.equal({ start: '2024-01-01', end: '2024-01-03' });
    expect(dateOrRange(seg('DTP', '472', 'RD8', '20240101-20240101'), 2, 3, ctx)).to.deep.equal({ start: '2024-01-01' });
    expect(x12Failure(() => dateOrRange(seg('DTP', '472', 'RD8', '20240101'), 2, 3, ctx))).to.include({ rule: 'date-format', element: 'DTP03' });
    expect(x12Failure(() => dateOrRange(seg('DTP', '472', 'RD8', '20240101-20240230'), 2, 3, ctx))).to.include({ rule: 'date-format', element: 'DTP03' });
    expect(x12Failure(() => dateOrRange(seg('DTP', '472', 'DT', '20240101'), 2, 3, ctx))).to.include({ rule: 'date-format', element: 'DTP02' });
  });

  it('leaves out an informational date that is not real, with a warning in the claim\'s context', () => {
    const warnings: X12Warning[] = [];
    const warn = (w: X12Warning) => { warnings.push(w); };
    expect(informationalDate(seg('DTM', '472', '20240102'), 2, { ...ctx, warn }, 'service date')).to.equal('2024-01-02');
    expect(informationalDate(seg('DTM', '472', ''), 2, { ...ctx, warn }, 'service date')).to.equal(undefined);
    expect(informationalDate(seg('DTM', '472', '20241340'), 2, { ...ctx, claim: 'CLAIM1', warn }, 'service date')).to.equal(undefined);
    expect(warnings).to.deep.equal([{ rule: 'date', segment: 'DTM', position: 12, element: 'DTM02',
      message: 'claim CLAIM1: DTM02 (service date) is not a valid date CCYYMMDD; left out' }]);
  });

  it('reads composites on ISA16, and takes another single punctuation as the transaction\'s separator with one warning', () => {
    const warnings: X12Warning[] = [];
    const composites = new CompositeReader(separators, warnings);
    expect(composites.required(seg('SV1', 'HC:99213:25'), 1, ctx, 'procedure')).to.deep.equal(['HC', '99213', '25']);
    expect(composites.required(seg('HI', 'ABK>J0300'), 1, ctx, 'diagnosis')).to.deep.equal(['ABK', 'J0300']);
    expect(composites.separator).to.equal('>');
    expect(composites.required(seg('HI', 'ABF>R05'), 1, ctx, 'diagnosis')).to.deep.equal(['ABF', 'R05']);
    expect(composites.optional(seg('SV1', '', '', '', '', '', '', '1>2'), 7)).to.deep.equal(['1', '2']);
    expect(warnings).to.deep.equal([{ rule: 'component-separator', segment: 'HI', position: 12, element: 'HI01',
      message: "HI01 uses '>' as component separator while ISA16 is ':'; reading the rest of the transaction set with '>'" }]);
  });

  it('does not guess from a value with no punctuation or with two kinds, and sends warnings to a function too', () => {
    const received: X12Warning[] = [];
    const composites = new CompositeReader(separators, (w) => { received.push(w); });
    expect(x12Failure(() => composites.required(seg('CLM', 'C1', '1', '', '', '11B1'), 5, ctx, 'facility code', 3)))
      .to.include({ rule: 'composite', segment: 'CLM', element: 'CLM05', position: 12 });
    expect(composites.split(seg('SVC', 'HC>1/2'), 1, ctx, 'procedure')).to.deep.equal(['HC>1/2']);
    expect(composites.split(seg('PLB', 'P1', '20241231', 'WO'), 3, ctx, 'adjustment identifier', 1)).to.deep.equal(['WO']);
    expect(received).to.deep.equal([]);
    expect(composites.split(seg('SVC', 'HC>99213'), 1, { ...ctx, claim: 'CLAIM1' }, 'procedure')).to.deep.equal(['HC', '99213']);
    expect(received.map((w) => w.message)).to.deep.equal([
      "claim CLAIM1: SVC01 uses '>' as component separator while ISA16 is ':'; reading the rest of the transaction set with '>'",
    ]);
  });
});
