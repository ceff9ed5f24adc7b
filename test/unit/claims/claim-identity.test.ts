// A claim's identity (billing NPI + payer + CLM01) and its content fingerprint: what makes a claim
// a duplicate of a known one, or a conflict with it, and what a conflict says.
import { expect } from 'chai';
import {
  CONFLICT_REASONS, claimConflictTask, claimFingerprint, conflictMessage, fingerprintDifferences, identityKey, identityOf,
  identityVerdict, isCurrentFingerprint,
} from '../../../src/domain/claims/claim-identity.js';
import { acknowledgedClaimIds } from '../../../src/domain/claims/acknowledgments.js';
import type { Claim } from '../../../src/domain/claims/claim.js';
import { dependentClaim, sampleClaim } from '../x12/claim-samples.js';

const changed = (edit: (c: Claim) => void): Claim => {
  const c = structuredClone(sampleClaim(1));
  edit(c);
  return c;
};

describe('claim identity', () => {
  it('is billing NPI + payer id + CLM01', () => {
    expect(identityOf(sampleClaim(1))).to.deep.equal({ npi: '1234567893', payerId: 'PAYER01', controlNumber: 'PCN00001' });
    const keys = [
      sampleClaim(1),
      changed((c) => { c.payer.payerId = 'PAYER02'; }),
      changed((c) => { c.billingProvider.npi = '1912301953'; }),
      sampleClaim(2),
    ].map((c) => identityKey(identityOf(c)));
    expect(new Set(keys).size).to.equal(4);
    // The payer's and provider's names are not part of it.
    expect(identityKey(identityOf(changed((c) => { c.payer.name = 'OTHER NAME'; c.billingProvider.name = 'X'; })))).to.equal(keys[0]);
  });
});

describe('claim fingerprint', () => {
  const base = claimFingerprint(sampleClaim(1));

  it('is versioned, four hashed parts, and holds no claim data in clear', () => {
    expect(base).to.match(/^v1:[0-9a-f]{16}\.[0-9a-f]{16}\.[0-9a-f]{16}\.[0-9a-f]{16}$/);
    expect(isCurrentFingerprint(base)).to.equal(true);
    expect(isCurrentFingerprint(null)).to.equal(false);
    expect(isCurrentFingerprint('v0:abc')).to.equal(false);
    expect(base).to.not.contain('MEMBER1').and.not.contain('DOE');
    expect(claimFingerprint(sampleClaim(1))).to.equal(base);
  });

  it('ignores identity, references, names of parties, modifier order, case and spaces', () => {
    const same = [
      changed((c) => { c.controlNumber = 'OTHER'; c.payer.payerId = 'P2'; c.billingProvider.npi = '1912301953'; }),
      changed((c) => { c.lines.forEach((l) => { l.lineControlNumber = `X${l.lineNumber}`; }); }),
      changed((c) => { c.payerClaimNumber = 'ICN123'; c.payer.name = 'RENAMED'; c.billingProvider.name = 'RENAMED'; delete c.billingProvider.address; }),
      changed((c) => { c.lines[1].modifiers = ['59', 'GP']; }),
      changed((c) => { c.subscriber.name = { last: ' doe', first: 'Jamie ', middle: 'q' }; }),
      changed((c) => { delete c.subscriber.address; c.subscriber.groupNumber = 'G9'; c.subscriber.claimFilingIndicator = 'MB'; }),
    ];
    for (const c of same) expect(claimFingerprint(c)).to.equal(base);
  });

  it('says which part differs: patient, services, charges, frequency', () => {
    const cases: Array<[Claim, string[]]> = [
      [changed((c) => { c.subscriber.memberId = 'MEMBER9'; }), ['PATIENT_DIFFERS']],
      [changed((c) => { c.subscriber.birthDate = '1980-01-02'; }), ['PATIENT_DIFFERS']],
      [dependentClaim(1), ['PATIENT_DIFFERS']],
      [changed((c) => { c.lines[0].procedure = '99214'; }), ['SERVICES_DIFFER']],
      [changed((c) => { c.lines[0].serviceDate = '2024-03-05'; }), ['SERVICES_DIFFER']],
      [changed((c) => { c.lines[1].units = 3; }), ['SERVICES_DIFFER']],
      [changed((c) => { c.diagnoses[0].code = 'J0301'; }), ['SERVICES_DIFFER']],
      [changed((c) => { c.lines.pop(); }), ['SERVICES_DIFFER', 'CHARGES_DIFFER']],
      [changed((c) => { c.lines[0].chargeCents += 1; c.chargeCents += 1; }), ['CHARGES_DIFFER']],
      [changed((c) => { c.chargeCents += 100; }), ['CHARGES_DIFFER']],
      [changed((c) => { c.frequency = '7'; c.payerClaimNumber = 'ICN1'; }), ['FREQUENCY_DIFFERS']],
    ];
    for (const [claim, reasons] of cases) expect(fingerprintDifferences(claimFingerprint(claim), base)).to.deep.equal(reasons);
    // Another recipe's (or an unreadable) fingerprint cannot say what differs: every part.
    expect(fingerprintDifferences(base, 'unreadable')).to.deep.equal([...CONFLICT_REASONS]);
    expect(fingerprintDifferences(base, base.replace('v1:', 'v2:'))).to.deep.equal([...CONFLICT_REASONS]);
  });
});

describe('identity verdicts', () => {
  const fp = claimFingerprint(sampleClaim(1));
  const other = claimFingerprint(changed((c) => { c.subscriber.memberId = 'M2'; c.chargeCents += 5; }));

  it('new when nothing holds the identity, a duplicate when the content is the same, else a conflict with its reasons', () => {
    expect(identityVerdict(fp, undefined)).to.deep.equal({ kind: 'new' });
    expect(identityVerdict(fp, { claimId: 7, fingerprint: fp })).to.deep.equal({ kind: 'duplicate', claimId: 7 });
    expect(identityVerdict(other, { claimId: 7, fingerprint: fp })).to.deep.equal({
      kind: 'conflict', claimId: 7, reasons: ['PATIENT_DIFFERS', 'CHARGES_DIFFER'],
    });
  });

  it('reports a conflict by file id, position, CLM01 and the claim it collides with, and opens a claim-conflict task', () => {
    expect(conflictMessage({ fileId: 12, position: 'CLM at segment 40', controlNumber: 'PCN00001', existingClaimId: 7, reasons: ['PATIENT_DIFFERS'] }))
      .to.equal('file 12, CLM at segment 40: CLM01 PCN00001 is already claim 7 of this billing provider and payer, with other content '
        + '(PATIENT_DIFFERS); not imported, a claim-conflict task is open');
    expect(claimConflictTask({ conflictId: 3, claim: sampleClaim(1), reasons: ['CHARGES_DIFFER'], payerDbId: 5, timelyFilingDays: 90 })).to.deep.equal({
      type: 'claim-conflict', subjectType: 'claim-conflict', subjectId: 3, reasonCodes: ['CHARGES_DIFFER'], amountAtRiskCents: 16550,
      deadline: '2024-06-02', payerId: 5,
    });
  });
});

describe('acknowledged claims by CLM01', () => {
  it('the only claim with the CLM01, else the only submitted one, else none', () => {
    const ids = acknowledgedClaimIds([
      { id: 1, controlNumber: 'A', status: 'accepted' },
      { id: 2, controlNumber: 'B', status: 'ready' }, { id: 3, controlNumber: 'B', status: 'submitted' },
      { id: 4, controlNumber: 'C', status: 'submitted' }, { id: 5, controlNumber: 'C', status: 'submitted' },
      { id: 6, controlNumber: 'D', status: 'accepted' }, { id: 7, controlNumber: 'D', status: 'paid' },
    ]);
    expect([...ids]).to.deep.equal([['A', 1], ['B', 3]]);
  });
});
