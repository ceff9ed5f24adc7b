import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { useTestEnv } from '../../support/test-env.js';
import { defaultCarcTable } from '../../../config/carc-actions.js';
import { receiveEra } from '../../../src/services/intake.service.js';
import { getClaim } from '../../../src/services/claims/claim-queries.service.js';
import { postingTransactions } from '../../../workers/posting.js';
import { eraText } from './era-text.js';
import { importAndWait, seedOffice, startPosting } from './posting-support.js';

const sample = (name: string) => readFileSync(new URL(`../../fixtures/x12/${name}`, import.meta.url), 'utf8');

// Posting moves claims by their money (paid, partially paid, denied); each move is a row of the
// claim's history, written with the chunk's ledger entries, so a chunk posted once leaves one row
// per change whatever happens to its job.
describe('claim history from posting', () => {
  const env = useTestEnv();
  const options = { carcTable: defaultCarcTable, timezone: 'UTC', chunkClaims: 1 };

  // The seeded claims start `accepted` with no history: every row here is posting's.
  async function events() {
    return env.orm.em.fork().getConnection().execute(
      `select c.control_number as claim, e.from_status as "from", e.to_status as "to", e.detail
       from claim_event e join claim c on c.id = e.claim_id order by e.id`);
  }

  it('writes one event per status a chunk changed (from, to, remittance, reason), and none again when chunks run twice', async function () {
    this.timeout(30000);
    await seedOffice(env.orm.em.fork(), [
      { controlNumber: 'PAID', lines: [{ procedure: '99213', chargeCents: 10000 }] },
      { controlNumber: 'PART', lines: [{ procedure: '99214', chargeCents: 12000 }, { procedure: '93000', chargeCents: 5000 }] },
      { controlNumber: 'DENY', lines: [{ procedure: '99213', chargeCents: 8000 }] },
      { controlNumber: 'TWICE', lines: [{ procedure: '99215', chargeCents: 20000 }, { procedure: '93000', chargeCents: 8000 }] },
    ]);
    // One CLP per chunk. TWICE is paid in two parts (partially paid, then paid), then moved by a
    // zero-sum adjustment that leaves it paid: two events for it, not three. NOT-OURS has no claim.
    const text = eraText({ trace: 'TEV1', claims: [
      { control: 'PAID', lines: [{ procedure: '99213', chargeCents: 10000, cas: [['CO', '45', 2000]] }] },
      { control: 'PART', lines: [
        { procedure: '99214', chargeCents: 12000, cas: [['CO', '45', 2000]] },
        { procedure: '93000', chargeCents: 5000, cas: [['CO', '16', 5000]] },
      ] },
      { control: 'DENY', lines: [{ procedure: '99213', chargeCents: 8000, cas: [['CO', '97', 8000]] }] },
      { control: 'TWICE', lines: [{ procedure: '99215', chargeCents: 20000, cas: [['CO', '45', 5000]] }] },
      { control: 'NOT-OURS', lines: [{ procedure: '99213', chargeCents: 5000 }] },
      { control: 'TWICE', lines: [{ procedure: '93000', chargeCents: 8000 }] },
      { control: 'TWICE', lines: [{ procedure: '93000', chargeCents: 0 }], cas: [['PR', '3', 500], ['CO', '45', -500]] },
    ] });
    const { fileId } = await env.orm.em.fork().transactional((tx) => receiveEra(tx, { fileName: 'events.835', content: Buffer.from(text) }));
    const [remittance] = (await postingTransactions.stageEraFile(env.orm.em.fork(), fileId, options)).remittances;
    expect(remittance.chunks).to.have.length(7);

    // Each chunk delivered twice at once (a stalled job taken over while the first run still
    // works): one run posts, the other waits on the chunk's lock and finds it posted.
    const post = (chunk: { from: number; to: number }) =>
      postingTransactions.postRemittanceChunk(env.orm.em.fork(), remittance.remittanceId, chunk.from, chunk.to, options);
    for (const chunk of remittance.chunks) {
      const runs = await Promise.all([post(chunk), post(chunk)]);
      expect(runs.map((r) => r.posted).sort()).to.deep.equal([0, 1]);
    }
    expect((await postingTransactions.finalizeRemittance(env.orm.em.fork(), remittance.remittanceId)).finalized).to.equal(true);

    const detail = (reason: string) => ({ remittanceId: remittance.remittanceId, reason });
    const expected = [
      { claim: 'PAID', from: 'accepted', to: 'paid', detail: detail('paid') },
      { claim: 'PART', from: 'accepted', to: 'partially-paid', detail: detail('partially paid') },
      { claim: 'DENY', from: 'accepted', to: 'denied', detail: detail('denied') },
      { claim: 'TWICE', from: 'accepted', to: 'partially-paid', detail: detail('partially paid') },
      { claim: 'TWICE', from: 'partially-paid', to: 'paid', detail: detail('paid') },
    ];
    expect(await events()).to.deep.equal(expected);

    // Every chunk redelivered after the fact (a job retried after its commit): nothing more.
    for (const chunk of remittance.chunks) expect((await post(chunk)).posted).to.equal(0);
    expect(await events()).to.deep.equal(expected);
  });

  it('shows the posting worker\'s moves in the claim\'s timeline (rcm claims get)', async function () {
    this.timeout(30000);
    await seedOffice(env.orm.em.fork(), [
      { controlNumber: '5554555444', serviceDate: '2002-03-01', lines: [{ procedure: '99211', chargeCents: 80000, serviceDate: '2002-03-01' }] },
      { controlNumber: '8765432112', serviceDate: '2002-03-10', lines: [{ procedure: '93555', chargeCents: 120000, serviceDate: '2002-03-10' }] },
    ], '1935665544', '5544667733'); // the sample's payer and payee (N1*PE): claims match by payee + payer + CLP01
    const summary = await importAndWait(env, startPosting(env), 'managed-care.835', sample('lfh-managed-care.835'));
    expect(summary.status).to.equal('posted');
    const [{ id: remittanceId }] = await env.orm.em.fork().getConnection().execute('select id from remittance');
    for (const controlNumber of ['5554555444', '8765432112']) {
      const claim = (await getClaim(env.orm.em.fork(), controlNumber))!;
      expect(claim.status).to.equal('paid');
      expect(claim.events.map(({ from, to, detail }) => ({ from, to, detail }))).to.deep.equal([
        { from: 'accepted', to: 'paid', detail: { remittanceId, reason: 'paid' } },
      ]);
    }
  });
});
