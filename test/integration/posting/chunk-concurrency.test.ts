import { expect } from 'chai';
import { useTestEnv } from '../../support/test-env.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { Account, Claim } from '../../../src/db/entities/index.js';
import { receiveEra } from '../../../src/services/intake.service.js';
import { postingTransactions } from '../../../workers/posting.js';
import { eraText } from './era-text.js';
import { seedOffice } from './posting-support.js';

// Claim caches and guarantor balances move by deltas, under row locks taken in id order. Chunks
// of one file that touch the same claims and the same guarantor, posted at the same moment, must
// neither lose a change nor deadlock; an era job run twice must not stage a chunk twice.
describe('staged chunks: posted at the same time, staged twice', () => {
  const env = useTestEnv();
  const options = { carcTable: defaultCarcTable, timezone: 'UTC', chunkClaims: 1 };

  it('both post: each claim ends with the sum of both, the guarantor with all patient responsibility', async function () {
    this.timeout(30000);
    const office = await seedOffice(env.orm.em.fork(), [
      { controlNumber: 'S1', lines: [{ procedure: '99213', chargeCents: 20000 }, { procedure: '93000', chargeCents: 8000 }] },
      { controlNumber: 'S2', lines: [{ procedure: '99214', chargeCents: 30000 }] },
    ]);
    // Four CLPs, one chunk each: S1 and S2 are each paid in two parts (e.g. a second CLP after an
    // adjustment); every chunk moves both the claim and the one guarantor account.
    const text = eraText({ trace: 'TC1', claims: [
      { control: 'S1', lines: [{ procedure: '99213', chargeCents: 20000, cas: [['CO', '45', 5000], ['PR', '2', 1000]] }] },
      { control: 'S2', lines: [{ procedure: '99214', chargeCents: 30000, cas: [['CO', '45', 9000], ['PR', '1', 2000]] }] },
      { control: 'S1', lines: [{ procedure: '93000', chargeCents: 8000, cas: [['PR', '2', 800]] }] },
      { control: 'S2', lines: [{ procedure: '99214', chargeCents: 0 }], cas: [['PR', '3', 500], ['CO', '45', -500]] },
    ] });
    const { fileId } = await env.orm.em.fork().transactional((tx) => receiveEra(tx, { fileName: 'same-claims.835', content: Buffer.from(text) }));
    const staged = await postingTransactions.stageEraFile(env.orm.em.fork(), fileId, options);
    const [remittance] = staged.remittances;
    expect(remittance.chunks).to.have.length(4);
    const results = await Promise.all(remittance.chunks.map(({ from, to }) => postingTransactions.postRemittanceChunk(env.orm.em.fork(), remittance.remittanceId, from, to, options)));
    expect(results.map((r) => r.posted)).to.deep.equal([1, 1, 1, 1]);
    expect((await postingTransactions.finalizeRemittance(env.orm.em.fork(), remittance.remittanceId)).finalized).to.equal(true);

    const em = env.orm.em.fork();
    const s1 = await em.findOneOrFail(Claim, office.claimIds.get('S1')!);
    const s2 = await em.findOneOrFail(Claim, office.claimIds.get('S2')!);
    // S1: paid 140.00 + 72.00, contractual 50.00, PR 10.00 + 8.00; nothing left open.
    expect(s1).to.include({ paidCents: 21200, contractualCents: 5000, patientRespCents: 1800, balanceCents: 0, status: 'paid' });
    // S2: paid 190.00 + 0.00, contractual 90.00 - 5.00, PR 20.00 + 5.00; nothing left open.
    expect(s2).to.include({ paidCents: 19000, contractualCents: 8500, patientRespCents: 2500, balanceCents: 0, status: 'paid' });
    expect((await em.findOneOrFail(Account, office.accountId)).patientBalanceCents).to.equal(1800 + 2500);
    // The caches agree with the ledger.
    const [ledger] = await em.getConnection().execute(
      `select coalesce(sum(amount_cents) filter (where kind = 'payment'), 0)::int as paid,
         coalesce(sum(amount_cents) filter (where kind = 'patient-responsibility'), 0)::int as pr from ledger_entry`);
    expect(ledger).to.deep.equal({ paid: 21200 + 19000, pr: 1800 + 2500 });
  });

  it('staging the same file again (the era job run twice) finds the same chunks and stages nothing new', async function () {
    await seedOffice(env.orm.em.fork(), [{ controlNumber: 'S3', lines: [{ procedure: '99213', chargeCents: 10000 }] }]);
    const text = eraText({ trace: 'TC2', claims: [
      { control: 'S3', lines: [{ procedure: '99213', chargeCents: 10000, cas: [['CO', '45', 2000]] }] },
      { control: 'S3', lines: [{ procedure: '99213', chargeCents: 0 }] },
      { control: 'NOT-OURS', lines: [{ procedure: '99213', chargeCents: 5000 }] },
    ] });
    const { fileId } = await env.orm.em.fork().transactional((tx) => receiveEra(tx, { fileName: 'twice.835', content: Buffer.from(text) }));
    const first = await postingTransactions.stageEraFile(env.orm.em.fork(), fileId, { ...options, chunkClaims: 2 });
    const again = await postingTransactions.stageEraFile(env.orm.em.fork(), fileId, { ...options, chunkClaims: 2 });
    expect(first.status).to.equal('staged');
    expect(again.status).to.equal('already-done');
    expect(again.remittances).to.deep.equal(first.remittances);
    expect(first.remittances[0].chunks).to.deep.equal([{ from: 1, to: 2 }, { from: 3, to: 3 }]);
    const [{ n }] = await env.orm.em.fork().getConnection().execute('select count(*)::int as n from remittance_chunk');
    expect(n).to.equal(2);
  });
});
