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
import { remittanceKeyOf, type RemittanceTransaction } from '../../../src/domain/remittance/remittance.js';

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
