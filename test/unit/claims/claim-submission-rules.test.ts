import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { CLAIM_MOVES, isClaimStatus } from '../../../src/domain/claims/claim-status.js';
import {
  ack999RejectionCodes, claimRejectionTask, claimVerdicts, submissionControlNumber, ta1RejectionCodes,
} from '../../../src/domain/claims/acknowledgments.js';
import { submissionFileName, unwritableClaimEdit, unwritableClaimTask } from '../../../src/domain/claims/submission.js';
import { read277ca } from '../../../src/domain/x12/ack-277ca.js';
import { read999 } from '../../../src/domain/x12/ack-999.js';
import { readTa1 } from '../../../src/domain/x12/ack-ta1.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import { sampleClaim } from '../x12/claim-samples.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url), 'utf8');

describe('claim status model', () => {
  it('names the moves of submission and acknowledgment, each from the statuses it may start in', () => {
    expect(CLAIM_MOVES).to.deep.equal({
      batched: { from: ['ready'], to: 'submitted' },
      heldUnwritable: { from: ['ready'], to: 'edits' },
      acknowledged: { from: ['submitted'], to: 'accepted' },
      rejectedByClearinghouse: { from: ['submitted'], to: 'rejected' },
    });
  });

  it('knows its statuses', () => {
    expect(['paid', 'partially-paid', 'Paid', 'sent', ''].map(isClaimStatus)).to.deep.equal([true, true, false, false, false]);
  });
});

describe('acknowledgments for our claims', () => {
  it('finds our submission only by a control number we could have written', () => {
    expect(['000000042', '42', '1234567890', '12A', ''].map(submissionControlNumber)).to.deep.equal([42, 42, undefined, undefined, undefined]);
  });

  it('turns TA1 and 999 rejections into reason codes', () => {
    expect(ta1RejectionCodes(readTa1(fixture('invented-ta1-rejected.ta1')).interchanges[0])).to.deep.equal(['TA1:022']);
    const nine = read999([
      'ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*RCMOFFICE      *261124*1200*^*00501*000000901*0*T*:~',
      'GS*FA*CLEARHOUSE*RCMOFFICE*20261124*1200*901*X*005010X231A1~', 'ST*999*0001*005010X231A1~',
      'AK1*HC*77*005010X222A1~', 'AK2*837*0077*005010X222A1~', 'IK3*NM1*12*2010BA*8~', 'IK5*R*I5~', 'AK9*R*1*1*0~',
      'SE*7*0001~', 'GE*1*901~', 'IEA*1*000000901~',
    ].join('\n'));
    expect(ack999RejectionCodes(nine.transactions[0])).to.deep.equal(['999:R', 'IK5:I5', 'IK3:NM1:8']);
  });

  it('gives each known 277CA claim one verdict, the first, and counts what is not ours', () => {
    const ack = read277ca(fixture('invented-277ca-mixed.277')); // PCN00001 accepted, PCN00002 rejected
    const known = new Map([['PCN00001', 11], ['PCN00002', 12]]);
    const [first] = ack.claims;
    const withStrangers = { ...ack, claims: [...ack.claims, { ...first, controlNumber: 'NOTOURS' }, { ...first, status: 'unrecognized' as const }] };
    expect(claimVerdicts(withStrangers, known)).to.deep.equal({
      accept: [{ claimId: 11, statusCodes: ['A2:20'], payerClaimNumber: 'PAYERCLM1' }],
      reject: [{ claimId: 12, statusCodes: ['A7:21:77', 'A6:128:QC'] }],
      accepted: 1,
      unmatched: 2,
    });
    // Listed twice: the first verdict stands; the second accepted entry is still counted.
    const twice = { ...ack, claims: [...ack.claims, { ...first, status: 'rejected' as const }] };
    expect(claimVerdicts(twice, known).reject.map((v) => v.claimId)).to.deep.equal([12]);
    const acceptedTwice = { ...ack, claims: [...ack.claims, first] };
    const counted = claimVerdicts(acceptedTwice, known);
    expect([counted.accepted, counted.accept.map((v) => v.claimId)]).to.deep.equal([2, [11]]);
  });

  it('gives a rejected claim a task due at its filing deadline', () => {
    const claim = sampleClaim(1); // earliest date of service 2024-03-04
    expect(claimRejectionTask({ id: 7, payerDbId: 3, timelyFilingDays: 90, claim }, ['A7:21'])).to.deep.equal({
      type: 'claim-rejection', subjectType: 'claim', subjectId: 7, reasonCodes: ['A7:21'], amountAtRiskCents: 16550,
      deadline: '2024-06-02', payerId: 3,
    });
    expect(claimRejectionTask({ id: 7, payerDbId: 3, timelyFilingDays: 90, claim: { ...claim, lines: [] } }, ['A7:21']).deadline).to.equal(null);
  });
});

describe('submission rules', () => {
  it('names the batch file after the payer and the control number', () => {
    expect(submissionFileName('PAYER-01 X', 42)).to.equal('837P-PAYER01X-42.837');
  });

  it('holds an unwritable claim with an edit and a claim-edit task', () => {
    const error = new X12Error({ rule: 'write-required', segment: 'SBR', element: 'SBR09', controlNumber: 'PCN00001', message: 'no SBR09' });
    expect(unwritableClaimEdit(error)).to.deep.equal({ code: 'X12_WRITE', severity: 'error', field: 'SBR09', line: null, message: error.detail });
    expect(unwritableClaimTask({ id: 5, payerDbId: 2, timelyFilingDays: 365, claim: sampleClaim(1) })).to.deep.equal({
      type: 'claim-edit', subjectType: 'claim', subjectId: 5, reasonCodes: ['X12_WRITE'], amountAtRiskCents: 16550,
      deadline: '2025-03-04', payerId: 2,
    });
  });
});
