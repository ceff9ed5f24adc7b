import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { read837p } from '../../../src/domain/x12/837p-reader.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { claimBody, envelope, positionOf, replaceSegment } from './x12-text.js';
import { x12Failure } from './x12-text.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url), 'utf8');

function failure(text: string): X12Error {
  const error = x12Failure(() => read837p(text, { file: 'bad.837' }));
  expect(error.file).to.equal('bad.837');
  return error;
}

describe('837P reader: public samples', () => {
  it('reads example 1: patient differs from subscriber, 4 lines totalling the claim charge', () => {
    const result = read837p(fixture('lfh-demo.example1.837'), { file: 'lfh-demo.example1.837' });
    expect(result).to.include({ interchanges: 1, transactions: 1 });
    expect(result.claims).to.have.length(1);
    const { claim, source } = result.claims[0];
    expect(source).to.deep.equal({ file: 'lfh-demo.example1.837', transactionControlNumber: '0021', clmSegmentIndex: 27 });
    expect(claim).to.include({ controlNumber: '26463774', chargeCents: 10000, placeOfService: '11', frequency: '1' });
    expect(claim.billingProvider).to.deep.equal({
      npi: '1912301953', name: 'BEN KILDARE SERVICE', taxId: '587654321',
      address: { line1: '234 SEAWAY ST', city: 'MIAMI', state: 'FL', postalCode: '331110000' },
    });
    expect(claim.payer).to.deep.equal({ payerId: '999996666', name: 'KEY INSURANCE COMPANY' });
    expect(claim.subscriber).to.deep.include({ memberId: 'JS00111223333', payerRank: 'P', groupNumber: '2222-SJ', relationship: '19', claimFilingIndicator: 'CI' });
    expect(claim.patient).to.deep.equal({
      name: { last: 'SMITH', first: 'TED' }, birthDate: '1973-05-01', gender: 'M',
      address: { line1: '236 N MAIN ST', city: 'MIAMI', state: 'FL', postalCode: '33413' },
    });
    expect(claim.diagnoses).to.deep.equal([{ qualifier: 'BK', code: '0340' }, { qualifier: 'BF', code: 'V7389' }]);
    expect(claim.lines.map((l) => l.chargeCents)).to.deep.equal([4000, 1500, 3500, 1000]);
    expect(claim.lines.reduce((sum, l) => sum + l.chargeCents, 0)).to.equal(claim.chargeCents);
    expect(claim.lines[2]).to.deep.equal({
      lineNumber: 3, procedureQualifier: 'HC', procedure: '99214', modifiers: [], chargeCents: 3500, unitBasis: 'UN',
      units: 1, diagnosisPointers: [2], serviceDate: '2006-10-10',
    });
    expect(result.warnings).to.deep.equal([]);
  });

  it('reads example 2: subscriber is the patient, no 2000C loop, 2310 provider ignored', () => {
    const { claims } = read837p(fixture('lfh-demo.example2.837'));
    expect(claims).to.have.length(1);
    const { claim } = claims[0];
    expect(claim.patient).to.equal(undefined);
    expect(claim.subscriber).to.deep.include({ relationship: '18', birthDate: '1943-05-01', claimFilingIndicator: 'HM' });
    expect(claim.billingProvider.npi).to.equal('9876543210');
    expect(claim.lines).to.have.length(4);
  });

  it('reads the COB example 4: skips 2320/2330 other-payer data, SVD, CAS and DTP*573', () => {
    const { claim } = read837p(fixture('lfh-demo.cob.example4.837')).claims[0];
    expect(claim).to.include({ controlNumber: '101KEN6055', chargeCents: 12000 });
    expect(claim.payer).to.deep.equal({ payerId: '10234', name: 'MEDICARE' }); // not the 2330B payer 59999
    expect(claim.subscriber).to.deep.include({ memberId: '102200221B1', payerRank: 'S' });
    expect(claim.lines).to.deep.equal([{
      lineNumber: 1, procedureQualifier: 'HC', procedure: '99203', modifiers: ['25'], chargeCents: 12000, unitBasis: 'UN',
      units: 1, diagnosisPointers: [1, 2], serviceDate: '2005-01-19',
    }]);
  });

  it('reads the secondary COB sample whose composites use > while ISA16 is :, with a warning', () => {
    const result = read837p(fixture('lfh-demo.cob.2ndary.example4.837'));
    const { claim } = result.claims[0];
    expect(claim).to.include({ controlNumber: '125WILL', chargeCents: 14550, placeOfService: '11', frequency: '1' });
    expect(claim.billingProvider.name).to.equal('GREENE DAVID');
    expect(claim.diagnoses).to.deep.equal([{ qualifier: 'BK', code: '7215' }]);
    expect(claim.lines[0]).to.include({ procedure: '98940', lineControlNumber: '01', chargeCents: 14550 });
    expect(result.warnings).to.have.length(1);
    expect(result.warnings[0]).to.include({ rule: 'component-separator', segment: 'CLM', position: 21, element: 'CLM05' });
  });
});

describe('837P reader: structure', () => {
  it('reads several interchanges and transaction sets per file, in order', () => {
    const second = claimBody().map((s) => s.replaceAll('CLAIM0001', 'CLAIM0002'));
    const text = envelope([claimBody(), second]) + envelope([claimBody()]);
    const result = read837p(text);
    expect(result).to.include({ interchanges: 2, transactions: 3 });
    expect(result.claims.map((c) => [c.claim.controlNumber, c.source.transactionControlNumber]))
      .to.deep.equal([['CLAIM0001', '0001'], ['CLAIM0002', '0002'], ['CLAIM0001', '0001']]);
  });

  it('reads composites, modifiers, RD8 ranges, line control numbers and decimal amounts', () => {
    const { claim } = read837p(envelope([claimBody()], { eol: '' })).claims[0];
    expect(claim.chargeCents).to.equal(15050);
    expect(claim.diagnoses).to.deep.equal([{ qualifier: 'ABK', code: 'J0300' }, { qualifier: 'ABF', code: 'R05' }]);
    expect(claim.lines[0]).to.include({ lineControlNumber: 'CLAIM0001-1', chargeCents: 10000 });
    expect(claim.lines[0].modifiers).to.deep.equal(['25']);
    expect(claim.lines[0].diagnosisPointers).to.deep.equal([1, 2]);
    expect(claim.lines[1]).to.include({ serviceDate: '2024-01-01', serviceDateEnd: '2024-01-03', chargeCents: 5050 });
  });

  it('collects diagnoses from several HI segments and skips non-diagnosis HI qualifiers', () => {
    const body = replaceSegment(claimBody(), 'HI*', 'HI*ABK:J0300*ABF:R05~HI*ABF:R509*BG:01');
    const { claim } = read837p(envelope([body.join('~').split('~')])).claims[0];
    expect(claim.diagnoses.map((d) => d.code)).to.deep.equal(['J0300', 'R05', 'R509']);
  });

  it('uses the claim-level DTP*472 for a line without its own date', () => {
    let body = replaceSegment(claimBody(), 'DTP*472*D8*20240101', null);
    body = replaceSegment(body, 'HI*', 'DTP*472*D8*20231231~HI*ABK:J0300').join('~').split('~');
    const { claim } = read837p(envelope([body])).claims[0];
    expect(claim.serviceDate).to.equal('2023-12-31');
    expect(claim.lines[0].serviceDate).to.equal('2023-12-31');
  });

  it('reads frequency 7 with the payer claim number, and does not reject coding problems (the scrubber does)', () => {
    let body = replaceSegment(claimBody(), 'CLM*', 'CLM*CLAIM0001*999***11:B:7*Y*A*Y*Y~REF*F8*PAYERCLAIM9');
    body = replaceSegment(body, 'HI*', 'HI*ABK:NOTICD10').join('~').split('~');
    const { claim } = read837p(envelope([body])).claims[0];
    expect(claim).to.include({ frequency: '7', payerClaimNumber: 'PAYERCLAIM9', chargeCents: 99900 });
  });
});

describe('837P reader: rejects bad files with segment, position, element and rule', () => {
  it('a truncated file (missing SE/GE/IEA)', () => {
    const text = envelope([claimBody()]);
    const error = failure(text.slice(0, text.indexOf('\nSE*')));
    expect(error).to.include({ rule: 'truncated', segment: 'SE', controlNumber: '0001', position: positionOf(text, 'REF*6R*CLAIM0001-2') });
  });

  it('wrong SE, GE and IEA counts', () => {
    const text = envelope([claimBody()]);
    expect(failure(text.replace(/SE\*\d+\*/, 'SE*3*'))).to.include({ rule: 'se-count', segment: 'SE', element: 'SE01', position: positionOf(text, 'SE*') });
    expect(failure(text.replace('GE*1*', 'GE*2*'))).to.include({ rule: 'ge-count', element: 'GE01', position: positionOf(text, 'GE*') });
    expect(failure(text.replace('IEA*1*', 'IEA*3*'))).to.include({ rule: 'iea-count', element: 'IEA01', position: positionOf(text, 'IEA*') });
  });

  it('mismatched control numbers', () => {
    const text = envelope([claimBody()]);
    expect(failure(text.replace('SE*25*0001', 'SE*25*0002'))).to.include({ rule: 'se-control', element: 'SE02', controlNumber: '0001' });
    expect(failure(text.replace('IEA*1*000000101', 'IEA*1*000000999'))).to.include({ rule: 'iea-control', controlNumber: '000000101' });
  });

  it('a CLM with no service lines', () => {
    const body = claimBody().slice(0, claimBody().findIndex((s) => s.startsWith('LX')));
    const text = envelope([body]);
    expect(failure(text)).to.include({ rule: 'claim-without-lines', segment: 'CLM', position: positionOf(text, 'CLM*'), controlNumber: 'CLAIM0001' });
  });

  it('non-numeric CLM02 and SV102, without echoing the value', () => {
    let text = envelope([replaceSegment(claimBody(), 'CLM*', 'CLM*CLAIM0001*12x.5***11:B:1*Y*A*Y*Y')]);
    let error = failure(text);
    expect(error).to.include({ rule: 'amount', segment: 'CLM', element: 'CLM02', position: positionOf(text, 'CLM*'), controlNumber: 'CLAIM0001' });
    expect(error.message).not.to.contain('12x.5');
    text = envelope([replaceSegment(claimBody(), 'SV1*HC:87880', 'SV1*HC:87880*ABC*UN*1***1')]);
    error = failure(text);
    expect(error).to.include({ rule: 'amount', segment: 'SV1', element: 'SV102', position: positionOf(text, 'SV1*HC:87880') });
  });

  it('no ISA, and invalid separators in the ISA', () => {
    expect(failure('ST*837*0001~SE*2*0001~')).to.include({ rule: 'isa', position: 1 });
    expect(failure(envelope([claimBody()]).replace('*T*:~', '*T*1~'))).to.include({ rule: 'separators', segment: 'ISA' });
  });

  it('a service line outside a claim', () => {
    const body = replaceSegment(replaceSegment(claimBody(), 'CLM*', null), 'HI*', null);
    const text = envelope([body]);
    expect(failure(text)).to.include({ rule: 'line-outside-claim', segment: 'LX', position: positionOf(text, 'LX*1') });
    const noLx = envelope([replaceSegment(claimBody(), 'LX*1', null)]);
    expect(failure(noLx)).to.include({ rule: 'line-outside-claim', segment: 'SV1', position: positionOf(noLx, 'SV1*HC:99213') });
  });

  it('missing required elements: CLM01, payer id, billing NPI, member id', () => {
    let text = envelope([replaceSegment(claimBody(), 'CLM*', 'CLM**150.5***11:B:1*Y*A*Y*Y')]);
    expect(failure(text)).to.include({ rule: 'required-element', segment: 'CLM', element: 'CLM01', position: positionOf(text, 'CLM*') });
    text = envelope([replaceSegment(claimBody(), 'NM1*PR', 'NM1*PR*2*INVENTED HEALTH PLAN*****PI')]);
    expect(failure(text)).to.include({ rule: 'required-element', segment: 'NM1', element: 'NM109', position: positionOf(text, 'NM1*PR') });
    text = envelope([replaceSegment(claimBody(), 'NM1*85', 'NM1*85*2*INVENTED CLINIC*****XX')]);
    expect(failure(text)).to.include({ rule: 'required-element', segment: 'NM1', element: 'NM109', position: positionOf(text, 'NM1*85') });
    text = envelope([replaceSegment(claimBody(), 'NM1*85', 'NM1*85*2*INVENTED CLINIC*****24*111223333')]);
    expect(failure(text)).to.include({ rule: 'id-qualifier', element: 'NM108' });
    text = envelope([replaceSegment(claimBody(), 'NM1*IL', 'NM1*IL*1*DOE*JAMIE****MI')]);
    const error = failure(text);
    expect(error).to.include({ rule: 'required-element', element: 'NM109', position: positionOf(text, 'NM1*IL') });
    expect(error.message).not.to.contain('DOE');
  });

  it('a claim whose subscriber loop has no payer NM1*PR', () => {
    const text = envelope([replaceSegment(claimBody(), 'NM1*PR', null)]);
    const error = failure(text);
    expect(error).to.include({ rule: 'required-segment', segment: 'CLM', position: positionOf(text, 'CLM*') });
    expect(error.message).to.contain('NM1*PR');
  });

  it('a composite that does not split on any component separator', () => {
    const text = envelope([replaceSegment(claimBody(), 'CLM*', 'CLM*CLAIM0001*150.5***11B1*Y*A*Y*Y')]);
    expect(failure(text)).to.include({ rule: 'composite', segment: 'CLM', element: 'CLM05', position: positionOf(text, 'CLM*') });
  });

  it('an invalid service date or birth date, without echoing the value', () => {
    let text = envelope([replaceSegment(claimBody(), 'DTP*472*D8*20240101', 'DTP*472*D8*20241301')]);
    expect(failure(text)).to.include({ rule: 'date-format', segment: 'DTP', element: 'DTP03', position: positionOf(text, 'DTP*472') });
    text = envelope([replaceSegment(claimBody(), 'DMG*', 'DMG*D8*19801331*F')]);
    const error = failure(text);
    expect(error).to.include({ rule: 'date-format', element: 'DMG02', position: positionOf(text, 'DMG*') });
    expect(error.message).not.to.contain('19801331');
  });

  it('a subscriber HL whose parent is not a billing provider HL', () => {
    const text = envelope([replaceSegment(claimBody(), 'HL*2*1*22*0', 'HL*2*9*22*0')]);
    expect(failure(text)).to.include({ rule: 'hl-parent', segment: 'HL', element: 'HL02', position: positionOf(text, 'HL*2') });
  });

  it('a transaction set that is not an 837', () => {
    const text = envelope([claimBody()], { stType: '835' });
    expect(failure(text)).to.include({ rule: 'transaction-type', segment: 'ST', element: 'ST01', position: 3 });
  });
});
