import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { sumCents } from '../../../src/domain/money.js';
import { withCarcOverrides } from '../../../src/domain/remittance/carc.js';
import { readEra } from '../../../src/domain/remittance/era-reader.js';
import {
  addPostingTotals, claimKeyOf, NO_POSTING, planProviderAdjustments, planRemittancePosting, planTransactionPosting, planUnappliedPayment,
  providerAdjustmentKeyOf, summarizePosting,
} from '../../../src/domain/remittance/posting-plan.js';
import {
  remittanceKeyOf, type Adjustment, type RemittanceClaim, type RemittanceTransaction, type ServiceLine,
} from '../../../src/domain/remittance/remittance.js';
import { denialOf } from '../../../src/domain/remittance/posting-follow-up.js';

const text = (name: string) => readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url), 'utf8');
const sample = (name: string): RemittanceTransaction => readEra(text(name)).transactions[0];
const ctxOf = (t: RemittanceTransaction) => ({ remittanceKey: remittanceKeyOf(t), carcTable: defaultCarcTable });

describe('planRemittancePosting', () => {
  it('plans a payment per paid line, the claim-level rest, and one entry per CAS amount', () => {
    const t = sample('lfh-managed-care.835');
    const entries = planRemittancePosting(t.claims[0], ctxOf(t));
    expect(entries.map((e) => [e.idempotencyKey, e.kind, e.amountCents, e.group, e.reason])).to.deep.equal([
      ['1935665544:7170066655:clp1:svc1:paid', 'payment', 50000, undefined, undefined],
      ['1935665544:7170066655:clp1:svc1:cas1.1', 'patient-responsibility', 30000, 'PR', '1'],
      // CLP04 (450) is the line payment (500) less the claim-level CO-A2 (50).
      ['1935665544:7170066655:clp1:paid', 'payment', -5000, undefined, undefined],
      ['1935665544:7170066655:clp1:cas1.1', 'contractual', 5000, 'CO', 'A2'],
    ]);
    expect(sumCents(entries.filter((e) => e.kind === 'payment').map((e) => e.amountCents))).to.equal(t.claims[0].paidCents);
    expect(sumCents(entries.map((e) => e.amountCents))).to.equal(t.claims[0].chargeCents);
    expect(entries[0].line).to.deep.equal({ sequence: 1, lineControlNumber: undefined, procedure: 'HC:99211', modifiers: [], serviceDate: '2002-03-01', claimLineId: undefined });
    expect(entries[2].line).to.equal(undefined);
  });

  it('gives the same keys when the same file is planned twice, and no key twice', () => {
    const keys = () => {
      const t = readEra(text('tastypackets-profee.835')).transactions[0];
      return planTransactionPosting(t, ctxOf(t)).map((e) => e.idempotencyKey);
    };
    const first = keys();
    expect(keys()).to.deep.equal(first);
    // All three claims share CLP01 in this sample; keys still differ because they use positions.
    expect(new Set(first).size).to.equal(first.length);
  });

  it('plans a claim without lines (institutional) as one claim-level payment', () => {
    const t = sample('lfh-medicare-part-a.835');
    const entries = planRemittancePosting(t.claims[1], ctxOf(t));
    expect(entries.map((e) => [e.kind, e.amountCents, e.remarkCodes])).to.deep.equal([
      ['payment', 1_198_033, ['MA02']],
      ['contractual', 301_967, ['MA02']],
    ]);
  });

  it('carries denial recoverability, remark codes and line references', () => {
    const t = sample('tastypackets-profee.835');
    const denial = planRemittancePosting(t.claims[2], ctxOf(t)).find((e) => e.kind === 'denial');
    expect(denial).to.include({ group: 'CO', reason: '251', amountCents: 275, recoverability: 0.8 });
    expect(denial?.remarkCodes).to.deep.equal(['N206']);
    expect(denial?.line).to.include({ procedure: 'HC:V2700', serviceDate: '2010-01-01' });
    expect(denial?.line?.modifiers).to.deep.equal(['RB']);
    const zeroPaid = planRemittancePosting(t.claims[1], ctxOf(t));
    expect(zeroPaid.map((e) => e.kind)).to.deep.equal(['denial', 'denial']); // no zero payments
  });

  it('uses matched claim line ids when the caller provides them', () => {
    const t = sample('lfh-secondary-payment.835');
    const entries = planRemittancePosting(t.claims[1], { ...ctxOf(t), matchedLines: new Map([[2, 'claim-line-42']]) });
    expect(entries.map((e) => [e.kind, e.line?.sequence, e.line?.claimLineId])).to.deep.equal([
      ['payment', 1, undefined], ['other-adjustment', 1, undefined],
      ['payment', 2, 'claim-line-42'], ['patient-responsibility', 2, 'claim-line-42'],
      ['patient-responsibility', 2, 'claim-line-42'], ['contractual', 2, 'claim-line-42'],
    ]);
    expect(entries.filter((e) => e.line?.sequence === 2).every((e) => e.line?.claimLineId === 'claim-line-42')).to.equal(true);
    expect(entries.filter((e) => e.line?.sequence === 1).every((e) => e.line?.claimLineId === undefined)).to.equal(true);
  });

  it('backs out a reversed claim (CLP02 = 22) with negative entries of the same kinds', () => {
    const t = sample('lfh-managed-care.835');
    const claim = structuredClone(t.claims[0]);
    claim.status = '22';
    claim.chargeCents = -claim.chargeCents;
    claim.paidCents = -claim.paidCents;
    for (const a of claim.adjustments) a.amountCents = -a.amountCents;
    for (const line of claim.lines) {
      line.chargeCents = -line.chargeCents;
      line.paidCents = -line.paidCents;
      for (const a of line.adjustments) a.amountCents = -a.amountCents;
    }
    const original = planRemittancePosting(t.claims[0], ctxOf(t));
    const reversal = planRemittancePosting(claim, { ...ctxOf(t), remittanceKey: 'PAYER:REVERSAL-TRACE' });
    expect(reversal.every((e) => e.reversal)).to.equal(true);
    expect(reversal.map((e) => e.kind)).to.deep.equal(['reversal', 'patient-responsibility', 'reversal', 'contractual']);
    expect(reversal.map((e) => e.amountCents)).to.deep.equal(original.map((e) => -e.amountCents));
    expect(summarizePosting([...original, ...reversal])).to.include({ paidCents: 0, contractualCents: 0, patientRespCents: 0 });
  });

  it('follows the CARC table it is given (admin overrides)', () => {
    const t = sample('tastypackets-profee.835');
    const table = withCarcOverrides(defaultCarcTable, { 'CO-29': { action: 'contractual', recoverability: 0, description: 'write off' } });
    const totals = summarizePosting(planTransactionPosting(t, { remittanceKey: 'k', carcTable: table }));
    expect(totals).to.include({ deniedCents: 2275, contractualCents: 3400, claimsWithDenial: 1 });
  });
});

describe('planProviderAdjustments / summarizePosting', () => {
  it('plans PLB amounts as written and nets them out of the payment', () => {
    const t = sample('lfh-medicare-part-a.835');
    const plb = planProviderAdjustments(t.providerAdjustments, remittanceKeyOf(t));
    expect(plb.map((e) => [e.idempotencyKey, e.kind, e.amountCents, e.reason])).to.deep.equal([['1512345678:12345:plb1', 'provider-adjustment', -127, 'CV']]);
    const totals = summarizePosting(planTransactionPosting(t, ctxOf(t)));
    expect(totals).to.deep.equal({
      paidCents: 14_999_873, contractualCents: 7_636_824, deniedCents: 0, patientRespCents: 0, otherAdjustmentCents: 0,
      providerAdjustmentCents: -127, netPaymentCents: 15_000_000, claimsWithDenial: 0,
    });
  });
});

describe('unapplied money, keys and totals summed claim by claim', () => {
  it('holds a claim we do not know as one unapplied entry of CLP04, under the claim\'s key', () => {
    const t = sample('lfh-managed-care.835');
    const key = remittanceKeyOf(t);
    const [entry] = planUnappliedPayment(t.claims[1], key);
    expect(entry).to.include({ idempotencyKey: `${claimKeyOf(key, 2)}:unapplied`, kind: 'unapplied', amountCents: 49500, claimKey: claimKeyOf(key, 2) });
    expect(entry.idempotencyKey).to.equal('1935665544:7170066655:clp2:unapplied');
    expect(planUnappliedPayment({ ...t.claims[1], paidCents: 0 }, key)).to.deep.equal([]);
    // Unapplied money is money the payer paid: it counts in paidCents and nets into BPR02.
    const totals = summarizePosting([...planRemittancePosting(t.claims[0], ctxOf(t)), entry]);
    expect(totals).to.include({ paidCents: 94500, netPaymentCents: 94500 });
  });

  it('keys claims and PLB amounts from the remittance key and their ordinals, in one place', () => {
    const t = sample('lfh-medicare-part-a.835');
    const key = remittanceKeyOf(t);
    expect(planProviderAdjustments(t.providerAdjustments, key).map((e) => e.idempotencyKey)).to.deep.equal([providerAdjustmentKeyOf(key, 1)]);
    expect(planRemittancePosting(t.claims[1], ctxOf(t)).every((e) => e.idempotencyKey.startsWith(`${claimKeyOf(key, 2)}:`))).to.equal(true);
  });

  it('sums to the same totals claim by claim (as staging reads a file) as over the whole plan', () => {
    for (const name of ['tastypackets-profee.835', 'lfh-medicare-part-a.835', 'lfh-managed-care.835']) {
      const t = sample(name);
      const key = remittanceKeyOf(t);
      let totals = summarizePosting(planProviderAdjustments(t.providerAdjustments, key));
      for (const claim of t.claims) totals = addPostingTotals(totals, summarizePosting(planRemittancePosting(claim, ctxOf(t))));
      expect(totals).to.deep.equal(summarizePosting(planTransactionPosting(t, ctxOf(t))));
    }
    expect(addPostingTotals(NO_POSTING, NO_POSTING)).to.deep.equal(NO_POSTING);
  });
});

describe('adjustments the CARC table does not list, negative amounts and reversals', () => {
  const adjustment = (group: Adjustment['group'], reason: string, amountCents: number, casSequence = 1): Adjustment =>
    ({ group, reason, amountCents, casSequence, triplet: 1, position: 20 + casSequence });
  const line = (sequence: number, chargeCents: number, adjustments: Adjustment[]): ServiceLine => ({
    sequence, position: 10 + sequence, procedure: { qualifier: 'HC', code: '99213', modifiers: [] }, chargeCents,
    paidCents: chargeCents - sumCents(adjustments.map((a) => a.amountCents)), adjustments, remarkCodes: [],
  });
  const claimOf = (lines: ServiceLine[], status: RemittanceClaim['status'] = '1'): RemittanceClaim => ({
    sequence: 1, position: 5, controlNumber: 'INV1', status, chargeCents: sumCents(lines.map((l) => l.chargeCents)),
    paidCents: sumCents(lines.map((l) => l.paidCents)), adjustments: [], lines,
  });
  const plan = (claim: RemittanceClaim) => planRemittancePosting(claim, { remittanceKey: 'PAYER:T1', carcTable: defaultCarcTable });
  /** The claim as a CLP02 = 22 reversal sends it: every amount negated. */
  const reversed = (claim: RemittanceClaim): RemittanceClaim => ({
    ...claim, status: '22', chargeCents: -claim.chargeCents, paidCents: -claim.paidCents,
    adjustments: claim.adjustments.map((a) => ({ ...a, amountCents: -a.amountCents })),
    lines: claim.lines.map((l) => ({
      ...l, chargeCents: -l.chargeCents, paidCents: -l.paidCents, adjustments: l.adjustments.map((a) => ({ ...a, amountCents: -a.amountCents })),
    })),
  });
  const categories = (t: ReturnType<typeof summarizePosting>) =>
    [t.paidCents, t.contractualCents, t.deniedCents, t.patientRespCents, t.otherAdjustmentCents];

  it('posts negative CO-137 and CO-161 (the payer adding to a paid line) as negative contractual, never as negative denials', () => {
    const claim = claimOf([line(1, 10000, [adjustment('CO', '45', 3000, 1), adjustment('CO', '137', -500, 2), adjustment('CO', '161', -200, 3)])]);
    const entries = plan(claim);
    expect(entries.map((e) => [e.kind, e.amountCents, e.reason])).to.deep.equal([
      ['payment', 7700, undefined], ['contractual', 3000, '45'], ['contractual', -500, '137'], ['contractual', -200, '161'],
    ]);
    expect(summarizePosting(entries)).to.include({ paidCents: 7700, contractualCents: 2300, deniedCents: 0, claimsWithDenial: 0 });
    expect(denialOf(entries)).to.equal(undefined);
  });

  it('keeps a negative CO-91 out of the denied amount, so a real denial on the claim keeps its whole amount at risk', () => {
    const claim = claimOf([line(1, 5000, [adjustment('CO', '50', 5000)]), line(2, 8000, [adjustment('CO', '91', -300)])]);
    const entries = plan(claim);
    expect(summarizePosting(entries)).to.include({ paidCents: 8300, deniedCents: 5000, contractualCents: -300, claimsWithDenial: 1 });
    expect(denialOf(entries)).to.deep.equal({ reasonCodes: ['CO-50'], amountAtRiskCents: 5000 });
  });

  it('works an unlisted CO code on a line paid nothing as a denial; its reversal lowers the denied amount again', () => {
    const claim = claimOf([line(1, 4000, [adjustment('CO', '999', 4000)]), line(2, 6000, [adjustment('CO', '999', 1000), adjustment('PR', '999', 500, 2)])]);
    const original = plan(claim);
    expect(original.filter((e) => e.group).map((e) => [e.kind, e.amountCents])).to.deep.equal([
      ['denial', 4000], ['contractual', 1000], ['patient-responsibility', 500],
    ]);
    const reversal = plan(reversed(claim));
    expect(reversal.map((e) => e.kind)).to.deep.equal(original.map((e) => (e.kind === 'payment' ? 'reversal' : e.kind)));
    expect(categories(summarizePosting([...original, ...reversal]))).to.deep.equal([0, 0, 0, 0, 0]);
    expect(summarizePosting(reversal).claimsWithDenial).to.equal(0);
  });

  it('adds up to the claims\' charges on every readable sample: paid + contractual + denied + patient + other = sum of CLP03', () => {
    for (const name of ['lfh-managed-care.835', 'lfh-medicare-part-a.835', 'lfh-secondary-payment.835', 'lfh-cob-contractural-adjustment.835', 'tastypackets-profee.835']) {
      for (const t of readEra(text(name)).transactions) {
        const totals = summarizePosting(planTransactionPosting(t, ctxOf(t)));
        const charges = sumCents(t.claims.map((c) => c.chargeCents));
        expect(sumCents(categories(totals)), name).to.equal(charges);
        expect(totals.paidCents - totals.providerAdjustmentCents, name).to.equal(t.payment.creditDebit === 'D' ? -t.payment.amountCents : t.payment.amountCents);
      }
    }
  });
});
