import { expect } from 'chai';
import fc from 'fast-check';
import { useTestEnv } from '../../support/test-env.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { planTransactionPosting, readEra, remittanceKeyOf, summarizePosting } from '../../../src/domain/remittance/index.js';
import { receiveEra } from '../../../src/services/intake.service.js';
import { postingTransactions } from '../../../workers/posting.js';
import { eraFileSummary } from '../../../src/services/posting/posting-queries.service.js';
import { genEraFile, renderEra, toText, withAmountChanged } from '../../unit/remittance/era-generator.js';
import { seedOffice } from './posting-support.js';

const options = { carcTable: defaultCarcTable, timezone: 'UTC', chunkClaims: 2 };

describe('posting generated ERAs through the database (property-based)', () => {
  const env = useTestEnv();
  const em = () => env.orm.em.fork();
  let round = 0;

  /** Runs the era, chunk and finalize work directly (no queue), small chunks so ranges matter. */
  async function post(text: string) {
    round += 1;
    const { fileId } = await em().transactional((tx) => receiveEra(tx, { fileName: `gen-${round}.835`, content: Buffer.from(text) }));
    try {
      const staged = await postingTransactions.stageEraFile(em(), fileId, options);
      for (const r of staged.remittances.filter((x) => x.status === 'staged')) {
        for (const { from, to } of r.chunks) await postingTransactions.postRemittanceChunk(em(), r.remittanceId, from, to, options);
        await postingTransactions.finalizeRemittance(em(), r.remittanceId);
      }
    } catch (error) {
      if ((error as Error).name !== 'BadInputError') throw error;
    }
    return eraFileSummary(em(), fileId);
  }

  async function reset() {
    await em().getConnection().execute(
      'truncate ledger_entry, remittance_claim, remittance_chunk, remittance, task_event, task, audit_event, outbox, claim_line, claim cascade');
  }

  it('posts any generated balanced ERA with ledger sums equal to the file totals', async function () {
    this.timeout(120000);
    const office = await seedOffice(em(), []);
    await fc.assert(fc.asyncProperty(genEraFile, async (file) => {
      await reset();
      const text = toText(renderEra(file));
      const transactions = readEra(text).transactions;
      // Every generated claim exists, so every amount lands on a claim (none held as unapplied).
      const controls = [...new Set(transactions.flatMap((t) => t.claims.map((c) => c.controlNumber)))];
      await em().getConnection().execute(
        `insert into claim (control_number, payer_id, provider_id, patient_id, status, place_of_service, service_date, diagnoses,
           charge_cents, balance_cents, created_at, updated_at)
         select c, ?, (select min(id) from provider), (select min(id) from patient), 'accepted', '11', '2024-01-02', '[]', 0, 0, now(), now()
         from json_array_elements_text(?::json) as c`, [office.payerId, JSON.stringify(controls)]);
      const summary = await post(text);
      expect(summary.status).to.equal('posted');
      const planned = summarizePosting(transactions.flatMap((t) => planTransactionPosting(t, { remittanceKey: remittanceKeyOf(t), carcTable: defaultCarcTable })));
      const [ledger] = await em().getConnection().execute(
        `select coalesce(sum(amount_cents) filter (where kind = 'payment'), 0)::bigint as paid,
           coalesce(sum(amount_cents) filter (where kind = 'contractual'), 0)::bigint as contractual,
           coalesce(sum(amount_cents) filter (where kind = 'denial'), 0)::bigint as denied,
           coalesce(sum(amount_cents) filter (where kind = 'patient-responsibility'), 0)::bigint as patient,
           coalesce(sum(amount_cents) filter (where kind = 'other-adjustment'), 0)::bigint as other,
           coalesce(sum(amount_cents) filter (where kind = 'provider-adjustment'), 0)::bigint as plb,
           count(*) filter (where kind = 'unapplied')::int as unapplied from ledger_entry`);
      expect([ledger.paid, ledger.contractual, ledger.denied, ledger.patient, ledger.other, ledger.plb].map(Number)).to.deep.equal(
        [planned.paidCents, planned.contractualCents, planned.deniedCents, planned.patientRespCents, planned.otherAdjustmentCents,
          planned.providerAdjustmentCents]);
      expect(ledger.unapplied).to.equal(0);
      expect(summary.paymentCents).to.equal(planned.netPaymentCents);
      // The summary is what the ledger holds, and its categories add up to the claims' charges.
      expect([summary.paidCents, summary.contractualCents, summary.deniedCents, summary.patientRespCents, summary.otherAdjustmentCents,
        summary.providerAdjustmentCents]).to.deep.equal([ledger.paid, ledger.contractual, ledger.denied, ledger.patient, ledger.other, ledger.plb].map(Number));
      expect(summary.paidCents + summary.contractualCents + summary.deniedCents + summary.patientRespCents + summary.otherAdjustmentCents)
        .to.equal(transactions.reduce((sum, t) => sum + t.claims.reduce((s, c) => s + c.chargeCents, 0), 0));
      expect(summary.transactions.map((t) => t.status)).to.deep.equal(transactions.map(() => 'posted'));
      const [caches] = await em().getConnection().execute('select coalesce(sum(paid_cents), 0)::bigint as paid from claim');
      expect(Number(caches.paid)).to.equal(planned.paidCents);
      // Each claim's caches (moved by deltas, chunk by chunk) equal its ledger entries summed.
      const drifted = await em().getConnection().execute(
        `select c.control_number from claim c left join (
           select claim_id, coalesce(sum(amount_cents) filter (where kind = 'payment'), 0) as paid,
             coalesce(sum(amount_cents) filter (where kind = 'contractual'), 0) as contractual,
             coalesce(sum(amount_cents) filter (where kind = 'denial'), 0) as denied,
             coalesce(sum(amount_cents) filter (where kind = 'patient-responsibility'), 0) as patient,
             coalesce(sum(amount_cents) filter (where kind in ('other-adjustment', 'write-off')), 0) as other
           from ledger_entry group by claim_id) s on s.claim_id = c.id
         where c.paid_cents <> coalesce(s.paid, 0) or c.contractual_cents <> coalesce(s.contractual, 0)
           or c.denied_cents <> coalesce(s.denied, 0) or c.patient_resp_cents <> coalesce(s.patient, 0)
           or c.balance_cents <> c.charge_cents - coalesce(s.paid + s.contractual + s.patient + s.other, 0)`);
      expect(drifted).to.deep.equal([]);
    }), { numRuns: 25 });
  });

  it('rejects any one-cent change whole: quarantined, nothing posted', async function () {
    this.timeout(120000);
    const withSlot = genEraFile.chain((file) => {
      const rendered = renderEra(file);
      return fc.record({ rendered: fc.constant(rendered), slot: fc.constantFrom(...rendered.amounts), delta: fc.constantFrom(1, -1) });
    });
    await fc.assert(fc.asyncProperty(withSlot, async ({ rendered, slot, delta }) => {
      await reset();
      const summary = await post(toText(withAmountChanged(rendered, slot, delta)));
      expect(summary.status).to.equal('rejected');
      expect(summary.error).to.include(`[rule ${slot.role}]`);
      const [counts] = await em().getConnection().execute(
        'select (select count(*) from ledger_entry)::int as ledger, (select count(*) from remittance)::int as remittances');
      expect(counts).to.deep.equal({ ledger: 0, remittances: 0 });
    }), { numRuns: 25 });
  });
});
