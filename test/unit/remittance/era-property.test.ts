import { expect } from 'chai';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { sumCents } from '../../../src/domain/money.js';
import { readEra, readEraStream } from '../../../src/domain/remittance/era-reader.js';
import { planRemittancePosting, planTransactionPosting, summarizePosting } from '../../../src/domain/remittance/posting-plan.js';
import { remittanceKeyOf } from '../../../src/domain/remittance/remittance.js';
import { X12Error } from '../../../src/domain/x12/x12-error.js';
import {
  adjustmentTotal, claimCharge, claimPaid, genEraFile, renderEra, toText, transactionNet, withAmountChanged,
} from './era-generator.js';

describe('835 reading and posting plans (property-based, generated balanced ERAs)', () => {
  it('reads every generated balanced ERA, and the planned ledger sums equal the file totals', () => {
    fc.assert(fc.property(genEraFile, (file) => {
      const era = readEra(toText(renderEra(file)), { file: 'generated.835' });
      const generated = file.interchanges.flat();
      expect(era.transactions).to.have.length(generated.length);
      era.transactions.forEach((t, i) => {
        const g = generated[i];
        const signedBpr = t.payment.creditDebit === 'D' ? -t.payment.amountCents : t.payment.amountCents;
        expect(signedBpr).to.equal(transactionNet(g));
        const entries = planTransactionPosting(t, { remittanceKey: remittanceKeyOf(t), carcTable: defaultCarcTable });
        const totals = summarizePosting(entries);
        expect(totals.paidCents).to.equal(sumCents(g.claims.map(claimPaid)));
        expect(totals.netPaymentCents).to.equal(signedBpr);
        expect(totals.providerAdjustmentCents).to.equal(sumCents(g.plb.map((p) => p.cents)));
        expect(totals.contractualCents + totals.deniedCents + totals.patientRespCents + totals.otherAdjustmentCents)
          .to.equal(adjustmentTotal(g));
        // The summary's categories add up to the claims' charges.
        expect(totals.paidCents + totals.contractualCents + totals.deniedCents + totals.patientRespCents + totals.otherAdjustmentCents)
          .to.equal(sumCents(t.claims.map((c) => c.chargeCents)));
        // Per claim: payments + adjustments = CLP03, and keys are unique.
        t.claims.forEach((claim, c) => {
          const planned = planRemittancePosting(claim, { remittanceKey: remittanceKeyOf(t), carcTable: defaultCarcTable });
          expect(sumCents(planned.map((e) => e.amountCents))).to.equal(claimCharge(g.claims[c]));
        });
        expect(new Set(entries.map((e) => e.idempotencyKey)).size).to.equal(entries.length);
      });
    }), { numRuns: 150 });
  });

  it('backs out any generated claim with its CLP02 = 22 reversal: every category nets to zero', () => {
    fc.assert(fc.property(genEraFile, (file) => {
      for (const t of readEra(toText(renderEra(file))).transactions) {
        const ctx = { remittanceKey: remittanceKeyOf(t), carcTable: defaultCarcTable };
        for (const claim of t.claims) {
          const negate = <T extends { amountCents: number }>(a: T): T => ({ ...a, amountCents: -a.amountCents });
          const reversal = {
            ...claim, status: '22' as const, chargeCents: -claim.chargeCents, paidCents: -claim.paidCents, adjustments: claim.adjustments.map(negate),
            lines: claim.lines.map((l) => ({ ...l, chargeCents: -l.chargeCents, paidCents: -l.paidCents, adjustments: l.adjustments.map(negate) })),
          };
          const net = summarizePosting([...planRemittancePosting(claim, ctx), ...planRemittancePosting(reversal, ctx)]);
          expect([net.paidCents, net.contractualCents, net.deniedCents, net.patientRespCents, net.otherAdjustmentCents]).to.deep.equal([0, 0, 0, 0, 0]);
        }
      }
    }), { numRuns: 100 });
  });

  it('rejects the file when any one balancing amount is changed by one cent, naming the right rule', () => {
    const withSlot = genEraFile.chain((file) => {
      const rendered = renderEra(file);
      return fc.record({
        rendered: fc.constant(rendered),
        slot: fc.constantFrom(...rendered.amounts),
        delta: fc.constantFrom(1, -1),
      });
    });
    fc.assert(fc.property(withSlot, ({ rendered, slot, delta }) => {
      const text = toText(withAmountChanged(rendered, slot, delta));
      let caught: unknown;
      try { readEra(text); } catch (error) { caught = error; }
      expect(caught, `changed ${rendered.segments[slot.segment][0]}${slot.element}`).to.be.instanceOf(X12Error);
      expect((caught as X12Error).rule).to.equal(slot.role);
    }), { numRuns: 200 });
  });

  it('streams the same claims as the in-memory reader, whatever the chunk sizes', async () => {
    await fc.assert(fc.asyncProperty(genEraFile, fc.integer({ min: 1, max: 300 }), async (file, chunkSize) => {
      const text = toText(renderEra(file));
      const whole = readEra(text);
      const chunks: Buffer[] = [];
      const bytes = Buffer.from(text, 'utf8');
      for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
      const streamedClaims: unknown[] = [];
      const result = await readEraStream(Readable.from(chunks), { onClaim: (claim) => { streamedClaims.push(claim); } });
      expect(streamedClaims).to.deep.equal(whole.transactions.flatMap((t) => t.claims));
      expect(result.transactions.map((t) => [t.controlNumber, t.claimCount, t.claimPaidCents, t.providerAdjustments]))
        .to.deep.equal(whole.transactions.map((t) => [t.controlNumber, t.claims.length, sumCents(t.claims.map((c) => c.paidCents)), t.providerAdjustments]));
    }), { numRuns: 60 });
  });
});
