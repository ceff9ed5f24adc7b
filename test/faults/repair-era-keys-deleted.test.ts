// Every key under the queue prefix deleted while a 20,000-claim ERA is posting (what a Redis
// restart with nothing on disk, or `rcm install rebind`, does to work in flight): the engine that
// starts next repairs the remittance's posting flow, and the ledger ends exactly as the file says.
import { expect } from 'chai';
import { useTestEnv, waitFor } from '../support/test-env.js';
import { defaultCarcTable } from '../../config/carc-actions.js';
import { planTransactionPosting, readEra, remittanceKeyOf, summarizePosting } from '../../src/domain/remittance/index.js';
import { simulate835 } from '../../src/clearinghouse/simulator-835.js';
import { receiveEra } from '../../src/services/intake.service.js';
import { eraFileSummary } from '../../src/services/posting/posting-queries.service.js';
import { deleteQueueKeys } from '../../src/queues/maintenance.js';
import { Engine } from '../../src/engine.js';
import { engineHandlers } from '../../workers/registry.js';
import { seedBulkOffice } from '../../scripts/bench-posting-data.js';
import { ledgerTotals } from '../integration/posting/posting-support.js';

const CLAIMS = 20000;

describe('every queue key deleted in the middle of a 20,000-claim ERA', () => {
  const env = useTestEnv();

  it('is finished by the repair sweep of the next engine: the ledger equals the file to the cent, each entry once', async function () {
    const office = await seedBulkOffice(env.orm.em.fork(), 'RK', CLAIMS, 500);
    const text = simulate835(office.claims, { seed: 19, denialRate: 0.05, payerIdentifier: office.payerIdentifier, interestCents: 1234 });
    const [transaction] = readEra(text).transactions;
    const planned = planTransactionPosting(transaction, { remittanceKey: remittanceKeyOf(transaction), carcTable: defaultCarcTable });
    const expected = summarizePosting(planned);

    // Sweeps with no grace (the test's clock is seconds), at start only: the next engine's start sweep is the one tested.
    const config = { ...env.config, repair: { intervalMs: 0, graceMs: 0 } };
    const start = () => Engine.start({ config, logger: env.logger, registry: engineHandlers(), api: false, workerQueues: ['posting'] });
    const first = await start();
    let firstStopped = false;
    env.defer(() => (firstStopped ? undefined : first.stop(5000)));

    const { fileId } = await env.orm.em.fork().transactional((em) => receiveEra(em, { fileName: 'large.835', content: Buffer.from(text) }));
    first.relay.kick();
    const postedClaims = async () => {
      const [row] = await env.orm.em.fork().getConnection().execute('select coalesce(sum(posted_claims), 0)::int as n from remittance');
      return row.n as number;
    };
    await waitFor(async () => (await postedClaims()) >= 2000, 120000, 'the first chunks to post');
    await deleteQueueKeys(env.config.redis.url, env.config.queuePrefix);
    const atDelete = await postedClaims();
    expect(atDelete).to.be.lessThan(CLAIMS); // deleted half-way, not after the end

    // The first engine's workers find nothing more to do; running chunks finish in Postgres. It stops.
    await first.stop(10000);
    firstStopped = true;
    const stuck = await postedClaims();
    expect(stuck).to.be.lessThan(CLAIMS);
    expect((await eraFileSummary(env.orm.em.fork(), fileId)).status).to.equal('processing');

    const second = await start();
    env.defer(() => second.stop(5000));
    const summary = await waitFor(async () => {
      const s = await eraFileSummary(env.orm.em.fork(), fileId);
      return s.status === 'posted' ? s : undefined;
    }, 150000, 'the repaired flow to finish the file');
    process.stdout.write(`      (keys deleted after ${atDelete} of ${CLAIMS} claims; ${stuck} posted when the first engine stopped)\n`);

    const repairs = await env.orm.em.fork().getConnection().execute('select kind, subject from repair_event');
    // The remittance once; the rest are jobs of the posted claims' tasks (SLA checks, assignment)
    // that were in Redis when its keys went, sent again from their outbox rows.
    const kinds = repairs.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'remittance')).to.have.length(1);
    expect(kinds.filter((k) => k !== 'remittance' && k !== 'outbox')).to.deep.equal([]);
    const resent = new Set(repairs.filter((r) => r.kind === 'outbox').map((r) => /\(([a-z]+\.[a-z-]+)/.exec(String(r.subject))?.[1]));
    expect([...resent].every((job) => job === 'tasks.sla' || job === 'tasks.assign-batch'), [...resent].join(', ')).to.equal(true);
    expect(summary).to.include({
      claims: CLAIMS, matched: CLAIMS, paidCents: expected.paidCents, contractualCents: expected.contractualCents,
      deniedCents: expected.deniedCents, patientRespCents: expected.patientRespCents, providerAdjustmentCents: -1234,
    });
    const ledger = await ledgerTotals(env);
    expect(ledger.rows).to.equal(planned.length);
    expect(ledger.keys).to.equal(planned.length);
    expect(ledger.sums).to.deep.equal([expected.paidCents, expected.contractualCents, expected.deniedCents, expected.patientRespCents]);
    // The money of the whole remittance, PLB included, equals its BPR02 to the cent.
    const [money] = await env.orm.em.fork().getConnection().execute(
      `select (select sum(amount_cents) filter (where kind in ('payment', 'unapplied'))
                     - coalesce(sum(amount_cents) filter (where kind = 'provider-adjustment'), 0) from ledger_entry)::bigint as net,
              (select payment_cents from remittance)::bigint as bpr`);
    expect(Number(money.net)).to.equal(Number(money.bpr));
    expect(Number(money.bpr)).to.equal(expected.paidCents + 1234);
    const [claimsPosted] = await env.orm.em.fork().getConnection().execute('select count(*)::int as n, count(distinct control_number)::int as d from remittance_claim');
    expect(claimsPosted).to.deep.equal({ n: CLAIMS, d: CLAIMS });
  });
});
