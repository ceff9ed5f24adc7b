import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { readAcknowledgment } from '../../../src/domain/x12/ack.js';
import { read277ca } from '../../../src/domain/x12/ack-277ca.js';
import { read999 } from '../../../src/domain/x12/ack-999.js';
import { readTa1 } from '../../../src/domain/x12/ack-ta1.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { x12Failure } from './x12-text.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url), 'utf8');

const failure = x12Failure;

describe('TA1 interchange acknowledgment', () => {
  it('reads a rejected interchange with its note code', () => {
    const ack = readTa1(fixture('invented-ta1-rejected.ta1'));
    expect(ack).to.deep.equal({
      kind: 'TA1',
      interchanges: [{ controlNumber: '000000042', status: 'rejected', noteCode: '022', noteDescription: 'Invalid control structure',
        interchangeDate: '240310', interchangeTime: '1405', position: 2 }],
    });
  });

  it('reads an accepted interchange and rejects an unknown TA104 code', () => {
    const accepted = fixture('invented-ta1-rejected.ta1').replace('*R*022', '*A*000');
    expect(readTa1(accepted).interchanges[0]).to.include({ status: 'accepted', noteCode: '000', noteDescription: 'No error' });
    const error = failure(() => readTa1(fixture('invented-ta1-rejected.ta1').replace('*R*022', '*Q*022'), { file: 'x.ta1' }));
    expect(error).to.include({ rule: 'code-value', segment: 'TA1', position: 2, element: 'TA104', file: 'x.ta1' });
  });

  it('rejects a TA1 file whose IEA01 counts groups that are not there', () => {
    expect(failure(() => readTa1(fixture('invented-ta1-rejected.ta1').replace('IEA*0', 'IEA*1')))).to.include({ rule: 'iea-count', position: 3 });
  });
});

describe('999 implementation acknowledgment', () => {
  it('reads the public rejected sample: IK3 segment error, IK5*R, AK9*R, | component separator', () => {
    const ack = read999(fixture('imsweb-x12_999_rejected.999'));
    expect(ack.transactions).to.deep.equal([{
      groupControlNumber: '28', transactionSetId: '837', controlNumber: '0028', status: 'rejected', statusCodes: ['5'],
      errors: [{ segment: 'NM', position: 17, code: '1', elements: [] }],
    }]);
    expect(ack.groups).to.deep.equal([{
      controlNumber: '28', functionalId: 'HC', version: '005010X223A2', status: 'rejected', included: 1, received: 1, accepted: 0, errorCodes: [],
    }]);
  });

  it('reads accepted, accepted-with-errors and rejected transactions with IK3/IK4 codes, never keeping IK404 data', () => {
    const ack = read999(fixture('invented-999-partial.999'));
    expect(ack.transactions.map((t) => [t.controlNumber, t.status])).to.deep.equal([
      ['0001', 'accepted'], ['0002', 'accepted-with-errors'], ['0003', 'rejected'],
    ]);
    expect(ack.transactions[1].errors).to.deep.equal([
      { segment: 'CLM', position: 14, loop: '2300', code: '8', elements: [{ position: '5:3', reference: '1325', code: '7' }] },
      { segment: 'SV1', position: 20, loop: '2400', code: '8', elements: [{ position: '2', code: '6' }] },
    ]);
    expect(ack.transactions[2].errors[0].elements).to.deep.equal([{ position: '9', reference: '67', code: '1' }]);
    expect(JSON.stringify(ack)).not.to.contain('9*'); // IK404 copy of bad data is dropped
    expect(ack.groups).to.deep.equal([{
      controlNumber: '42', functionalId: 'HC', version: '005010X222A1', status: 'partially-accepted', included: 3, received: 3, accepted: 2, errorCodes: [],
    }]);
  });

  it('rejects an AK2 without its IK5, naming the segment and position', () => {
    const text = fixture('invented-999-partial.999').replace('IK5*A~\n', '').replace('SE*17*', 'SE*16*');
    const error = failure(() => read999(text));
    expect(error).to.include({ rule: 'required-segment', segment: 'AK2', position: 6 });
    expect(error.message).to.contain('0001');
  });
});

describe('277CA claim acknowledgment', () => {
  it('reads the public rejected sample: batch A1:20, claim rejected A7:562:85 with REF*1K', () => {
    const ack = read277ca(fixture('imsweb-x12_277CA_rejected.277'));
    expect(ack.claims).to.deep.equal([{
      controlNumber: '3920394930203', status: 'rejected', statusCodes: ['A7:562:85'], payerClaimNumber: '1107000000001120',
      chargeCents: 19914, lines: [], position: 21,
    }]);
    expect(ack.levelStatuses).to.deep.equal([
      { level: 'receiver', statusCodes: ['A1:20'], position: 10, traceNumber: '11200001' },
      { level: 'provider', statusCodes: [], position: 16 },
    ]);
    expect(ack.warnings).to.deep.equal([]);
  });

  it('reads accepted and rejected claims, every STC composite, line statuses, REF*1K only when present', () => {
    const ack = read277ca(fixture('invented-277ca-mixed.277'));
    expect(ack.claims).to.deep.equal([
      { controlNumber: 'PCN00001', status: 'accepted', statusCodes: ['A2:20'], lines: [], position: 23, chargeCents: 16550,
        payerClaimNumber: 'PAYERCLM1' },
      { controlNumber: 'PCN00002', status: 'rejected', statusCodes: ['A7:21:77', 'A6:128:QC'], position: 29, chargeCents: 16550,
        lines: [{ lineControlNumber: 'C2-L2', statusCodes: ['A7:453'] }], clearinghouseTraceNumber: 'CH000002' },
    ]);
    expect(ack.claims[1]).not.to.have.property('payerClaimNumber');
    expect(ack.levelStatuses).to.deep.equal([
      { level: 'receiver', statusCodes: ['A1:19'], position: 10, traceNumber: '000000042' },
      { level: 'provider', statusCodes: [], position: 18 },
    ]);
  });

  it('refuses a 277 claim status response (X212): it is not a 277CA, though both are ST*277', () => {
    const error = failure(() => read277ca(fixture('lfh-claim-level-status.277'), { file: '17' }));
    expect(error).to.include({ rule: 'implementation-guide', segment: 'GS', position: 2, element: 'GS08', file: '17' });
    expect(error.message).to.equal('file 17, segment GS at position 2, element GS08, control number 1: GS08 names 005010X212 '
      + '(277 claim status response), which is not read here; expected a 277CA (005010X214) [rule implementation-guide]');
  });

  it('marks status categories it does not know as unrecognized', () => {
    const text = fixture('invented-277ca-mixed.277').replace('STC*A2:20', 'STC*P3:317');
    expect(read277ca(text).claims.map((c) => [c.controlNumber, c.status, c.statusCodes[0]])).to.deep.equal([
      ['PCN00001', 'unrecognized', 'P3:317'], ['PCN00002', 'rejected', 'A7:21:77'],
    ]);
  });

  it('rejects a claim status that appears before the claim TRN*2', () => {
    const text = fixture('invented-277ca-mixed.277').replace('TRN*2*PCN00001~\n', '').replace('SE*36*', 'SE*35*');
    expect(failure(() => read277ca(text))).to.include({ rule: 'required-segment', segment: 'STC', position: 23 });
  });
});

describe('acknowledgment element errors', () => {
  it('name the element, never its value: a bad STC04 amount, a bad IK302 position', () => {
    const stc = failure(() => read277ca(fixture('invented-277ca-mixed.277').replace('*WQ*165.5~', '*WQ*16x.5~'), { file: 'a.277' }));
    expect(stc).to.include({ rule: 'amount', segment: 'STC', position: 24, element: 'STC04', file: 'a.277' });
    expect(stc.detail).to.equal('STC04 (total claim charge) is not a valid amount: not a decimal amount');
    const ik3 = failure(() => read999(fixture('invented-999-partial.999').replace('IK3*CLM*14*', 'IK3*CLM*1A*')));
    expect(ik3).to.include({ rule: 'element-format', segment: 'IK3', position: 8, element: 'IK302' });
    expect(ik3.detail).to.equal('IK302 must be a whole number');
  });
});

describe('acknowledgment dispatcher', () => {
  it('tells TA1, 999 and 277CA files apart', () => {
    expect(readAcknowledgment(fixture('invented-ta1-rejected.ta1')).kind).to.equal('TA1');
    expect(readAcknowledgment(fixture('imsweb-x12_999_rejected.999')).kind).to.equal('999');
    expect(readAcknowledgment(fixture('imsweb-x12_277CA_rejected.277')).kind).to.equal('277CA');
    const claims = failure(() => readAcknowledgment(fixture('lfh-demo.example1.837')));
    expect(claims).to.include({ rule: 'implementation-guide', element: 'GS08', position: 2 });
    expect(claims.detail).to.equal('GS08 names an 837P (005010X222A1), which is not read here; expected a TA1 interchange acknowledgment, '
      + 'a 999 (005010X231A1) or a 277CA (005010X214)');
    expect(failure(() => readAcknowledgment(fixture('lfh-claim-level-status.277')))).to.include({ rule: 'implementation-guide', element: 'GS08', position: 2 });
  });
});
